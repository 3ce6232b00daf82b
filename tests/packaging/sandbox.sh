#!/bin/sh
# sandbox.sh PROGRAM [ARGS...]: runs a cordgate daemon under the hardening of its systemd unit,
# as far as it can be had without systemd as PID 1, so a full-stack test shows the daemons still
# work with it (the stack runs it through CORDGATE_WRAP_<NAME>; it execs, keeping the pid):
#   ProtectSystem=strict       every mount read-only but /proc, /sys and /dev, except the state
#                              folder ($CORDGATE_STACK_FOLDER, the test's StateDirectory)
#   ProtectHome=yes            /home and /root empty (unless the program itself lives there)
#   PrivateDevices=yes         a /dev of null, zero, full, random, urandom only
#   NoNewPrivileges=yes, CapabilityBoundingSet= (empty), User=
#                              as $CORDGATE_SANDBOX_USER, or as root with every capability gone
#                              (a build tree under /root stays reachable to its owner)
#   SystemCallFilter=, SystemCallErrorNumber=, SystemCallArchitectures=,
#   RestrictAddressFamilies=, MemoryDenyWriteExecute=, RestrictNamespaces=
#                              the seccomp filter systemd would make of the unit's own lines
#                              (seccomp_exec.py), loaded last, as systemd does
# The unit is PROGRAM's name + .service in $CORDGATE_UNIT_DIR (default: packaging/systemd).
# Not emulated (systemd-analyze verify and security check them): PrivateTmp (the test's state
# folder is under /tmp), the Protect* of the kernel, clock and hostname, ProtectProc/ProcSubset,
# RestrictRealtime, LockPersonality, IPAddressDeny, RemoveIPC, UMask.
set -eu
: "${CORDGATE_STACK_FOLDER:?the state folder to leave writable}"
here=$(cd "$(dirname "$0")" && pwd)
unit=${CORDGATE_UNIT_DIR:-$here/../../packaging/systemd}/$(basename "$1").service
[ -f "$unit" ] || { echo "sandbox: no unit $unit" >&2; exit 96; }
exec unshare --mount --propagation private -- /bin/sh -eu -c '
rw=$1 user=$2 here=$3 unit=$4 prog=$5
shift 4

# ProtectSystem=strict
for mp in $(awk "{print \$5}" /proc/self/mountinfo | sort -u); do
  case "$mp" in /proc|/proc/*|/sys|/sys/*|/dev|/dev/*) continue ;; esac
  mount -o remount,bind,ro "$mp" 2>/dev/null || echo "sandbox: $mp stays writable" >&2
done
mount --bind "$rw" "$rw"
mount -o remount,bind,rw "$rw"  # a bind mount starts with the flags of the one it comes from
if touch /usr/.cordgate-sandbox 2>/dev/null; then
  echo "sandbox: / is still writable" >&2; exit 97
fi

# The seccomp loader and the unit, where the daemon'"'"'s user can read them whatever the
# repository'"'"'s place (a clone under /root is hidden below): a tmpfs of this namespace only.
mount -t tmpfs -o mode=0755,size=1m tmpfs /mnt
cp "$here/seccomp_exec.py" /mnt/seccomp_exec.py
cp "$unit" /mnt/unit.service
mount -o remount,ro /mnt

# ProtectHome=yes
for home in /home /root; do
  case "$prog" in "$home"/*) continue ;; esac
  [ -d "$home" ] && mount -t tmpfs -o ro,mode=0755,size=4k tmpfs "$home"
done

# PrivateDevices=yes
mount -t tmpfs -o mode=0755,nosuid,noexec,size=64k tmpfs /dev
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/zero c 1 5
mknod -m 666 /dev/full c 1 7
mknod -m 666 /dev/random c 1 8
mknod -m 666 /dev/urandom c 1 9
mount -o remount,ro /dev

# NoNewPrivileges=yes, CapabilityBoundingSet=, User=
# then the system call filter, last, as systemd loads it.
seccomp="/usr/bin/python3 /mnt/seccomp_exec.py /mnt/unit.service"
if [ -n "$user" ]; then
  exec setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups --no-new-privs \
    --inh-caps=-all --ambient-caps=-all --bounding-set=-all -- $seccomp "$@"
fi
exec setpriv --no-new-privs --inh-caps=-all --ambient-caps=-all --bounding-set=-all \
  --securebits=+noroot,+noroot_locked,+no_setuid_fixup,+no_setuid_fixup_locked -- $seccomp "$@"
' sandbox "$CORDGATE_STACK_FOLDER" "${CORDGATE_SANDBOX_USER:-}" "$here" "$unit" "$@"
