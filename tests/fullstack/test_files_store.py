#!/usr/bin/python3
"""Full stack, cordgate's own file store (issue #24: "served by cordgate itself from a directory
under a configured base URL"): no XEP-0363 service is used; [files] store_dir (the Discord
adapter writes there) and store_base_url (the XMPP adapter names the links) point at one
directory, served by `cordgate serve-files`. romeo@localhost registers with alice's token; bob
shares a DM with alice.

- bob's attachment reaches romeo as an XEP-0066 URL under the store's base URL, and that URL
  serves the same bytes after Discord's URL has expired;
- the server serves nothing but stored files: no listing, no path outside the directory, no
  half-written part file, no method but GET and HEAD; a page is a download, not a page;
- a file larger than the store's quota stays Discord's link, with a note, and is not kept.
"""
import hashlib
import os
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

from stack import Stack, wait_until
from test_files import emulator_bytes, oob


def fetch(url, method="GET"):
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), b""


class FilesStore(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        build = os.environ.get("CORDGATE_BUILD_DIR", os.path.join(os.path.dirname(__file__), "../../build"))
        cls.tmp = tempfile.mkdtemp(prefix="cordgate-store-test-")
        cls.store = os.path.join(cls.tmp, "store")
        os.makedirs(cls.store)
        out = os.path.join(cls.tmp, "serve.out")
        with open(out, "wb") as o, open(os.path.join(cls.tmp, "serve.log"), "wb") as e:
            cls.server = subprocess.Popen(
                [os.path.join(build, "runtime/cordgate"), "serve-files", "--dir", cls.store,
                 "--listen", "127.0.0.1:0", "--prefix", "/files"],
                stdout=o, stderr=e, stdin=subprocess.DEVNULL)

        def port():
            with open(out) as f:
                text = f.read()
            return int(text.split()[1]) if text.startswith("LISTENING ") else None
        cls.base = f"http://127.0.0.1:{wait_until(port, 10, 'serve-files LISTENING')}/files"
        cls.stack = Stack(
            record="63_files_in_cordgates_own_store",
            note="bob sends romeo (alice's account) files; [files] store_dir and store_base_url "
                 "make cordgate its own upload service: the slot is answered by the XMPP adapter, "
                 "the file written by the Discord adapter; one file over the store's 1 MiB quota "
                 "keeps Discord's URL",
            files_settings={"store_dir": f'"{cls.store}"', "store_base_url": f'"{cls.base}"',
                            "store_quota_mib": "1"}).__enter__()
        s = cls.stack
        cls.c = s.client("romeo")
        cls.c.register(token=s.token("alice"))
        cls.channel = s.dm_channel("alice", "bob")
        cls.bob = s.uid("bob")
        s.emulator.inject_message(cls.channel, cls.bob, "warming up")
        cls.c.wait_message(lambda m: m.body == "warming up", timeout=20)

    @classmethod
    def tearDownClass(cls):
        cls.stack.__exit__(None, None, None)
        cls.server.terminate()
        cls.server.wait(10)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def bob_sends(self, text, filename, size):
        s, c = self.stack, self.c
        since = c.mark()
        sent = s.emulator.inject_message(self.channel, self.bob, text,
                                         attachments=[{"filename": filename, "size": size}])
        c.wait_message(lambda m: m.body == text, since=since, timeout=20)
        f = c.wait_message(lambda m: oob(m) is not None, since=since, timeout=30)
        return sent["attachments"][0], f

    def test_a_file_is_served_from_the_store_after_discords_url_expired(self):
        s = self.stack
        size = 300_000
        att, f = self.bob_sends("a photo", "photo.png", size)
        url = oob(f)
        self.assertTrue(url.startswith(self.base + "/"), url)
        name = url[len(self.base) + 1:]
        self.assertRegex(name, r"^[0-9a-f]{32}/photo\.png$")
        expected = emulator_bytes(att["id"], size)
        self.assertEqual(open(os.path.join(self.store, name), "rb").read(), expected)
        s.emulator.control("cdn", advance_s=1_300_000)
        self.assertEqual(s.emulator.cdn_get(att["url"])[0], 404)
        status, headers, body = fetch(url)
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "image/png")
        self.assertEqual(hashlib.sha256(body).hexdigest(), hashlib.sha256(expected).hexdigest())
        status, headers, body = fetch(url, "HEAD")
        self.assertEqual((status, headers["Content-Length"], body), (200, str(size), b""))

    def test_the_server_serves_stored_files_and_nothing_else(self):
        _, f = self.bob_sends("a page", "page.html", 1000)
        url = oob(f)
        status, headers, _ = fetch(url)
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/octet-stream")
        self.assertEqual(headers["Content-Disposition"], "attachment")
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        token = url[len(self.base) + 1:].split("/")[0]
        with open(os.path.join(self.store, token, ".half.png.part"), "wb") as part:
            part.write(b"half")
        for path in ["", "/", f"/{token}", f"/{token}/", f"/{token}/.half.png.part",
                     f"/{token}/../../serve.log", f"/{token}/%2e%2e/x", "/../serve.log"]:
            self.assertEqual(fetch(self.base + path)[0], 404, path)
        self.assertEqual(fetch(url, "POST")[0], 405)
        self.assertEqual(fetch(url, "DELETE")[0], 405)
        self.assertTrue(os.path.exists(os.path.join(self.store, url[len(self.base) + 1:])))

    def test_a_file_over_the_quota_keeps_discords_url_with_a_note(self):
        att, f = self.bob_sends("too big", "big.bin", 2 * 1024 * 1024)
        self.assertEqual(oob(f), att["url"])
        self.assertIn("quota", f.body)
        time.sleep(0.5)
        for _, _, files in os.walk(self.store):
            self.assertNotIn("big.bin", files)
            self.assertFalse([x for x in files if x.endswith(".part") and "big" in x])


if __name__ == "__main__":
    unittest.main(verbosity=2)
