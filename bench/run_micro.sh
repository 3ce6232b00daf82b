#!/usr/bin/env bash
# Runs every micro benchmark once, briefly, with a progress line per binary. Figures worth
# keeping go to bench/RESULTS.md together with the command, the machine and the date.
set -euo pipefail
BUILD=${1:?usage: run_micro.sh BUILD_DIR}
benches=("$BUILD"/bench/bench_*)
n=${#benches[@]}
i=0
for b in "${benches[@]}"; do
  i=$((i + 1))
  echo "[$i/$n] $(basename "$b")" >&2
  "$b" --benchmark_min_time=0.5
done
