#!/bin/sh
# The live core and the replay tool agree: play a capture into a running cordgate-core over the
# bus, stop it, export its log, and replay the export against the capture's stored expectation.
# The effects must be the same bytes (origins and timestamps differ; effects depend on neither).
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
"$build/runtime/cordgate" inject "$capture" --bus "$bus" --linger-ms 200 >"$dir/live-effects.jsonl"
kill "$core_pid"
wait "$core_pid" || true
core_pid=""
"$build/runtime/cordgate" export --data-dir "$dir/log" >"$dir/export.jsonl"
test "$(grep -c '^{' "$dir/export.jsonl")" -eq "$(grep -c '^{' "$capture")"
"$build/runtime/cordgate" replay "$dir/export.jsonl" --expect "${capture%.jsonl}.effects.jsonl"
# And what the core sent over the bus is exactly that set of effects.
sort "$dir/live-effects.jsonl" >"$dir/live.sorted"
grep '^{' "${capture%.jsonl}.effects.jsonl" | sort >"$dir/expected.sorted"
cmp "$dir/live.sorted" "$dir/expected.sorted"
echo "live core == replay for $(basename "$capture")"
