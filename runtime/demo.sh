#!/usr/bin/env bash
# The demo, as far as the processes that exist go: a cordgate-core with a fresh log in .demo/,
# fed the replay corpus over the real bus (cordgate inject acts as both adapters), printing the
# effects the core sends back. Ctrl-C stops what this script started and nothing else.
set -euo pipefail
BUILD=${1:?usage: demo.sh BUILD_DIR}
TOP=$(cd "$(dirname "$0")/.." && pwd)
STATE=$TOP/.demo
rm -rf "$STATE" && mkdir -p "$STATE"
BUS="ipc://$STATE/bus.sock"

"$BUILD/runtime/cordgate-core" --data-dir "$STATE/log" --bus "$BUS" --log-level info &
CORE=$!
trap 'kill $CORE 2>/dev/null; wait $CORE 2>/dev/null || true' EXIT INT TERM
sleep 0.3

for capture in "$TOP"/tests/replay/0*.jsonl; do
  case "$capture" in *.effects.jsonl) continue ;; esac
  echo "=== $(basename "$capture"): $(grep -m1 '^#' "$capture" | sed 's/^# //')"
  "$BUILD/runtime/cordgate" inject "$capture" --bus "$BUS" --origin "demo-$(basename "$capture" .jsonl)" --linger-ms 300
done
echo "=== the log now holds these events (cordgate export after the core stops):"
kill "$CORE"; wait "$CORE" 2>/dev/null || true
trap - EXIT INT TERM
"$BUILD/runtime/cordgate" export --data-dir "$STATE/log" | cut -c1-160
