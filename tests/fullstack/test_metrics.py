#!/usr/bin/python3
"""Full stack, Prometheus metrics (issue #26): every process serves /metrics on the loopback
address its section of cordgate.toml names, and the counters move with the traffic.
romeo@localhost registers with alice's Discord token (seeds/basic.json); bob writes to her.

- test_counters_follow_the_messages: N messages from bob's Discord DM reach romeo and M from
  romeo reach Discord. Between a scrape before and one after (once every effect is acknowledged),
  exactly N more chat messages left the XMPP adapter for romeo, exactly M came in, exactly M
  `POST /channels/:channel/messages` were answered 200 (no 429 or retry: the emulator sets no
  limits and the adapter paces itself below Discord's), and the core appended at least N + M
  events and made and sent at least N effects for XMPP and M for Discord (at least: the same
  messages also bring receipts, markers and Discord's echo of romeo's own messages, each an event
  and maybe an effect), every one of them acknowledged. Histograms and gauges are present and
  consistent; no label carries a JID, a Discord id or a token. Anything but GET /metrics is 404.
- test_check_config_refuses_other_addresses: `cordgate check-config` names the file, line, key
  and reason for an address that is not loopback or a port that is not a number, and the daemon
  refuses to start on it.
"""
import os
import re
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

from stack import Stack, wait_until

N_D2X = 12
# XMPP -> Discord at most 5 per 5 s in one channel (the adapter paces ahead); 5 go at once.
N_X2D = 5

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse(text):
    """{(name, ((label, value), ...)): float} of a text-format page; fails on a malformed line
    and on a sample whose family has no # HELP and # TYPE before it."""
    samples, typed, helped = {}, {}, set()
    for line in text.splitlines():
        if line.startswith("# HELP "):
            helped.add(line.split(" ")[2])
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            typed[name] = kind
            continue
        m = LINE.match(line)
        assert m, f"not a sample line: {line!r}"
        name, labels = m.group(1), tuple(LABEL.findall(m.group(3) or ""))
        family = re.sub(r"_(bucket|sum|count)$", "", name) if name not in typed else name
        assert family in typed and family in helped, f"{name}: no # HELP/# TYPE before it"
        if typed[family] == "counter":
            assert name.endswith("_total"), name
        samples[(name, labels)] = float(m.group(4))
    return samples


