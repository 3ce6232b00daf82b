#!/usr/bin/python3
"""Full stack, the administrators' ad-hoc commands (issue #26): [xmpp] admins names
admin@localhost. romeo@localhost registers with alice's Discord token, juliet@localhost with
bob's (seeds/basic.json).

- test_admin_commands: the admin sees the five administrators' commands in the gateway's command
  list; lists the registered users (both, each with a ready Discord session); ends romeo's
  session (the emulator sees alice's gateway connection close, `cordgate status` shows romeo
  logged out and still registered, romeo is told); announces a message that both receive from
  the gateway; runs the status command (the same report as `cordgate status`); unregisters
  juliet (bob's gateway connection closes, she is gone from the list).
- test_non_admin: romeo, a registered user but no admin, sees none of them in the list, and
  executing one by its node, or submitting its form, gets <forbidden/> of type auth; nothing
  happens to juliet.
"""
import json
import subprocess
import unittest
import xml.etree.ElementTree as ET

from slixmpp.exceptions import IqError

from stack import Stack, wait_until

ADMIN = "http://jabber.org/protocol/admin"
USERS = ADMIN + "#get-registered-users-list"
END_SESSION = ADMIN + "#end-user-session"
DELETE_USER = ADMIN + "#delete-user"
ANNOUNCE = ADMIN + "#announce"
STATUS = "cordgate:admin#status"
ADMIN_NODES = {USERS, END_SESSION, DELETE_USER, ANNOUNCE, STATUS}
COMMANDS = "http://jabber.org/protocol/commands"
DATA = "jabber:x:data"


def fields(iq):
    """The data form of a command answer: {var: (type, [values])}."""
    x = iq["command"].xml.find(f"{{{DATA}}}x")
    if x is None:
        return {}
    return {f.get("var"): (f.get("type"), [v.text or "" for v in f.findall(f"{{{DATA}}}value")])
            for f in x.findall(f"{{{DATA}}}field")}


def note(iq):
    n = iq["command"].xml.find(f"{{{COMMANDS}}}note")
    return (n.get("type"), n.text or "") if n is not None else (None, "")


