#!/bin/sh
# Makes tests/upgrade/logs/<date>-<commit>.tar.gz: a log written by this build's cordgate-core
# (captures 41 and 42 injected one event at a time, a snapshot every 100 events), for
# runtime_tests' Upgrade.* to read with every later build. Run it from the checkout whenever the
# log's or the state's encoding changes, and commit the tarball; keep the older ones.
# Usage: tests/upgrade/make_log.sh BUILD_DIR
set -eu
build=${1:?usage: make_log.sh BUILD_DIR}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat >"$dir/cordgate.toml" <<TOML
[bus]
endpoint = "ipc://$dir/bus.sock"
[core]
data_dir = "$dir/log"
snapshot_every = 100
wal_spare_mib = 0
TOML
"$build/runtime/cordgate-core" --config "$dir/cordgate.toml" --log-level warn &
core=$!
origin=inject
for capture in tests/replay/41_room_archive_paging.jsonl tests/replay/42_room_join_from_archive.jsonl; do
    "$build/runtime/cordgate" inject "$capture" --bus "ipc://$dir/bus.sock" --origin "$origin" \
        --linger-ms 500 --rate 500 >/dev/null
    origin=${origin}2
done
kill "$core"
wait "$core" || true
# Opening it once flushes the WAL into table files, so both are in the tarball.
"$build/runtime/cordgate" export --data-dir "$dir/log" >/dev/null
rm -f "$dir"/log/LOG "$dir"/log/LOG.old.* "$dir/log/LOCK"
out="tests/upgrade/logs/$(date -u +%F)-$(git rev-parse --short HEAD).tar.gz"
tar -C "$dir" -czf "$out" log
echo "wrote $out"
