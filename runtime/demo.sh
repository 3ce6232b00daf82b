#!/usr/bin/env bash
# The demo: prosody, the Discord emulator (seeds/demo.json), cordgate-core and both adapters on
# loopback, a registered demo account, and a small script keeping the Discord side alive.
# Ctrl-C stops what this started and nothing else. Everything is in runtime/demo.py.
set -euo pipefail
BUILD=${1:?usage: demo.sh BUILD_DIR}
shift
TOP=$(cd "$(dirname "$0")/.." && pwd)
exec /usr/bin/python3 "$TOP/runtime/demo.py" --build "$BUILD" "$@"