class Admin(unittest.TestCase):
    def stack(self):
        return Stack(xmpp_settings={"admins": '["admin@localhost"]'})

    @staticmethod
    def commands(s, c):
        s._call(lambda: c.xmpp.register_plugin("xep_0050"))

        def listed():
            async def go():
                return await c.xmpp["xep_0030"].get_items(jid=s.gateway, node=COMMANDS, timeout=10)
            iq = s._run(go(), 15)
            return {item[1] for item in iq["disco_items"]["items"]}

        def execute(node):
            async def go():
                return await c.xmpp["xep_0050"].send_command(s.gateway, node, timeout=10)
            return s._run(go(), 15)

        def submit(node, session, values):
            async def go():
                iq = c.xmpp.Iq()
                iq["type"], iq["to"] = "set", s.gateway
                iq["command"]["node"] = node
                iq["command"]["sessionid"] = session
                iq["command"]["action"] = "complete"
                x = ET.SubElement(iq["command"].xml, f"{{{DATA}}}x", {"type": "submit"})
                for var, vs in values.items():
                    f = ET.SubElement(x, f"{{{DATA}}}field", {"var": var})
                    for v in vs:
                        ET.SubElement(f, f"{{{DATA}}}value").text = v
                return await iq.send(timeout=10)
            return s._run(go(), 15)

        def run(node, values):
            """Both steps: the form, then the form submitted with `values`."""
            form = execute(node)
            return form, submit(node, form["command"]["sessionid"], values)
        return listed, execute, submit, run

    def status(self, s):
        r = subprocess.run([s.binary("runtime/cordgate"), "status", "--json", "--config", s.config,
                            "--timeout", "3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=30)
        return json.loads(r.stdout) if r.stdout.strip() else None

    def connected(self, s, name):
        return [x for x in s.emulator.sessions() if x["connected"] and str(x["user_id"]) == s.uid(name)]

    def register_both(self, s):
        romeo, juliet = s.client("romeo"), s.client("juliet")
        romeo.register(token=s.token("alice"))
        juliet.register(token=s.token("bob"))
        s.emulator.wait_session(s.uid("alice"))
        s.emulator.wait_session(s.uid("bob"))
        return romeo, juliet

    def test_admin_commands(self):
        with self.stack() as s:
            romeo, juliet = self.register_both(s)
            admin = s.client("admin")
            listed, execute, submit, run = self.commands(s, admin)
            self.assertLessEqual(ADMIN_NODES | {"status", "login"}, listed())

            # The users and their sessions, once both are ready.
            def both_ready():
                form, done = run(USERS, {"max_items": ["none"]})
                lines = fields(done).get("sessions", (None, []))[1]
                return (form, done) if all("ready as" in l for l in lines) and len(lines) == 2 else None
            form, done = wait_until(both_ready, 15, "both users ready in the list")
            self.assertEqual(form["command"]["status"], "executing")
            self.assertEqual(fields(form)["max_items"][0], "list-single")
            self.assertEqual(done["command"]["status"], "completed")
            self.assertEqual(fields(done)["registereduserjids"],
                             ("jid-multi", ["juliet@localhost", "romeo@localhost"]))
            lines = fields(done)["sessions"][1]
            self.assertTrue(lines[0].startswith("juliet@localhost: ready as bob"), lines)
            self.assertTrue(lines[1].startswith("romeo@localhost: ready as alice"), lines)
            self.assertEqual(note(done), ("info", "2 registered users."))

            # End romeo's Discord session: alice's gateway connection closes, he stays registered.
            since = romeo.mark()
            _, ended = run(END_SESSION, {"accountjids": ["romeo@localhost"]})
            self.assertEqual(note(ended),
                             ("info", "Ended the Discord session of romeo@localhost."))
            wait_until(lambda: not self.connected(s, "alice"), 10, "alice's gateway to close")
            self.assertTrue(self.connected(s, "bob"), "juliet's session is untouched")
            told = romeo.wait_message(lambda m: m.frm == s.gateway and "administrator" in m.body,
                                      since=since)
            self.assertIn("login", told.body)

            def romeo_logged_out():
                report = self.status(s)
                users = {u["jid"]: u for u in report["users"]} if report else {}
                return users if users.get("romeo@localhost", {}).get("login_state") == "logged_out" else None
            users = wait_until(romeo_logged_out, 10, "status to show romeo logged out")
            self.assertEqual(users["juliet@localhost"]["login_state"], "ready")

            # An announcement reaches both from the gateway.
            marks = romeo.mark(), juliet.mark()
            _, sent = run(ANNOUNCE, {"announcement": ["Maintenance tonight", "at 22:00 UTC"]})
            self.assertEqual(note(sent), ("info", "Sent to 2 registered users."))
            for c, mark in zip((romeo, juliet), marks):
                m = c.wait_message(lambda m: m.frm == s.gateway and "Maintenance" in m.body,
                                   since=mark)
                self.assertEqual(m.body, "Maintenance tonight\nat 22:00 UTC")

            # The status command: what `cordgate status` prints, from the core's control endpoint.
            answer = execute(STATUS)
            self.assertEqual(answer["command"]["status"], "completed")
            kind, text = note(answer)
            self.assertEqual(kind, "info", text)
            self.assertIn("cordgate status at ", text)
            self.assertIn("XMPP component link: up", text)
            self.assertIn("romeo@localhost", text)
            self.assertIn("juliet@localhost", text)

            # Unregister juliet: bob's gateway connection closes, she is no longer listed.
            _, deleted = run(DELETE_USER, {"accountjids": ["juliet@localhost"]})
            self.assertEqual(note(deleted), ("info", "Unregistered juliet@localhost."))
            wait_until(lambda: not self.connected(s, "bob"), 10, "bob's gateway to close")
            _, after = run(USERS, {"max_items": ["none"]})
            self.assertEqual(fields(after)["registereduserjids"], ("jid-multi", ["romeo@localhost"]))

    def test_non_admin(self):
        with self.stack() as s:
            romeo, juliet = self.register_both(s)
            listed, execute, submit, _ = self.commands(s, romeo)
            seen = listed()
            self.assertIn("status", seen)
            self.assertEqual(seen & ADMIN_NODES, set())
            for node in sorted(ADMIN_NODES):
                with self.assertRaises(IqError, msg=node) as e:
                    execute(node)
                self.assertEqual(e.exception.iq["error"]["condition"], "forbidden", node)
                self.assertEqual(e.exception.iq["error"]["type"], "auth", node)
            # A submitted form without a first step is refused the same way.
            for node in (DELETE_USER, END_SESSION):
                with self.assertRaises(IqError) as e:
                    submit(node, "guessed", {"accountjids": ["juliet@localhost"]})
                self.assertEqual(e.exception.iq["error"]["condition"], "forbidden")
            self.assertTrue(self.connected(s, "bob"), "juliet's session is untouched")
            report = self.status(s)
            self.assertIn("juliet@localhost", [u["jid"] for u in report["users"]])
            # Refused at the edge, before anything reaches the core.
            self.assertIn("refused: administrator's command from someone else",
                          s.procs["xmpp"].log())


if __name__ == "__main__":
    unittest.main()
