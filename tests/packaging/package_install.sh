#!/usr/bin/env bash
# package_install: makes the .deb from this build tree (CPack), lints it, installs it, checks what
# the postinst set up, and runs the DM full-stack test against the installed daemons: /usr/bin's
# binaries reading /etc/cordgate/cordgate.toml (the test's ports written into it, the original
# put back afterwards), run as _cordgate under tests/packaging/sandbox.sh's hardening.
# A package that was not installed before is purged at the end, so a second run starts as the
# first did; one that was stays installed (at this build's version).
#   package_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd) top=$(cd "$2" && pwd)
if [ "$(id -u)" != 0 ]; then
  echo "package_install: needs root (dpkg, the _cordgate user); skipped"; exit 77
fi
log() { printf '[package_install %3ds] %s\n' "$((SECONDS))" "$*"; }
SECONDS=0

# 1. The package.
rm -f "$build"/cordgate_*.deb
(cd "$build" && cpack -G DEB) >"$build/cpack.log" 2>&1 || { cat "$build/cpack.log"; exit 1; }
debs=("$build"/cordgate_*_amd64.deb)
[ -f "${debs[0]}" ] || { echo "no cordgate_*_amd64.deb in $build"; cat "$build/cpack.log"; exit 1; }
deb=${debs[0]}
log "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"
dpkg-deb --field "$deb" Depends

# 2. lintian: no error, and no warning that is not overridden (with its reason) in the package.
if ! lintian --fail-on error,warning --display-level '>=warning' "$deb" >"$build/lintian.log" 2>&1; then
  cat "$build/lintian.log"; echo "lintian found errors or warnings"; exit 1
fi
log "lintian: no errors, no warnings ($(grep -c '^[EW]:' "$build/lintian.log" || true) lines)"

# 3. Install (twice in a row must work: a reinstall over itself).
was_installed=no
dpkg-query -W -f='${Status}' cordgate 2>/dev/null | grep -q 'install ok installed' && was_installed=yes
config=/etc/cordgate/cordgate.toml
saved=$(mktemp)
restore() {
  if [ -s "$saved" ]; then cat "$saved" >"$config"; fi
  rm -f "$saved"
  if [ "$was_installed" = no ]; then
    DEBIAN_FRONTEND=noninteractive dpkg --purge cordgate >/dev/null 2>&1 || true
  fi
}
trap restore EXIT
install_deb() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall --no-install-recommends \
    -o Dpkg::Options::=--force-confold "$deb" >"$build/apt-install.log" 2>&1 \
    || { cat "$build/apt-install.log"; exit 1; }
}
install_deb
install_deb
cp "$config" "$saved"
log "installed (was installed before: $was_installed)"

# 4. What the package and its postinst left.
fail() { echo "package_install: $*"; exit 1; }
for b in cordgate-core cordgate-xmpp cordgate-discord cordgate; do
  [ -x /usr/bin/$b ] || fail "/usr/bin/$b missing"
  [ -f /usr/share/man/man1/$b.1.gz ] || fail "no man page for $b"
done
getent passwd _cordgate >/dev/null || fail "no _cordgate user"
[ "$(stat -c '%a %U %G' "$config")" = "640 root _cordgate" ] \
  || fail "$config is $(stat -c '%a %U %G' "$config"), not 640 root _cordgate"
[ "$(stat -c '%U %G' /var/lib/cordgate)" = "_cordgate _cordgate" ] || fail "/var/lib/cordgate not _cordgate's"
grep -qx "$config" /var/lib/dpkg/info/cordgate.conffiles || fail "$config is not a conffile"
# The example config passes the units' ExecStartPre, run as the units run it.
out=$(setpriv --reuid=_cordgate --regid=_cordgate --clear-groups \
      /usr/bin/cordgate check-config "$config" 2>&1) || fail "check-config on the example: $out"
case $out in "$config: ok for core, xmpp and discord: "*) ;; *) fail "check-config said: $out" ;; esac
# The installed units (their man pages were checked above: man itself may be missing).
out=$(cd /lib/systemd/system && systemd-analyze verify --man=no ./cordgate-core.service \
      ./cordgate-xmpp.service ./cordgate-discord.service ./cordgate.target 2>&1) \
  || fail "systemd-analyze verify on the installed units: $out"
[ -z "$out" ] || fail "systemd-analyze verify on the installed units: $out"
log "layout, user, modes, conffile and installed units checked"

# 5. The DM tests against the installed daemons and config layout, as _cordgate, hardened.
(cd "$top/tests/fullstack" && \
  CORDGATE_BUILD_DIR=$build CORDGATE_BIN_DIR=/usr/bin CORDGATE_CONFIG=$config \
  CORDGATE_RUN_AS=_cordgate CORDGATE_SANDBOX_USER=_cordgate PYTHONDONTWRITEBYTECODE=1 \
  /usr/bin/python3 "$top/tests/packaging/test_hardened.py" -v)
log "the DM tests passed against the installed package"
