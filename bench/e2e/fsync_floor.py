#!/usr/bin/python3
"""The disk's floor under the latency of a durable commit: fdatasync after a 300-byte append,
once a millisecond (as cordgate's log commits at 1,000 msg/s, one message per group), in the
folder given (default: the checkout, where the e2e stacks keep their logs).

    bench/e2e/fsync_floor.py [--dir DIR] [--n 2000] [--overwrite]

--overwrite writes over blocks an earlier pass wrote and synced, as a recycled WAL would be
written (RocksDB's recycle_log_file_num): fdatasync then has no file size or block allocation to
commit to the journal.

Prints p50 / p99 / p999 / max in ms. If fdatasync's own p99 is above the p99 target at
1,000 msg/s, no code change in cordgate reaches that target with the durable log on this disk.
"""
import argparse
import os
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--overwrite", action="store_true")
    a = ap.parse_args()
    fd, path = tempfile.mkstemp(dir=a.dir, prefix="fsync-floor-")
    took = []
    try:
        if a.overwrite:
            os.write(fd, b"\0" * (300 * a.n + 4096))
            os.fsync(fd)
            os.lseek(fd, 0, os.SEEK_SET)
        for i in range(a.n):
            os.write(fd, b"x" * 300)
            t = time.perf_counter_ns()
            os.fdatasync(fd)
            took.append((time.perf_counter_ns() - t) / 1e6)
            if i % 200 == 0:
                print(f"\r[fsync_floor] {i}/{a.n}", end="", file=sys.stderr, flush=True)
            time.sleep(0.001)
    finally:
        os.close(fd)
        os.unlink(path)
    print(f"\r[fsync_floor] {a.n}/{a.n}", file=sys.stderr)
    took.sort()

    def q(p):
        return took[min(len(took) - 1, int(len(took) * p))]

    what = "overwrite in place" if a.overwrite else "append"
    print(f"fdatasync of a 300-byte {what} in {a.dir}, {a.n} times, 1 ms apart: "
          f"p50 {q(0.5):.2f} / p99 {q(0.99):.2f} / p999 {q(0.999):.2f} / max {took[-1]:.2f} ms")


if __name__ == "__main__":
    main()
