#!/usr/bin/python3
"""Full stack, the operator's commands (issue #26): `cordgate status` against a running stack,
and `cordgate backup` / `cordgate restore` while messages flow.
romeo@localhost registers with alice's Discord token (seeds/basic.json); bob writes to her.

- test_status: `cordgate status --json` names every process up, the component link up, romeo's
  session ready in the core and at the Discord adapter, the log's position, size and last commit,
  the effects waiting per adapter and Discord's invalid-request budget, and no token; juliet's
  refused token shows as failed, with why, in both; a verification Discord asks of alice shows as
  pending; it exits 0, then 1 once the Discord adapter is killed (no heartbeat for 3 intervals),
  and 2 once the core is gone.
- test_backup_restore: a numbered DM stream flows both ways; `cordgate backup` is taken in the
  middle of it. The stack is stopped, the backup restored into a new folder (`cordgate restore`,
  which refuses a folder in use or not empty), and a new core and new adapters start on it. Every
  number that had reached the other side before the backup is in the restored log; none of those
  is delivered again, and nothing romeo sent is posted to Discord again.
"""
import json
import os
import subprocess
import threading
import time
import unittest

from stack import Stack, wait_until

D2X_COUNT, D2X_RATE = 24, 3.0
# XMPP -> Discord goes at Discord's pace for one channel (5 per 5 s): slower than that, nothing
# queues in the adapter's rate limiter.
X2D_COUNT, X2D_RATE = 10, 1.0


def numbers(bodies, prefix):
    return [int(b[len(prefix):]) for b in bodies if b and b.startswith(prefix)]


