#!/usr/bin/env python3
"""check_config_cli: `cordgate check-config` on the example config (exit 0, one "ok" line), on a
file with several problems (exit 1, every problem with its line and column), and the daemons
refusing to start on the same problems.

    check_config_cli.py CORDGATE_BINARY EXAMPLE_TOML [-v]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

CORDGATE = sys.argv.pop(1)
EXAMPLE = sys.argv.pop(1)
BIN_DIR = os.path.dirname(CORDGATE)


def run(*args, user=None):
    cmd = list(args)
    if user:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=30)


class CheckConfig(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="cordgate-check-config-")
        self.state = os.path.join(self.dir, "state")
        os.mkdir(self.state)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def example(self):
        """The packaged example with its state and bus moved into this test's folder."""
        with open(EXAMPLE) as f:
            text = f.read()
        return (text.replace("/var/lib/cordgate", self.state)
                .replace("/run/cordgate", os.path.join(self.dir, "run")))

    def test_the_example_is_ok(self):
        path = self.write("cordgate.toml", self.example())
        r = run(CORDGATE, "check-config", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), 1, r.stdout)
        self.assertTrue(lines[0].startswith(path + ": ok for core, xmpp and discord: "), lines[0])
        self.assertIn("component discord.example.org at 127.0.0.1:5347", lines[0])
        self.assertIn("log level info", lines[0])

    def test_every_problem_at_once(self):
        text = self.example()
        text = text.replace('level = "info"', 'level = "verbose"')
        text = text.replace("port = 5347", "prot = 5347")
        text = text.replace(f'key_file = "{self.state}/discord.key"',
                            'key_file = "/nonexistent/discord.key"')
        text = text.replace('api_base = "https://', 'api_base = "http://')
        path = self.write("bad.toml", text)
        r = run(CORDGATE, "check-config", path)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "")
        lines = r.stderr.splitlines()
        line_of = {k: i + 1 for i, l in enumerate(text.splitlines())
                   for k in ("prot", "level", "key_file", "api_base") if l.startswith(k + " ")}
        expected = [
            rf"{re.escape(path)}:{line_of['prot']}:1: xmpp.prot: unknown key; did you mean xmpp.port\?",
            rf"{re.escape(path)}:{line_of['api_base']}:12: discord.api_base: 'http://discord.com/api/v9' "
            r"is plain text to a host that is not loopback: use https/wss",
            rf"{re.escape(path)}:{line_of['key_file']}:12: discord.key_file: no such file, and no "
            r"folder /nonexistent to create it in",
            rf"{re.escape(path)}:{line_of['level']}:9: log.level: 'verbose' is not one of trace, "
            r"debug, info, warn, error, critical, off",
            rf"{re.escape(path)}: 4 problems",
        ]
        self.assertEqual(len(lines), len(expected), r.stderr)
        for line, pattern in zip(lines, expected):
            self.assertRegex(line, "^" + pattern + "$")

    def test_only_the_keys_of_the_named_processes_are_required(self):
        path = self.write("core.toml", f'[core]\ndata_dir = "{self.state}/log"\n')
        self.assertEqual(run(CORDGATE, "check-config", path, "--for", "core").returncode, 0)
        r = run(CORDGATE, "check-config", path)
        self.assertEqual(r.returncode, 1)
        self.assertIn("xmpp.component_jid: missing", r.stderr)

    def test_not_toml(self):
        path = self.write("broken.toml", "[xmpp\nport = 1\n")
        r = run(CORDGATE, "check-config", path)
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr.splitlines()[0], rf"^{re.escape(path)}:1:\d+: not valid TOML: ")

    def test_the_daemons_refuse_the_same_problems(self):
        text = self.example().replace('level = "info"', 'level = "verbose"')
        path = self.write("bad.toml", text)
        for daemon, binary in (("core", os.path.join(BIN_DIR, "cordgate-core")),
                               ("xmpp", os.path.join(BIN_DIR, "..", "adapters", "xmpp", "cordgate-xmpp")),
                               ("discord", os.path.join(BIN_DIR, "..", "adapters", "discord",
                                                        "cordgate-discord"))):
            r = run(binary, "--config", path)
            self.assertEqual(r.returncode, 1, daemon)
            self.assertRegex(r.stderr, rf"refusing to start: {re.escape(path)}:\d+:9: log\.level: "
                                       r"'verbose' is not one of", daemon)

    @unittest.skipUnless(os.geteuid() == 0 and shutil.which("setpriv"),
                         "needs root to run the check as another user")
    def test_a_folder_the_user_cannot_write(self):
        # As the unit's ExecStartPre runs it: as the service's user, who may not own the state.
        os.chmod(self.dir, 0o755)
        os.chmod(self.state, 0o755)  # root's, not writable by nobody
        path = self.write("cordgate.toml", self.example())
        os.chmod(path, 0o644)
        tool = CORDGATE
        if run("test", "-x", tool, user=65534).returncode != 0:
            tool = shutil.copy(CORDGATE, os.path.join(self.dir, "cordgate"))  # a private build tree
        r = run(tool, "check-config", path, user=65534)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn(f"core.data_dir: cannot write in {self.state}: Permission denied", r.stderr)
        self.assertIn(f"discord.key_file: no such file, and cannot create it in {self.state}: "
                      "Permission denied", r.stderr)


if __name__ == "__main__":
    unittest.main()
