#!/bin/sh
# Installs discord.js for the fidelity test from the committed lockfile. CI runs this before
# ctest; without it the discord.js fidelity test is skipped, not failed.
set -eu
cd "$(dirname "$0")"
exec npm ci --no-audit --no-fund
