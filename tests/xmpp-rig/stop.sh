#!/bin/bash
# Stops the prosody that start.sh started, by its pid only.  Usage: stop.sh [-9]
set -u
source "$(dirname "$0")/common.sh"
PIDF="$XMPP_RIG/run/prosody.launcher.pid"
[ -f "$PIDF" ] || { echo "stop.sh: not running"; exit 0; }
PID=$(cat "$PIDF")
# A stale pid file may name a recycled pid: only signal a process running our config.
if ! tr '\0' ' ' <"/proc/$PID/cmdline" 2>/dev/null | grep -q -- "--config $CFG"; then
    echo "stop.sh: pid $PID is not this rig's prosody; removing the stale pid file"
    rm -f "$PIDF"; exit 0
fi
SIG=TERM; [ "${1:-}" = "-9" ] && SIG=KILL
kill -"$SIG" "$PID" 2>/dev/null || true
for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
kill -0 "$PID" 2>/dev/null && kill -KILL "$PID"
rm -f "$PIDF"
echo "stopped prosody $PID"
