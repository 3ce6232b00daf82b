#!/usr/bin/python3
"""Writes tests/fuzz/seeds/<target>/ from the project's own test data.

    tests/fuzz/make_seeds.py [--build BUILD_DIR]

Sources: the string literals of the C++ tests (adjacent literals joined, as the compiler joins
them), the replay corpus (tests/replay/*.jsonl), the example configurations, and for the snapshot
decoder the states the replay corpus folds to (written by BUILD_DIR's fuzz_state_seeds). Each
seed is named by its SHA-1, and each folder holds at most MAX_SEEDS of them, spread over the
sizes: libFuzzer grows the rest, and the committed folders stay small.
"""

import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import zlib

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEEDS = os.path.join(TOP, "tests", "fuzz", "seeds")
MAX_SEEDS = 40
MAX_BYTES = 16 * 1024

# A C++ string literal: raw (R"delim(...)delim") or plain ("..." with escapes), with an optional
# encoding prefix.
LITERAL = re.compile(r'(?:u8|u|U|L)?R"([^()\\ ]{0,16})\((.*?)\)\1"|(?:u8|u|U|L)?"((?:[^"\\\n]|\\.)*)"',
                     re.S)
BETWEEN = re.compile(r"(?:\s|//[^\n]*\n|/\*.*?\*/)*\Z", re.S)
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'", "a": "\a",
           "b": "\b", "f": "\f", "v": "\v", "?": "?"}


def unescape(body):
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "x":
            m = re.match(r"[0-9a-fA-F]+", body[i + 2:])
            out.append(chr(int(m.group(0), 16) & 0xFF))
            i += 2 + len(m.group(0))
        elif nxt in "01234567" and re.match(r"[0-7]{1,3}", body[i + 1:]):
            m = re.match(r"[0-7]{1,3}", body[i + 1:])
            out.append(chr(int(m.group(0), 8) & 0xFF))
            i += 1 + len(m.group(0))
        else:
            out.append(ESCAPES.get(nxt, nxt))
            i += 2
    return "".join(out)


def literals(path):
    """Each run of adjacent string literals in a C++ file, joined."""
    text = open(path, encoding="utf-8", errors="replace").read()
    runs, current, last_end = [], None, None
    for m in LITERAL.finditer(text):
        value = m.group(2) if m.group(2) is not None else unescape(m.group(3))
        if current is not None and BETWEEN.match(text[last_end:m.start()]):
            current += value
        else:
            if current is not None:
                runs.append(current)
            current = value
        last_end = m.end()
    if current is not None:
        runs.append(current)
    return runs


def as_bytes(s):
    # \x escapes above 0x7f stand for bytes; everything else is text.
    try:
        return s.encode("latin-1") if any(0x80 <= ord(c) <= 0xFF for c in s) else s.encode()
    except UnicodeEncodeError:
        return s.encode()


def test_literals(*patterns):
    out = []
    for pattern in patterns:
        for path in sorted(glob.glob(os.path.join(TOP, pattern))):
            out += [as_bytes(s) for s in literals(path)]
    return out


def is_json_object(b):
    try:
        return isinstance(json.loads(b), dict)
    except (ValueError, UnicodeDecodeError):
        return False


def gateway_frames():
    found = [b for b in test_literals("tests/discord/*.cpp", "bench/*.cpp")
             if b.lstrip().startswith(b"{") and b'"op"' in b]
    return found


