#!/usr/bin/python3
"""An emulator seed for a heavy Discord user account, the same bytes for the same arguments.

    /usr/bin/python3 tests/emulator/heavy_seed.py --out heavy.json              # the default account
    /usr/bin/python3 tests/emulator/heavy_seed.py --guilds 5 --friends 30 --large 1 \
        --large-members 300 --strangers 500 --out small.json                   # a smoke-sized one

The account ("heavy", token `heavy-token`) is in `--guilds` guilds. `--large` of them are large
(`--large-members` members each, give or take a tenth); the others have 10-300 members. Each
guild has 1-6 roles, 1-2 categories with 2-5 text channels between them and 0-2 active threads;
members carry a random subset of the roles. Members are drawn from `--friends` friends (a third
online, a tenth idle or dnd, the rest offline) and `--strangers` other users (online or offline
alike: the account must not get their presences at login). The account has `--dms` DMs with
friends and a few group DMs. Nothing is random but the generator `random.Random(--seed)`, and
every id is counted from fixed bases, so a run reproduces its file exactly.

Also written by `summary()` on stderr: guilds, memberships, channels, what READY should carry.
"""
import argparse
import json
import random
import sys

ME = 100_000_000_000_000_001
FRIEND0 = 110_000_000_000_000_000
STRANGER0 = 120_000_000_000_000_000
GUILD0 = 200_000_000_000_000_000
ROLE0 = 210_000_000_000_000_000
CHANNEL0 = 300_000_000_000_000_000
DM0 = 400_000_000_000_000_000
TOKEN = "heavy-token"

WORDS = ["alpha", "birch", "cedar", "delta", "ember", "fjord", "grove", "harbor", "iris", "juniper",
         "kestrel", "lumen", "maple", "nova", "orchid", "pine", "quartz", "raven", "sage", "tundra"]


def friend_status(i):
    # Every third friend online, every tenth of the rest idle or dnd, the others offline: the
    # presences READY_SUPPLEMENTAL must carry follow from the index alone.
    if i % 3 == 0:
        return "online"
    if i % 10 == 1:
        return "idle"
    if i % 10 == 2:
        return "dnd"
    return "offline"


def build(a):
    rng = random.Random(a.seed)
    users = [{"id": str(ME), "username": "heavy", "global_name": "Heavy User", "token": TOKEN,
              "status": "online"}]
    rels = []
    friends = [FRIEND0 + i for i in range(a.friends)]
    for i, fid in enumerate(friends):
        users.append({"id": str(fid), "username": f"friend{i}", "global_name": f"Friend {i}",
                      "status": friend_status(i)})
        rels.append({"user_id": str(ME), "target_id": str(fid), "type": 1})
        rels.append({"user_id": str(fid), "target_id": str(ME), "type": 1})
    strangers = [STRANGER0 + i for i in range(a.strangers)]
    for i, sid in enumerate(strangers):
        users.append({"id": str(sid), "username": f"user{i}",
                      "status": "online" if rng.random() < 0.5 else "offline"})

    next_channel = CHANNEL0
    next_role = ROLE0
    guilds = []
    for g in range(a.guilds):
        gid = GUILD0 + g
        large = g < a.large
        size = (rng.randint(a.large_members * 9 // 10, a.large_members * 11 // 10) if large
                else rng.randint(10, 300))
        roles = []
        for r in range(rng.randint(1, 6)):
            roles.append({"id": str(next_role), "name": f"{rng.choice(WORDS)}-{r}",
                          "permissions": str(rng.choice([0, 1024, 3072, 8])), "position": r + 1})
            next_role += 1
        # A few friends in every guild, the rest strangers; the account itself always.
        n_friends = min(len(friends), rng.randint(0, max(1, size // 20)))
        picked = rng.sample(friends, n_friends) + rng.sample(strangers, min(len(strangers), size - n_friends))
        members = [{"user_id": str(ME)}]
        for uid in picked:
            m = {"user_id": str(uid)}
            if roles and rng.random() < 0.3:
                m["roles"] = sorted(r["id"] for r in rng.sample(roles, rng.randint(1, min(2, len(roles)))))
            if rng.random() < 0.05:
                m["nick"] = f"{rng.choice(WORDS)}{rng.randint(1, 99)}"
            members.append(m)
        channels, threads = [], []
        categories = []
        for c in range(rng.randint(1, 2)):
            categories.append(next_channel)
            channels.append({"id": str(next_channel), "name": f"Category {c}", "type": 4, "position": c})
            next_channel += 1
        texts = []
        for c in range(rng.randint(2, 5)):
            texts.append(next_channel)
            channels.append({"id": str(next_channel), "name": f"{rng.choice(WORDS)}-{c}", "type": 0,
                             "topic": f"about {rng.choice(WORDS)}", "position": c,
                             "parent_id": str(rng.choice(categories))})
            next_channel += 1
        for t in range(rng.randint(0, 2)):
            threads.append({"id": str(next_channel), "name": f"thread {t}", "type": 11,
                            "parent_id": str(rng.choice(texts)), "owner_id": str(ME)})
            next_channel += 1
        guilds.append({"id": str(gid), "name": f"Guild {g}" + (" (large)" if large else ""),
                       "owner_id": members[1]["user_id"] if len(members) > 1 else str(ME),
                       "roles": roles, "members": members, "channels": channels,
                       "threads": threads})

    private = []
    for d, fid in enumerate(friends[:a.dms]):
        private.append({"id": str(DM0 + d), "type": 1, "recipients": [str(ME), str(fid)]})
    for k in range(a.group_dms):
        group = rng.sample(friends + strangers[:50], min(4, len(friends) + min(50, len(strangers))))
        private.append({"id": str(DM0 + 100_000 + k), "type": 3, "name": f"group {k}",
                        "owner_id": str(ME), "recipients": [str(ME)] + [str(u) for u in group]})

    return {"users": users, "relationships": rels, "guilds": guilds,
            "private_channels": private, "messages": []}


def summary(world):
    guilds = world["guilds"]
    memberships = sum(len(g["members"]) for g in guilds)
    channels = sum(len(g["channels"]) for g in guilds)
    threads = sum(len(g.get("threads", [])) for g in guilds)
    roles = sum(len(g["roles"]) for g in guilds)
    largest = max((len(g["members"]) for g in guilds), default=0)
    return (f"{len(world['users'])} users, {len(guilds)} guilds, {memberships} memberships "
            f"(largest {largest}), {channels} channels and categories, {threads} threads, "
            f"{roles} roles, {len(world['private_channels'])} DMs and group DMs")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--guilds", type=int, default=200)
    ap.add_argument("--large", type=int, default=3, help="how many guilds are large")
    ap.add_argument("--large-members", type=int, default=6000)
    ap.add_argument("--friends", type=int, default=1000)
    ap.add_argument("--strangers", type=int, default=20000)
    ap.add_argument("--dms", type=int, default=100)
    ap.add_argument("--group-dms", type=int, default=5)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.dms > a.friends:
        ap.error("--dms must not exceed --friends (each DM is with a friend)")
    world = build(a)
    with open(a.out, "w") as f:
        json.dump(world, f, separators=(",", ":"))
    print(summary(world), file=sys.stderr)


if __name__ == "__main__":
    main()