class Ops(unittest.TestCase):
    def cordgate(self, s, *args):
        return subprocess.run([s.binary("runtime/cordgate"), *args], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=60)

    def status(self, s):
        r = self.cordgate(s, "status", "--json", "--config", s.config, "--timeout", "3")
        return r.returncode, (json.loads(r.stdout) if r.stdout.strip() else None), r

    def test_status(self):
        with Stack() as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            jid = "romeo@" + s.domain
            s.emulator.wait_session(s.uid("alice"))

            def healthy():
                rc, report, _ = self.status(s)
                users = {u["jid"]: u for u in report["users"]} if report else {}
                ok = rc == 0 and users.get(jid, {}).get("gateway") == "ready"
                return (rc, report) if ok else None
            rc, report = wait_until(healthy, 15, "a healthy status with romeo's session ready")
            self.assertEqual(rc, 0)
            self.assertEqual([(p["name"], p["state"]) for p in report["processes"]],
                             [("core", "up"), ("xmpp", "up"), ("discord", "up")])
            now = report["at_ms"]
            for p in report["processes"]:
                self.assertLessEqual(p["since_ms"], now)
                self.assertGreater(p["since_ms"], now - 600_000)
            self.assertEqual(report["component"]["state"], "up")
            user = next(u for u in report["users"] if u["jid"] == jid)
            self.assertEqual(user["login_state"], "ready")
            self.assertEqual(user["captcha_kept"], 0)
            self.assertNotIn("verification", user)
            self.assertGreater(report["log"]["position"], 0)
            self.assertGreater(report["log"]["disk_bytes"], 0)
            self.assertGreater(report["log"]["last_commit_us"], 0)
            self.assertTrue(report["log"]["last_commit_synced"])
            self.assertEqual(sorted(l["target"] for l in report["lag"]), ["discord", "xmpp"])
            for lag in report["lag"]:
                self.assertGreater(lag["last_effect"], 0)
                self.assertEqual(lag["waiting"], lag["last_effect"] - lag["acknowledged"])
            self.assertEqual(report["invalid_requests"]["limit"], 10000)
            self.assertEqual(report["invalid_requests"]["window_s"], 600)
            self.assertEqual(report["problems"], [])
            # No token, in clear or sealed.
            raw = self.cordgate(s, "status", "--json", "--config", s.config).stdout
            self.assertNotIn(s.token("alice"), raw)
            self.assertNotIn("sealed", raw)
            text = self.cordgate(s, "status", "--config", s.config)
            self.assertEqual(text.returncode, 0, text.stderr)
            self.assertIn("all well", text.stdout)
            self.assertIn(f"{jid}: core ready; Discord session ready", text.stdout)

            # A login Discord refuses: failed in the core and at the adapter, with why; the
            # deployment is still well. A verification Discord asks for is shown as pending.
            j = s.client("juliet")
            j.register(token="not-a-discord-token", wait_roster=False)
            s.emulator.control("required_action", user_id=s.uid("alice"),
                               action="REQUIRE_VERIFIED_EMAIL")

            def juliet_failed():
                rc, report, _ = self.status(s)
                users = {u["jid"]: u for u in report["users"]}
                juliet = users.get("juliet@" + s.domain, {})
                ok = juliet.get("gateway") == "failed" and juliet.get("login_state") == "failed" \
                    and users[jid].get("verification")
                return (rc, users) if ok else None
            rc, users = wait_until(juliet_failed, 15, "juliet's failed login in the status")
            self.assertEqual(rc, 0)
            juliet = users["juliet@" + s.domain]
            self.assertIn("authentication failed", juliet["failure"])
            self.assertIn("authentication failed", juliet["gateway_reason"])
            self.assertEqual(users[jid]["verification"], "REQUIRE_VERIFIED_EMAIL")
            self.assertEqual(users[jid]["gateway"], "ready")
            text = self.cordgate(s, "status", "--config", s.config).stdout
            self.assertIn(f"juliet@{s.domain}: core failed (", text)
            self.assertIn("verification required (REQUIRE_VERIFIED_EMAIL)", text)
            self.assertNotIn("not-a-discord-token", text)

            # The secrets sweep every full-stack test ends with finds a token where it is.
            self.assertEqual(s.token_leaks(), [])
            planted = os.path.join(s.folder, "core-data", "planted.txt")
            with open(planted, "w") as f:
                f.write("debug: " + s.token("alice") + "\n")
            self.assertEqual(s.token_leaks(), [f"core-data/planted.txt: {s.token('alice')}"])
            os.remove(planted)

            s.kill("discord")
            killed = time.monotonic()

            def discord_down():
                rc, report, _ = self.status(s)
                return (rc, report) if rc == 1 else None
            rc, report = wait_until(discord_down, 15, "status exit code 1 without the Discord adapter")
            # Down after 3 missed heartbeats of 1 s, not before the second.
            self.assertGreater(time.monotonic() - killed, 2.0)
            states = {p["name"]: p["state"] for p in report["processes"]}
            self.assertEqual(states, {"core": "up", "xmpp": "up", "discord": "down"})
            self.assertTrue(any(p.startswith("cordgate-discord is down") for p in report["problems"]),
                            report["problems"])
            self.assertNotIn("invalid_requests", report)
            text = self.cordgate(s, "status", "--config", s.config)
            self.assertEqual(text.returncode, 1)
            self.assertIn("discord DOWN since", text.stdout)

            s.start_process("discord")
            wait_until(lambda: self.status(s)[0] == 0, 15, "status exit code 0 again")

            s.procs["core"].stop()
            rc, _, r = self.status(s)
            self.assertEqual(rc, 2, r.stderr)
            self.assertIn("did not answer", r.stderr)

    def test_backup_restore(self):
        with Stack() as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            channel, bob, puppet = s.dm_channel("alice", "bob"), s.uid("bob"), s.puppet("bob")
            s.emulator.inject_message(channel, bob, "warm up")
            c.wait_message(lambda m: m.body == "warm up")

            def d2x_got(since=0):
                return numbers([m.body for m in c.messages[since:]
                                if m.type == "chat" and m.frm == puppet], "d2x ")

            def x2d_got():
                return numbers([m["content"] for m in s.emulator.messages(channel)
                                if str(m["author"]["id"]) == s.uid("alice")], "x2d ")

            errors = []

            def discord_side():
                try:
                    for n in range(1, D2X_COUNT + 1):
                        s.emulator.inject_message(channel, bob, f"d2x {n}")
                        time.sleep(1 / D2X_RATE)
                except Exception as e:
                    errors.append(repr(e))

            def xmpp_side():
                try:
                    for n in range(1, X2D_COUNT + 1):
                        c.send(puppet, f"x2d {n}")
                        time.sleep(1 / X2D_RATE)
                except Exception as e:
                    errors.append(repr(e))
            threads = [threading.Thread(target=discord_side), threading.Thread(target=xmpp_side)]
            for t in threads:
                t.start()
            wait_until(lambda: len(d2x_got()) >= D2X_COUNT // 2 and len(x2d_got()) >= X2D_COUNT // 2,
                       30, "half of the stream through")
            d2x_before, x2d_before = set(d2x_got()), set(x2d_got())
            backup = os.path.join(s.folder, "backup-1")
            r = self.cordgate(s, "backup", backup, "--config", s.config)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("backup: the log up to position", r.stdout)
            # Every effect sent before it was asked for had been acknowledged in the copy.
            self.assertNotIn("were not acknowledged", r.stdout)
            print(r.stdout.strip(), flush=True)
            position = int(r.stdout.split("position ")[1].split()[0])
            for t in threads:
                t.join(60)
            self.assertEqual(errors, [])
            wait_until(lambda: set(d2x_got()) == set(range(1, D2X_COUNT + 1)) and
                       set(x2d_got()) == set(range(1, X2D_COUNT + 1)), 60, "the whole stream through")
            self.assertLess(len(d2x_before), D2X_COUNT)  # the backup was taken mid-stream
            self.assertLess(len(x2d_before), X2D_COUNT)

            for name in ("xmpp", "discord", "core"):
                s.procs[name].stop()
            restored = os.path.join(s.folder, "core-data-restored")
            r = self.cordgate(s, "restore", backup, "--state-dir", os.path.join(s.folder, "core-data"))
            self.assertEqual(r.returncode, 1)
            self.assertIn("is not empty", r.stderr)
            r = self.cordgate(s, "restore", backup, "--state-dir", restored)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(f"the log up to position {position} is in {restored}", r.stdout)

            exported = self.cordgate(s, "export", "--data-dir", restored)
            self.assertEqual(exported.returncode, 0, exported.stderr)
            lines = [l for l in exported.stdout.splitlines() if l]
            self.assertEqual(len(lines), position)
            for n in sorted(d2x_before):
                self.assertIn(f'"d2x {n}"', exported.stdout, f"d2x {n} reached romeo before the backup")
            for n in sorted(x2d_before):
                self.assertIn(f'"x2d {n}"', exported.stdout, f"x2d {n} reached Discord before the backup")

            # A new core on the restored log, and new adapters.
            s.core_settings["data_dir"] = json.dumps(restored)
            with open(s.config, "w") as f:
                f.write(s.config_text())
            requests_before = len(s.emulator.requests())
            mark = c.mark()
            s.start_process("core")
            r = self.cordgate(s, "restore", backup, "--state-dir", restored, "--force")
            self.assertEqual(r.returncode, 1)
            self.assertIn("in use by a running cordgate-core", r.stderr)
            s.start_process("discord")
            s.start_process("xmpp")
            s.procs["xmpp"].wait_log("connected to ", 15)
            s.emulator.wait_session(s.uid("alice"), timeout=20)
            wait_until(lambda: self.status(s)[0] == 0, 20, "a healthy status on the restored log")

            s.emulator.inject_message(channel, bob, "after restore d")
            c.wait_message(lambda m: m.body == "after restore d", since=mark, timeout=15)
            c.send(puppet, "after restore x")
            s.emulator.wait_message(channel, lambda m: m["content"] == "after restore x", timeout=15)
            time.sleep(2)  # anything sent again would have come by now

            again = set(d2x_got(mark))
            self.assertEqual(again & d2x_before, set(),
                             "messages delivered before the backup were delivered again")
            reposted = [q for q in s.emulator.requests()[requests_before:]
                        if q["method"] == "POST" and q["path"].endswith("/messages")
                        and "x2d " in json.dumps(q.get("body"))]
            self.assertEqual(reposted, [], "romeo's messages were posted to Discord again")
            rc, report, _ = self.status(s)
            self.assertEqual(rc, 0)
            self.assertGreater(report["log"]["position"], position)
            print(f"backup at position {position}; before it d2x {sorted(d2x_before)}, "
                  f"x2d {sorted(x2d_before)}; after the restore, d2x again (Discord's catch-up of "
                  f"what the restored state never saw): {sorted(again)}", flush=True)


if __name__ == "__main__":
    unittest.main()
