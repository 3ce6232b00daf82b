#!/bin/sh
# Retention through the real processes: a core with core.retain_events keeps only the newest
# events once its snapshots cover the rest, `cordgate export` says where the trimmed log begins
# and exports what is kept, --since/--until filter by the events' time, and the core starts again
# on the trimmed log. Events go in one at a time (--rate), as in a chat: retention drops whole
# commits.
# Usage: retention_export.sh BUILD_DIR CAPTURE (a capture of a few hundred events)
set -eu
build=${1:?usage: retention_export.sh BUILD_DIR CAPTURE}
capture=${2:?usage: retention_export.sh BUILD_DIR CAPTURE}
dir=$(mktemp -d)
core_pid=""
cleanup() {
    [ -n "$core_pid" ] && kill "$core_pid" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cat >"$dir/cordgate.toml" <<TOML
[bus]
endpoint = "ipc://$dir/bus.sock"
[core]
data_dir = "$dir/log"
snapshot_every = 50
retain_events = 100
wal_spare_mib = 0
TOML
"$build/runtime/cordgate" check-config "$dir/cordgate.toml" --for core >/dev/null ||
    fail "check-config refused the retention keys"

start_core() {
    "$build/runtime/cordgate-core" --config "$dir/cordgate.toml" --log-level warn &
    core_pid=$!
}
stop_core() {
    kill "$core_pid"
    wait "$core_pid" || true
    core_pid=""
}

start_core
"$build/runtime/cordgate" inject "$capture" --bus "ipc://$dir/bus.sock" --linger-ms 500 --rate 400 >/dev/null
stop_core

total=$(grep -c '^{' "$capture")
"$build/runtime/cordgate" export --data-dir "$dir/log" >"$dir/all.jsonl" 2>"$dir/all.err"
kept=$(grep -c '^{' "$dir/all.jsonl")
grep -q "dropped by retention" "$dir/all.err" || fail "export did not say the log was trimmed"
# 100 kept before the newest snapshot, plus up to 49 after it and the rest of a commit.
[ "$kept" -ge 100 ] || fail "kept $kept of $total events, fewer than retain_events"
[ "$kept" -lt "$total" ] || fail "kept all $total events"

tomorrow=$(date -u -d tomorrow +%Y-%m-%d)
yesterday=$(date -u -d yesterday +%Y-%m-%d)
n=$("$build/runtime/cordgate" export --data-dir "$dir/log" --since "$tomorrow" 2>/dev/null | grep -c '^{' || true)
[ "$n" -eq 0 ] || fail "--since tomorrow exported $n events"
n=$("$build/runtime/cordgate" export --data-dir "$dir/log" --since "$yesterday" --until "$tomorrow" 2>/dev/null | grep -c '^{')
[ "$n" -eq "$kept" ] || fail "--since yesterday --until tomorrow exported $n of $kept"
if "$build/runtime/cordgate" export --data-dir "$dir/log" --since "last week" >/dev/null 2>"$dir/bad.err"; then
    fail "a bad --since was accepted"
fi
grep -q "is not a date" "$dir/bad.err" || fail "no clear error for a bad --since: $(cat "$dir/bad.err")"

# The trimmed log starts a core again: the newest snapshot and its tail are there.
start_core
sleep 1
kill -0 "$core_pid" 2>/dev/null || fail "the core did not start on the trimmed log"
stop_core
echo "retention: kept $kept of $total events; export and restart work"