def scrape(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        assert r.status == 200
        assert r.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
        return parse(r.read().decode())


def value(samples, name, missing=None, **labels):
    want = tuple(sorted(labels.items()))
    for (n, ls), v in samples.items():
        if n == name and tuple(sorted(ls)) == want:
            return v
    if missing is not None:
        return missing
    raise KeyError(f"{name}{labels} not in the page")


def delta(before, after, name, **labels):
    # A series with labels seen at run time (a REST route and status) appears at its first use.
    return value(after, name, **labels) - value(before, name, missing=0, **labels)


class Metrics(unittest.TestCase):
    def test_counters_follow_the_messages(self):
        ports = {p: free_port() for p in ("core", "xmpp", "discord")}
        setting = {p: {"metrics_address": f'"127.0.0.1:{port}"'} for p, port in ports.items()}
        with Stack(log_level="info", core_settings=setting["core"],
                   xmpp_settings=setting["xmpp"], discord_settings=setting["discord"]) as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            s.emulator.wait_session(s.uid("alice"))
            channel = s.dm_channel("alice", "bob")
            # Settled: the login's effects acknowledged, the session ready at the adapter (its
            # heartbeat sets the gauge once a second).
            def settled():
                page = {p: scrape(port) for p, port in ports.items()}
                core = page["core"]
                quiet = all(value(core, "cordgate_core_effects_unacked", target=t) == 0
                            for t in ("xmpp", "discord"))
                ready = value(page["discord"], "cordgate_discord_sessions", state="ready") == 1
                return page if quiet and ready else None
            before = wait_until(settled, 20, "the login's effects acknowledged")
            time.sleep(1)
            before = wait_until(settled, 20, "still settled")

            for i in range(N_D2X):
                s.emulator.inject_message(channel, s.uid("bob"), f"metrics d2x {i}")
            c.wait_for(lambda: sum(1 for m in c.messages if m.body and
                                   m.body.startswith("metrics d2x ")) == N_D2X,
                       20, "every Discord message at romeo")
            for i in range(N_X2D):
                c.send(s.puppet("bob"), f"metrics x2d {i}")
            for i in range(N_X2D):
                s.emulator.wait_message(channel, lambda m, i=i: m["content"] == f"metrics x2d {i}",
                                        timeout=20)
            time.sleep(1)  # receipts, markers and echoes that follow the messages
            after = wait_until(settled, 20, "every effect acknowledged")

            core0, core1 = before["core"], after["core"]
            x0, x1 = before["xmpp"], after["xmpp"]
            d0, d1 = before["discord"], after["discord"]

            # XMPP adapter: the chat messages each way, exactly.
            self.assertEqual(delta(x0, x1, "cordgate_xmpp_stanzas_in_total", kind="message"),
                             N_X2D)
            self.assertEqual(delta(x0, x1, "cordgate_xmpp_stanzas_out_total", kind="message"),
                             N_D2X)
            self.assertGreaterEqual(delta(x0, x1, "cordgate_xmpp_events_published_total"), N_X2D)
            self.assertGreaterEqual(delta(x0, x1, "cordgate_xmpp_effects_done_total"), N_D2X)
            self.assertEqual(value(x1, "cordgate_xmpp_component_up"), 1)
            self.assertEqual(value(x1, "cordgate_xmpp_component_connects_total"), 1)

            # Discord adapter: one POST per message, answered 200, no 429.
            route = "POST /channels/:channel/messages"
            self.assertEqual(delta(d0, d1, "cordgate_discord_rest_requests_total", route=route,
                                   status="200"), N_X2D)
            self.assertEqual(delta(d0, d1, "cordgate_discord_rest_rate_limited_total"), 0)
            self.assertGreaterEqual(delta(d0, d1, "cordgate_discord_events_published_total"),
                                    N_D2X)
            self.assertGreaterEqual(delta(d0, d1, "cordgate_discord_effects_underway_total"),
                                    N_X2D)
            self.assertEqual(delta(d0, d1, "cordgate_discord_effects_underway_total"),
                             delta(d0, d1, "cordgate_discord_effects_completed_total"))
            self.assertEqual(value(d1, "cordgate_discord_gateway_total", step="connect"), 1)
            self.assertEqual(value(d1, "cordgate_discord_gateway_total", step="identify"), 1)
            self.assertEqual(value(d1, "cordgate_discord_gateway_total", step="reconnect"), 0)

            # Core: the events and effects of both directions, every effect acknowledged.
            self.assertGreaterEqual(delta(core0, core1, "cordgate_core_events_appended_total"),
                                    N_D2X + N_X2D)
            for target, n in (("xmpp", N_D2X), ("discord", N_X2D)):
                made = delta(core0, core1, "cordgate_core_effects_made_total", target=target)
                self.assertGreaterEqual(made, n, target)
                self.assertEqual(delta(core0, core1, "cordgate_core_effects_sent_total",
                                       target=target), made, target)
                self.assertEqual(delta(core0, core1, "cordgate_core_effects_acked_total",
                                       target=target), made, target)
            commits = delta(core0, core1, "cordgate_core_commits_total")
            self.assertGreater(commits, 0)
            self.assertEqual(delta(core0, core1, "cordgate_core_commit_seconds_count"), commits)
            self.assertEqual(value(core1, "cordgate_core_commit_seconds_bucket", le="+Inf"),
                             value(core1, "cordgate_core_commit_seconds_count"))
            self.assertGreater(delta(core0, core1, "cordgate_core_fsync_seconds_count"), 0)
            self.assertGreater(value(core1, "cordgate_core_log_disk_bytes"), 0)
            self.assertEqual(value(core1, "cordgate_core_sessions", state="ready"), 1)
            self.assertEqual(value(core1, "cordgate_core_log_position"),
                             value(core1, "cordgate_core_events_appended_total") +
                             value(core0, "cordgate_core_log_position") -
                             value(core0, "cordgate_core_events_appended_total"))

            # Bounded labels: no JID, id or token anywhere in the pages.
            secrets = [s.token("alice"), "romeo@", s.uid("alice"), s.uid("bob"), channel]
            for page in after.values():
                for (name, labels) in page:
                    for _, v in labels:
                        for secret in secrets:
                            self.assertNotIn(str(secret), v, (name, labels))

            # Only GET /metrics.
            for path in ("/", "/metrics/x", "/favicon.ico"):
                with self.assertRaises(urllib.error.HTTPError) as e:
                    urllib.request.urlopen(f"http://127.0.0.1:{ports['core']}{path}", timeout=5)
                self.assertEqual(e.exception.code, 404)
            self.assertGreater(len(scrape(ports["xmpp"])), 0)  # still serving

    def test_check_config_refuses_other_addresses(self):
        build = os.environ.get("CORDGATE_BUILD_DIR") or os.path.join(
            os.path.dirname(__file__), "..", "..", "build")
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "cordgate.toml")
            with open(path, "w") as f:
                f.write(f'[core]\ndata_dir = "{folder}/log"\n'
                        'metrics_address = "0.0.0.0:9464"\n'
                        '[xmpp]\nmetrics_address = "127.0.0.1:prom"\n')
            r = subprocess.run([os.path.join(build, "runtime/cordgate"), "check-config", path,
                                "--for", "core"], capture_output=True, text=True, timeout=30)
            self.assertEqual(r.returncode, 1, r)
            self.assertIn(f"{path}:3:19: core.metrics_address: '0.0.0.0' is not a loopback "
                          "address (127.0.0.1, localhost or [::1]): the endpoint has no "
                          "authentication\n", r.stderr)
            self.assertIn(f"{path}:5:19: xmpp.metrics_address: port 'prom' is not a number\n",
                          r.stderr)
            r = subprocess.run([os.path.join(build, "runtime/cordgate-core"), "--config", path],
                               capture_output=True, text=True, timeout=30)
            self.assertEqual(r.returncode, 1, r)
            self.assertIn("core.metrics_address", r.stderr + r.stdout)


if __name__ == "__main__":
    unittest.main()
