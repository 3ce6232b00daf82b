#!/bin/bash
# Instructions per call of the four envelope codec functions, counted by callgrind while
# bench_codec runs each one's benchmark: repeatable to a few instructions, so it shows what a
# change does on a machine whose timings swing with the load of others.
# Usage: bench/bench_codec_callgrind.sh [path/to/bench_codec]   (default: build/bench/bench_codec)
set -eu
bin=${1:-build/bench/bench_codec}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for f in encode_event decode_event encode_effect decode_effect; do
    case $f in
        encode_event) bm=BM_EncodeEvent ;;
        decode_event) bm=BM_DecodeEvent ;;
        encode_effect) bm=BM_EncodeEffect ;;
        decode_effect) bm=BM_DecodeEffect ;;
    esac
    valgrind --tool=callgrind --callgrind-out-file="$out/$f" "$bin" --benchmark_filter="^$bm\$" \
        --benchmark_min_time=0.05 >/dev/null 2>&1
    # The caller tree's line for the benchmark's call: inclusive cost and call count.
    line=$(callgrind_annotate --inclusive=yes --tree=caller "$out/$f" 2>/dev/null |
        grep -E "=> .*envelope.cpp:cordgate::core::$f(\[|\().*x\)" | head -1)
    cost=$(echo "$line" | awk '{gsub(",", "", $1); print $1}')
    calls=$(echo "$line" | sed -E 's/.*\(([0-9,]+)x\).*/\1/' | tr -d ,)
    printf "%-14s %8d Ir/call  (%d calls)\n" "$f" $((cost / calls)) "$calls"
done
