# Sourced by the rig scripts: state folder, ports, and the user prosody runs as.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CFG="$HERE/prosody.cfg.lua"
: "${XMPP_RIG:?set XMPP_RIG to the rig state folder}"
: "${XMPP_C2S_PORT:=15222}"
: "${XMPP_COMPONENT_PORT:=15347}"
export XMPP_RIG XMPP_C2S_PORT XMPP_COMPONENT_PORT
mkdir -p "$XMPP_RIG/data" "$XMPP_RIG/run" "$XMPP_RIG/certs"  # empty certs/ keeps certmanager quiet

# prosody never drops root by itself (only prosodyctl does, to a user we may not have), so when
# started as root everything runs as XMPP_RUN_AS (default nobody) through setpriv.
RUN=()
if [ "$(id -u)" = 0 ]; then
    RUN_AS=${XMPP_RUN_AS:-nobody}
    chmod 755 "$XMPP_RIG"
    chown -R "$RUN_AS" "$XMPP_RIG/data" "$XMPP_RIG/run"
    RUN=(setpriv --reuid="$RUN_AS" --regid="$(id -g "$RUN_AS")" --clear-groups --)
    # The checkout may sit where RUN_AS cannot enter (under /root, in a 0700 temp folder):
    # prosody reads a copy of the config inside the rig's own folder.
    cp "$CFG" "$XMPP_RIG/prosody.cfg.lua"
    chmod 644 "$XMPP_RIG/prosody.cfg.lua"
    CFG="$XMPP_RIG/prosody.cfg.lua"
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
