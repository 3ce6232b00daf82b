#!/usr/bin/python3
"""fullstack_dm_hardened (and, with the package's variables, package_install): the DM tests of
tests/fullstack/test_dm.py with every daemon under tests/packaging/sandbox.sh, plus a check that
the sandbox is really in force in each daemon: no capabilities, no new privileges, a seccomp
filter, / read-only, the state folder writable, and, with CORDGATE_SANDBOX_USER, that user."""
import os
import pwd
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fullstack"))
SANDBOX = os.path.join(HERE, "sandbox.sh")
for name in ("CORE", "XMPP", "DISCORD"):
    os.environ["CORDGATE_WRAP_" + name] = SANDBOX

from stack import Stack  # noqa: E402
from test_dm import DirectMessages  # noqa: E402,F401  (run here, each on a hardened stack)


def mounts(pid):
    """{mount point: its options} as the process sees them (the last mount on a point wins)."""
    out = {}
    with open(f"/proc/{pid}/mountinfo") as f:
        for line in f:
            fields = line.split()
            out[fields[4]] = fields[5].split(",")
    return out


class Hardening(unittest.TestCase):
    def test_each_daemon_runs_inside_the_sandbox(self):
        user = os.environ.get("CORDGATE_SANDBOX_USER")
        with Stack() as s:
            for name in ("core", "xmpp", "discord"):
                pid = s.procs[name].pid
                with open(f"/proc/{pid}/status") as f:
                    status = dict(line.split(":", 1) for line in f.read().splitlines())
                exe = os.readlink(f"/proc/{pid}/exe")
                self.assertEqual(os.path.basename(exe), "cordgate-" + name)
                if os.environ.get("CORDGATE_BIN_DIR"):  # the installed package's
                    self.assertEqual(os.path.dirname(exe), os.environ["CORDGATE_BIN_DIR"])
                self.assertEqual(int(status["CapEff"].strip(), 16), 0, name)
                self.assertEqual(int(status["CapBnd"].strip(), 16), 0, name)
                self.assertEqual(status["NoNewPrivs"].strip(), "1", name)
                self.assertEqual(status["Seccomp"].strip(), "2", name)  # a filter is loaded
                uid = int(status["Uid"].split()[0])
                self.assertEqual(uid, pwd.getpwnam(user).pw_uid if user else 0, name)
                m = mounts(pid)
                self.assertIn("ro", m["/"], name)
                self.assertIn("rw", m[s.folder], name)
                self.assertIn("ro", m["/dev"], name)


if __name__ == "__main__":
    unittest.main(verbosity=2)
