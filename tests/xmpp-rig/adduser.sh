#!/bin/bash
# Creates an account on the rig's server (running or not).  Usage: adduser.sh USER HOST PASSWORD
set -eu
source "$(dirname "$0")/common.sh"
[ $# -eq 3 ] || { echo "usage: adduser.sh USER HOST PASSWORD" >&2; exit 2; }
# As root prosodyctl would switch to a 'prosody' user; run it as the same user as prosody instead.
"${RUN[@]}" prosodyctl --config "$CFG" register "$1" "$2" "$3"
