#!/bin/bash
# Starts the rig's prosody in the background and returns once both ports accept connections.
# Usage: XMPP_RIG=dir XMPP_C2S_PORT=n XMPP_COMPONENT_PORT=m start.sh [--fg]
set -eu
source "$(dirname "$0")/common.sh"

if [ "${1:-}" = "--fg" ]; then exec "${RUN[@]}" prosody -F --config "$CFG"; fi

# A second prosody on a busy port only logs the bind error and keeps running, and the readiness
# probe below would then talk to the old server: refuse instead.
PORTS=("$XMPP_C2S_PORT" "$XMPP_COMPONENT_PORT")
if [ "${XMPP_HTTP_PORT:-0}" != 0 ]; then PORTS+=("$XMPP_HTTP_PORT"); fi
for p in "${PORTS[@]}"; do
    if port_open "$p"; then echo "start.sh: port $p is already in use" >&2; exit 1; fi
done
"${RUN[@]}" prosody -F --config "$CFG" >"$XMPP_RIG/run/stdout.log" 2>&1 &
PID=$!
echo "$PID" >"$XMPP_RIG/run/prosody.launcher.pid"  # setpriv execs, so this is prosody's pid
for _ in $(seq 1 200); do
    ready=1
    for p in "${PORTS[@]}"; do port_open "$p" || ready=0; done
    if [ "$ready" = 1 ]; then
        echo "prosody $PID ready on 127.0.0.1, ports ${PORTS[*]} (c2s, component, http)"
        exit 0
    fi
    if ! kill -0 "$PID" 2>/dev/null; then
        echo "start.sh: prosody exited; see $XMPP_RIG/run/stdout.log and prosody.log" >&2; exit 1
    fi
    sleep 0.05
done
echo "start.sh: prosody did not open its ports within 10 s; see $XMPP_RIG/run/prosody.log" >&2
exit 1
