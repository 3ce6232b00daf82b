#!/usr/bin/python3
"""Full stack, the gateway's own lifecycle: its presence says who is logged in, a bad token is
told to the user once (no retry storm at Discord), unregistering cleans the roster.
romeo@localhost registers with alice's Discord token (seeds/basic.json)."""
import time
import unittest

from stack import Stack, wait_until


class Lifecycle(unittest.TestCase):
    @staticmethod
    def commands(s, c):
        """run(node): executes the gateway's XEP-0050 command `node`; returns the answer."""
        s._call(lambda: c.xmpp.register_plugin("xep_0050"))

        def run(node):
            async def go():
                return await c.xmpp["xep_0050"].send_command(s.gateway, node, timeout=10)
            return s._run(go(), 15)
        return run

    def test_gateway_presence_names_the_discord_account(self):
        with Stack(record="23_gateway_presence",
                   note="romeo registers with alice's token: the gateway's presence says "
                        "'Logged in as alice'") as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            p = c.wait_presence(lambda p: p["from"].bare == s.gateway and
                                p["status"].startswith("Logged in as"))
            self.assertEqual(p["status"], "Logged in as alice")
            self.assertNotEqual(p["type"], "unavailable")
            self.assertIn(s.gateway, c.roster())

    def test_bad_token_is_told_once_without_a_retry_storm(self):
        with Stack(record="24_bad_token",
                   note="romeo registers with a token Discord refuses: a chat message from the "
                        "gateway names the failure, the gateway's presence says so, and the "
                        "adapter does not retry") as s:
            c = s.client("romeo")
            c.register(token="not-a-discord-token", wait_roster=False)
            m = c.wait_message(lambda m: m.frm == s.gateway, timeout=15)
            self.assertIn("Discord login failed", m.body)
            self.assertIn("authentication failed", m.body)  # the adapter's reason: close 4004
            p = c.wait_presence(lambda p: p["from"].bare == s.gateway and
                                p["status"].startswith("Not logged in"))
            self.assertEqual(p["show"], "xa")
            time.sleep(6)
            told = [x for x in c.messages if x.frm == s.gateway]
            self.assertEqual(len(told), 1, told)
            # Each login attempt is one gateway connection and one IDENTIFY at the emulator.
            log = s.procs["discord"].log()
            self.assertEqual(log.count("logging in with token"), 1, "the adapter retried a refused token")
            self.assertEqual(log.count("gateway connected"), 1, "the adapter IDENTIFYed again")
            rest = [r for r in s.emulator.requests() if r["status"] == 401]
            self.assertLessEqual(len(rest), 2, rest)
            self.assertEqual([x for x in s.emulator.sessions() if x["connected"]], [])

    def test_logout_and_login_commands(self):
        """XEP-0050 logout ends the Discord session and says so; login (with the stored token)
        opens it again."""
        with Stack(record="53_logout_and_login",
                   note="romeo runs the gateway's logout command, then login with the stored token") as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            s.emulator.wait_session(s.uid("alice"))
            run = self.commands(s, c)

            def alice_connected():
                return [x for x in s.emulator.sessions() if x["connected"] and str(x["user_id"]) == s.uid("alice")]
            since = len(c.presences)
            run("logout")
            wait_until(lambda: not alice_connected(), 10, "alice's Discord session to end")
            c.wait_presence(lambda p: p["from"].bare == s.gateway and "Logged in as" not in (p["status"] or ""),
                            since=since)

            since = len(c.presences)
            form = run("login")
            session = form["command"]["sessionid"]

            async def complete():
                iq = c.xmpp.Iq()
                iq["type"], iq["to"] = "set", s.gateway
                iq["command"]["node"] = "login"
                iq["command"]["sessionid"] = session
                iq["command"]["action"] = "complete"
                return await iq.send(timeout=10)
            done = s._run(complete(), 15)
            self.assertEqual(done["command"]["status"], "completed", done)
            c.wait_presence(lambda p: p["from"].bare == s.gateway and p["status"] == "Logged in as alice",
                            since=since, timeout=15)
            wait_until(alice_connected, 10, "alice's Discord session again")

    def test_resync_pushes_every_contact_again(self):
        with Stack() as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            c.wait_for(lambda: {s.puppet("bob"), s.puppet("carol")} <= set(c.roster()), 10, "the friends")
            run = self.commands(s, c)
            since = len(c.roster_pushes)
            run("resync")

            def pushed():
                return {str(item) for iq in c.roster_pushes[since:] for item in iq["roster"]["items"]}
            c.wait_for(lambda: {s.puppet("bob"), s.puppet("carol")} <= pushed(), 10, "bob and carol pushed again")

    def test_stranger_becomes_a_contact_flagged_as_bot(self):
        """Someone who is no friend (the seed's bot) DMs alice: they become a contact on the
        first message, and their puppet says it is a bot in service discovery."""
        with Stack() as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            bot = s.user("cordbot")
            dm = s.emulator.rest_as(bot["token"], "POST", "/users/@me/channels", {"recipient_id": s.uid("alice")})
            s.emulator.rest_as(bot["token"], "POST", f"/channels/{dm['id']}/messages", {"content": "beep"})
            m = c.wait_message(lambda m: m.body == "beep")
            self.assertEqual(m.frm, s.puppet("cordbot"))
            c.wait_for(lambda: s.puppet("cordbot") in c.roster(), 10, "the bot in the roster")

            async def info():
                return await c.xmpp["xep_0030"].get_info(jid=s.puppet("cordbot"), local=False, timeout=10)
            identities = s._run(info(), 15)["disco_info"]["identities"]
            self.assertIn(("client", "bot"), [(i[0], i[1]) for i in identities])

    def test_unregister_cleans_the_roster(self):
        with Stack(record="25_unregister",
                   note="romeo unregisters (XEP-0077 remove): the puppets and the gateway leave "
                        "his roster, the Discord session ends") as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            c.wait_for(lambda: {s.puppet("bob"), s.puppet("carol")} <= set(c.roster()), 10, "the friends")
            s.emulator.wait_session(s.uid("alice"))

            async def cancel():
                return await c.xmpp["xep_0077"].cancel_registration(jid=s.gateway, timeout=10)
            reply = s._run(cancel(), 15)
            self.assertEqual(reply["type"], "result", reply)
            c.wait_for(lambda: not [j for j in c.roster() if j.endswith("@" + s.gateway) or j == s.gateway],
                       10, "no gateway contact left in the roster")
            from stack import wait_until
            wait_until(lambda: not [x for x in s.emulator.sessions()
                                    if x["connected"] and str(x["user_id"]) == s.uid("alice")],
                       10, "alice's Discord session to end")


if __name__ == "__main__":
    unittest.main(verbosity=2)
