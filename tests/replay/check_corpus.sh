#!/bin/sh
# Replays every capture in this folder twice: the two outputs must be byte-identical, must equal
# the stored expectation, and a snapshot taken halfway plus the tail must equal the straight
# replay. Usage: check_corpus.sh CORDGATE_BINARY [CORPUS_DIR]
set -eu
cordgate=${1:?usage: check_corpus.sh CORDGATE_BINARY [CORPUS_DIR]}
corpus=${2:-$(dirname "$0")}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
count=0
for capture in "$corpus"/*.jsonl; do
    case "$capture" in *.effects.jsonl) continue ;; esac
    name=$(basename "$capture" .jsonl)
    expected="$corpus/$name.effects.jsonl"
    [ -f "$expected" ] || { echo "FAIL $name: no $name.effects.jsonl beside it"; exit 1; }
    "$cordgate" replay "$capture" >"$out/$name.1"
    "$cordgate" replay "$capture" >"$out/$name.2"
    cmp -s "$out/$name.1" "$out/$name.2" || { echo "FAIL $name: two replays differ"; exit 1; }
    "$cordgate" replay "$capture" --expect "$expected" || { echo "FAIL $name: effects differ"; exit 1; }
    events=$(grep -c '^{' "$capture")
    "$cordgate" replay "$capture" --check-snapshot-at $((events / 2)) >/dev/null ||
        { echo "FAIL $name: snapshot + tail differs"; exit 1; }
    count=$((count + 1))
done
[ "$count" -gt 0 ] || { echo "FAIL: no captures in $corpus"; exit 1; }
echo "replay corpus: $count captures, each replayed twice byte-identical and as expected"
