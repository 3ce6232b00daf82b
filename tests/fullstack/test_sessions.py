#!/usr/bin/python3
"""Full stack: gateway sessions that Discord ends. romeo@localhost registers with alice's
Discord token; bob is alice's friend and they share a DM (seeds/basic.json).

- An expired session: the emulator keeps a dropped session resumable for 2 s here (Discord: "a
  few minutes"). The connection is dropped and the RESUME held past that window; released, it
  gets op 9 d:false, and cordgate IDENTIFYs a new session. What romeo wrote meanwhile reached
  Discord once, and messages flow both ways on the new session.
- Too many sessions: with a cap of one session per account, juliet registering the same token
  makes cordgate open a second session, which Discord closes with 4015; juliet is told why,
  cordgate does not try again, and romeo's session is untouched."""
import time
import unittest

from stack import Stack


def stored(s, chan, text):
    return [m for m in s.emulator.messages(chan) if m["content"] == text]


class Sessions(unittest.TestCase):
    def test_an_expired_session_is_identified_again_and_nothing_is_lost(self):
        with Stack(emulator_args=["--resume-window-ms", "2000"], fixed_clock=False) as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            alice, bob, chan = s.uid("alice"), s.puppet("bob"), s.dm_channel("alice", "bob")
            first = s.emulator.wait_session(alice)["session_id"]
            s.emulator.fault("drop", user_id=alice, hold_resume=True)
            c.send(bob, "while the gateway is away")
            time.sleep(3)
            old = next(x for x in s.emulator.sessions() if x["session_id"] == first)
            self.assertTrue(old["invalidated"], old)
            s.emulator.fault("release")
            second = s.emulator.wait_session(alice, timeout=20, exclude=(first,))
            self.assertEqual(second["resumes"], 0, "a new session, not a resumed one")
            log = s.emulator_proc.log()
            self.assertIn(f"session {first} expired", log)
            self.assertIn(f"resume of unknown session '{first}' refused", log)
            s.emulator.wait_message(chan, lambda m: m["content"] == "while the gateway is away")
            since = c.mark()
            s.emulator.inject_message(chan, s.uid("bob"), "after the new session")
            c.wait_message(lambda m: m.body == "after the new session", since=since)
            c.send(bob, "and back")
            s.emulator.wait_message(chan, lambda m: m["content"] == "and back")
            self.assertEqual(len(stored(s, chan, "while the gateway is away")), 1)

    def test_one_session_too_many_is_refused_with_4015_and_not_retried(self):
        with Stack(emulator_args=["--max-sessions", "1"], fixed_clock=False) as s:
            romeo = s.client("romeo")
            romeo.register(token=s.token("alice"))
            alice = s.uid("alice")
            first = s.emulator.wait_session(alice)["session_id"]
            juliet = s.client("juliet")
            since = juliet.mark()
            juliet.register(token=s.token("alice"), wait_roster=False)
            told = juliet.wait_message(lambda m: m.frm == s.gateway and "4015" in m.body,
                                       timeout=20, since=since)
            self.assertIn("too many sessions", told.body)
            time.sleep(3)  # room for a reconnect loop, which must not come
            log = s.emulator_proc.log()
            self.assertEqual(log.count("refused: alice has 1 sessions"), 1, log[-3000:])
            sessions = [x for x in s.emulator.sessions() if str(x["user_id"]) == str(alice)]
            self.assertEqual([(x["session_id"], x["connected"]) for x in sessions],
                             [(first, True)])
            romeo_since = romeo.mark()
            s.emulator.inject_message(s.dm_channel("alice", "bob"), s.uid("bob"), "still here")
            romeo.wait_message(lambda m: m.body == "still here", since=romeo_since)


if __name__ == "__main__":
    unittest.main()