def ws_frame(opcode, payload, fin=True):
    head = bytes([(0x80 if fin else 0) | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([n])
    elif n < 65536:
        head += bytes([126]) + struct.pack(">H", n)
    else:
        head += bytes([127]) + struct.pack(">Q", n)
    return head + payload


def websocket_seeds(frames):
    """Server frames as a socket delivers them; the first byte picks the fuzz target's chunk."""
    out = []
    for i, f in enumerate(frames[:8]):
        out.append(bytes([i]) + ws_frame(1, f))
        half = len(f) // 2
        out.append(bytes([i + 3]) + ws_frame(1, f[:half], fin=False) + ws_frame(9, b"hi") +
                   ws_frame(0, f[half:]))
    out.append(b"\x00" + ws_frame(8, struct.pack(">H", 4004) + b"Authentication failed."))
    out.append(b"\x05" + ws_frame(10, b"") + ws_frame(2, b"\x78\x9c"))
    out.append(b"\x07" + ws_frame(1, b"x" * 300))
    return out


def zlib_seeds(frames):
    """Mode 0: a connection's compressed frames; mode 1: messages, one a line."""
    out = []
    for group in (frames[:3], frames[3:6], frames[6:8]):
        z = zlib.compressobj()
        stream = b"".join(z.compress(f) + z.flush(zlib.Z_SYNC_FLUSH) for f in group)
        out.append(b"\x00" + stream)
        out.append(b"\x01" + b"\n".join(group))
    return out


def rest_seeds():
    bodies = [b for b in test_literals("tests/discord/refusal_test.cpp",
                                       "tests/discord/rest_*.cpp",
                                       "tests/discord/rate_limiter_test.cpp",
                                       "tests/discord/translate_test.cpp",
                                       "tests/discord/file_policy_test.cpp")
              if b.lstrip()[:1] in (b"{", b"[")]
    # The first byte is the HTTP status (fuzz_discord_rest.cpp's kStatuses).
    return [bytes([i % 8]) + b for i, b in enumerate(bodies)]


def xml_seeds():
    return [b for b in test_literals("tests/xmpp/*.cpp") if b.lstrip().startswith(b"<")]


def jid_seeds():
    found = test_literals("tests/core/jid_test.cpp", "tests/xmpp/puppet_localpart_test.cpp",
                          "tests/xmpp/sender_check_test.cpp")
    return [b for b in found if 0 < len(b) < 200 and b"\n" not in b]


def replay_lines(suffix):
    lines = []
    for path in sorted(glob.glob(os.path.join(TOP, "tests", "replay", "*" + suffix))):
        if suffix == ".jsonl" and path.endswith(".effects.jsonl"):
            continue
        for line in open(path, "rb"):
            if line.strip() and not line.startswith(b"#"):
                lines.append(line.rstrip(b"\n"))
    return lines


def capture_seeds():
    out = []
    for path in sorted(glob.glob(os.path.join(TOP, "tests", "replay", "*.jsonl"))):
        if path.endswith(".effects.jsonl"):
            continue
        data = open(path, "rb").read()
        if len(data) <= MAX_BYTES:
            out.append(data)
    return out


def config_seeds():
    files = [os.path.join(TOP, "packaging", "cordgate.toml"),
             os.path.join(TOP, "adapters", "xmpp", "cordgate-xmpp.example.toml")]
    out = [open(f, "rb").read() for f in files if os.path.exists(f)]
    out += [b for b in test_literals("tests/config/*.cpp", "tests/packaging/*.cpp")
            if b"=" in b and (b"[" in b or b"\n" in b)]
    return out


def markdown_seeds():
    found = test_literals("tests/core/discord_markdown_test.cpp", "tests/core/xmpp_styling_test.cpp",
                          "tests/core/mentions_test.cpp")
    return [b for b in found if 0 < len(b) < 2000]


def url_seeds():
    found = test_literals("tests/core/*.cpp", "tests/discord/file_*.cpp", "tests/xmpp/http_upload_test.cpp")
    return [b for b in found if (b"://" in b or b"%" in b) and len(b) < 500 and b"\n" not in b]


def state_seeds(build):
    tool = os.path.join(build, "tests", "fuzz", "fuzz_state_seeds") if build else None
    if not tool or not os.path.exists(tool):
        print("snapshot: no fuzz_state_seeds in the build folder (--build), seeds kept as they are")
        return None
    captures = [p for p in sorted(glob.glob(os.path.join(TOP, "tests", "replay", "*.jsonl")))
                if not p.endswith(".effects.jsonl")]
    text = subprocess.run([tool] + captures, check=True, capture_output=True).stdout
    return [line for line in text.split(b"\n") if line]


def write(target, seeds, max_seeds=MAX_SEEDS, max_bytes=MAX_BYTES):
    if seeds is None:
        return
    seeds = [s for s in dict.fromkeys(seeds) if 0 < len(s) <= max_bytes]
    seeds.sort(key=len)
    # Spread over the sizes: a few long seeds carry the structure the short ones lack.
    if len(seeds) > max_seeds:
        step = len(seeds) / max_seeds
        seeds = [seeds[int(i * step)] for i in range(max_seeds - 1)] + [seeds[-1]]
    folder = os.path.join(SEEDS, target)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for s in seeds:
        with open(os.path.join(folder, hashlib.sha1(s).hexdigest()), "wb") as f:
            f.write(s)
    print(f"{target}: {len(seeds)} seeds, {sum(map(len, seeds))} bytes")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", help="a build folder with tests/fuzz/fuzz_state_seeds")
    args = parser.parse_args()

    frames = gateway_frames()
    ready = [f for f in frames if b'"READY' in f]
    events, effects = replay_lines(".jsonl"), replay_lines(".effects.jsonl")
    write("hot_dispatch", [f for f in frames if b'"op":0' in f.replace(b" ", b"")])
    write("discord_translate", frames)
    write("dispatch_differential",
          [f for f in frames if re.search(rb'"(MESSAGE_CREATE|TYPING_START|PRESENCE_UPDATE)"', f)])
    write("login_differential", ready + [b"\n".join(ready[i:i + 2]) for i in range(len(ready) - 1)])
    write("websocket_frames", websocket_seeds(frames))
    write("zlib_stream", zlib_seeds(frames))
    write("discord_rest", rest_seeds())
    write("xmpp_inbound", xml_seeds())
    write("jid", jid_seeds())
    write("envelope", events[::7] + effects[::7])
    write("capture", capture_seeds(), max_seeds=12, max_bytes=6 * 1024)
    write("snapshot", state_seeds(args.build), max_seeds=12, max_bytes=8 * 1024)
    write("config", config_seeds())
    write("markdown", markdown_seeds())
    write("url_text", url_seeds())


if __name__ == "__main__":
    main()
