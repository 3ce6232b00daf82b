#!/usr/bin/python3
"""cordgate's demo: the whole stack on loopback with a living Discord world.

Starts prosody, the Discord emulator seeded with tests/emulator/seeds/demo.json, cordgate-core,
cordgate-discord and cordgate-xmpp (tests/fullstack/stack.py), creates demo@localhost,
registers it with the gateway (Discord user "you"), prints how to connect, and keeps the world
alive (runtime/demo_life.py) until Ctrl-C, which stops everything it started.

usage: demo.py [--build BUILD_DIR] [--keep] [--quiet]
"""
import argparse
import os
import signal
import sys
import threading
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "fullstack"))
sys.path.insert(0, os.path.join(TOP, "runtime"))
from stack import Stack  # noqa: E402
from demo_life import Life  # noqa: E402

PASSWORD = "demo"


def main():
    ap = argparse.ArgumentParser(description="cordgate demo")
    ap.add_argument("--build", default=os.path.join(TOP, "build"))
    ap.add_argument("--keep", action="store_true", help="keep the state folder (logs) after Ctrl-C")
    ap.add_argument("--quiet", action="store_true", help="do not print what the demo account receives")
    args = ap.parse_args()

    print("starting prosody, the Discord emulator, cordgate-core, cordgate-discord, cordgate-xmpp...",
          flush=True)
    with Stack(seed="demo.json", fixed_clock=False, build_dir=args.build, log_level="info", keep=args.keep, quiet=True,
               c2s_port=5222) as s:
        watcher = s.client("demo", PASSWORD, resource="demo-watcher")
        watcher.register(token=s.token("you"))
        names = {}

        def on_carbon_sent(m):  # what the person writes from their own client (XEP-0280)
            fwd = m["carbon_sent"]
            if fwd["body"]:
                print(f"[demo@{s.domain} sent] to {names.get(fwd['to'].bare, fwd['to'].bare)}: {fwd['body']}",
                      flush=True)

        def carbons():
            watcher.xmpp.register_plugin("xep_0280")
            watcher.xmpp.add_event_handler("carbon_sent", on_carbon_sent)
            watcher.xmpp.plugin["xep_0280"].enable()
        if not args.quiet:
            s._call(carbons)
        life = Life(s.emulator, s.seed, "you",
                    say=(lambda *a: None) if args.quiet else (lambda *a: print(*a, flush=True)))
        life_thread = threading.Thread(target=life.run, name="demo-life", daemon=True)
        life_thread.start()
        friends = ", ".join(f"{v['name']} <{j}>" for j, v in sorted(watcher.roster().items())
                            if j.endswith("@" + s.gateway))
        print(f"""
=== cordgate demo is running (state and logs in {s.folder})

  Connect any XMPP client:
    JID       demo@{s.domain}
    password  {PASSWORD}
    server    127.0.0.1   port {s.rig.c2s_port}   (plain connection, no TLS: allow it in the client)
  The gateway is {s.gateway}; the account is already registered with it (Discord user "you").
  Friends in the roster: {friends}
  Write to one of them: they answer. #general chatters; friends change presence now and then.

  Watch without an XMPP client: this terminal prints what the demo account receives; or
    tail -f {s.folder}/core.log        (the core: events in, effects out)
    tail -f {s.folder}/xmpp.log {s.folder}/discord.log
  Ctrl-C stops everything the demo started.
""", flush=True)
        try:
            if not args.quiet:
                seen = 0
                name_of = {j: v["name"] for j, v in watcher.roster().items()}
                names.update(name_of)
                while True:
                    with watcher.cond:
                        watcher.cond.wait(1.0)
                        new = watcher.messages[seen:]
                        seen = len(watcher.messages)
                    for m in new:
                        print(f"[demo@{s.domain} received] {name_of.get(m.frm, m.frm)}: {m.body}", flush=True)
                    for p in ("core", "discord", "xmpp"):
                        if not s.procs[p].running():
                            raise SystemExit(f"cordgate-{p} exited; see {s.procs[p].log_path}")
            else:
                while all(s.procs[p].running() for p in ("core", "discord", "xmpp")):
                    time.sleep(1)
        finally:
            life.stop.set()  # before the emulator goes


if __name__ == "__main__":
    # Ctrl-C must work even when started from something that ignores SIGINT (a background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        main()
    except KeyboardInterrupt:
        print("\nstopped; every process the demo started is gone.")
