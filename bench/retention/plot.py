#!/usr/bin/python3
"""Draws CSVs of bench_log_retention: the log's disk use against messages written, the table
files and the whole folder (tables + WAL) per run.

    bench/retention/plot.py out.png "no retention=keep0.csv" "retain_events 1M=keep1m.csv"
"""
import argparse
import csv

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("png")
    parser.add_argument("runs", nargs="+", help="LABEL=FILE.csv")
    args = parser.parse_args()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for run in args.runs:
        label, path = run.rsplit("=", 1)
        with open(path) as f:
            rows = list(csv.DictReader(f))
        messages = [int(r["messages"]) / 1e6 for r in rows]
        total = [int(r["disk_bytes"]) / (1 << 20) for r in rows]
        tables = [int(r["sst_bytes"]) / (1 << 20) for r in rows]
        (line,) = ax.plot(messages, total, label=f"{label}: whole folder")
        ax.plot(messages, tables, linestyle="--", color=line.get_color(),
                label=f"{label}: table files")
    ax.set_xlabel("messages written (millions)")
    ax.set_ylabel("disk use (MiB)")
    ax.set_title("Event log disk use (bench_log_retention)")
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(args.png, dpi=110)


if __name__ == "__main__":
    main()
