#!/usr/bin/env bash
# systemd_units_verify: the units as systemd reads them. systemd-analyze verify checks that
# ExecStart's program exists, so /usr/bin/cordgate-* is pointed at the build tree first; any
# line it prints (a warning as much as an error) fails the test. Then the exposure score of each
# service, which must stay under 2.0 ("OK" in systemd-analyze security's words).
#   units_verify.sh UNIT_DIR CORE_BIN_DIR XMPP_BIN_DIR DISCORD_BIN_DIR
set -euo pipefail
units=$1 core_dir=$2 xmpp_dir=$3 discord_dir=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for f in "$units"/*.service "$units"/*.target; do
  sed -e "s#/usr/bin/cordgate-core#$core_dir/cordgate-core#" \
      -e "s#/usr/bin/cordgate-xmpp#$xmpp_dir/cordgate-xmpp#" \
      -e "s#/usr/bin/cordgate-discord#$discord_dir/cordgate-discord#" "$f" >"$work/$(basename "$f")"
done
grep -q "$core_dir/cordgate-core" "$work/cordgate-core.service"

cd "$work"
# --man=no: the man pages are installed by the package, not present in a build tree.
out=$(systemd-analyze verify --man=no ./*.service ./*.target 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then
  echo "systemd-analyze verify said:"; echo "$out"; exit 1
fi
echo "systemd-analyze verify: no warnings for $(ls | tr '\n' ' ')"

for f in ./*.service; do
  systemd-analyze security --offline=true --threshold=20 "$f" | tail -1
done
