#!/usr/bin/env bash
# systemd_units_verify: the units as systemd reads them. systemd-analyze verify checks that
# ExecStart's and ExecStartPre's programs exist, so /usr/bin/cordgate* is pointed at the build
# tree first; any
# line it prints (a warning as much as an error) fails the test. Then the exposure score of each
# service, which must stay under 2.0 ("OK" in systemd-analyze security's words).
#   units_verify.sh UNIT_DIR CORE_BIN_DIR XMPP_BIN_DIR DISCORD_BIN_DIR TOOL_BIN_DIR
set -euo pipefail
units=$1 core_dir=$2 xmpp_dir=$3 discord_dir=$4 tool_dir=$5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for f in "$units"/*.service "$units"/*.target; do
  sed -e "s#/usr/bin/cordgate-core#$core_dir/cordgate-core#" \
      -e "s#/usr/bin/cordgate-xmpp#$xmpp_dir/cordgate-xmpp#" \
      -e "s#/usr/bin/cordgate-discord#$discord_dir/cordgate-discord#" \
      -e "s#/usr/bin/cordgate #$tool_dir/cordgate #" "$f" >"$work/$(basename "$f")"
done
grep -q "$core_dir/cordgate-core" "$work/cordgate-core.service"
# Each daemon's unit checks the configuration first (the same checks the daemon makes).
for d in core xmpp discord; do
  grep -q "^ExecStartPre=$tool_dir/cordgate check-config /etc/cordgate/cordgate.toml$" \
    "$work/cordgate-$d.service" || { echo "cordgate-$d.service: no ExecStartPre check-config"; exit 1; }
done

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
