#!/bin/sh
# The live core and the replay tool agree: play a capture into a running cordgate-core over the
# bus, stop it, export its log, and replay the export: the effects must be the same bytes as the
# live core's. `inject` stamps its own origins and timestamps, and Discord nonces derive from the
# event's timestamp, so the export is replayed against the live effects, not the capture's.
# Usage: live_equals_replay.sh BUILD_DIR CAPTURE
set -eu
build=${1:?usage: live_equals_replay.sh BUILD_DIR CAPTURE}
capture=${2:?usage: live_equals_replay.sh BUILD_DIR CAPTURE}
dir=$(mktemp -d)
core_pid=""
cleanup() {
    [ -n "$core_pid" ] && kill "$core_pid" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT
bus="ipc://$dir/bus.sock"
"$build/runtime/cordgate-core" --data-dir "$dir/log" --bus "$bus" --log-level warn &
core_pid=$!
"$build/runtime/cordgate" inject "$capture" --bus "$bus" --linger-ms 1000 >"$dir/live-effects.jsonl"
kill "$core_pid"
wait "$core_pid" || true
core_pid=""
"$build/runtime/cordgate" export --data-dir "$dir/log" >"$dir/export.jsonl"
test "$(grep -c '^{' "$dir/export.jsonl")" -eq "$(grep -c '^{' "$capture")"
"$build/runtime/cordgate" replay "$dir/export.jsonl" >"$dir/replayed.jsonl"
# What the core sent over the bus is exactly that set of effects.
sort "$dir/live-effects.jsonl" >"$dir/live.sorted"
grep '^{' "$dir/replayed.jsonl" | sort >"$dir/expected.sorted"
test -s "$dir/expected.sorted"
cmp "$dir/live.sorted" "$dir/expected.sorted"
echo "live core == replay for $(basename "$capture")"
