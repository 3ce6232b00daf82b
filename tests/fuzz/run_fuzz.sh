#!/usr/bin/env bash
# Runs the fuzz targets of a sanitizer tree (./run fuzz): one, or all of targets.txt in turn,
# each for SECONDS (default 30), and prints one summary line per target. libFuzzer's new inputs
# go to BUILD/fuzz-corpus/<target> (kept between runs, never committed); a crash's input goes to
# tests/fuzz/regressions/<target>/, where ctest replays it once it is committed.
#   tests/fuzz/run_fuzz.sh BUILD [TARGET|all] [SECONDS]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$1
WHICH=${2:-all}
SECONDS_EACH=${3:-30}

targets=()
while read -r name _library dict; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  if [[ "$WHICH" == all || "$WHICH" == "$name" ]]; then targets+=("$name:$dict"); fi
done <"$HERE/targets.txt"
if [ ${#targets[@]} -eq 0 ]; then
  echo "no fuzz target '$WHICH'; the targets are:" >&2
  grep -E '^[a-z]' "$HERE/targets.txt" | awk '{print "  " $1}' >&2
  exit 2
fi

# The last "cov:" and "exec/s" libFuzzer printed, for the progress and summary lines.
last_status() { grep -E '^#[0-9]+' "$1" | tail -1 | sed -E 's/^#([0-9]+)\s+\S+\s+/\1 execs, /' || true; }

failed=0
summary=()
for entry in "${targets[@]}"; do
  name=${entry%%:*}
  dict=${entry#*:}
  binary="$BUILD/tests/fuzz/fuzz_$name"
  corpus="$BUILD/fuzz-corpus/$name"
  crashes="$HERE/regressions/$name"
  log="$BUILD/fuzz-logs/$name.log"
  mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
  args=(-max_total_time="$SECONDS_EACH" -timeout=10 -print_final_stats=1
        -artifact_prefix="$crashes/")
  [ "$dict" != - ] && args+=(-dict="$HERE/dict/$dict.dict")
  before=$(ls "$crashes" | wc -l)
  echo "fuzz $name: ${SECONDS_EACH}s (log: $log)"
  "$binary" "${args[@]}" "$corpus" "$HERE/seeds/$name" >"$log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 10
    kill -0 "$pid" 2>/dev/null && echo "  $name: $(last_status "$log")"
  done
  rc=0
  wait "$pid" || rc=$?
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log")
  rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$log")
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)  # none when a seed crashed
  found=$(( $(ls "$crashes" | wc -l) - before ))
  line="$name: ${execs:-?} execs, ${rate:-?}/s, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l), crashes $found"
  if [ "$rc" -ne 0 ] || [ "$found" -gt 0 ]; then
    failed=1
    line+=" (exit $rc): $(grep -m1 -E 'ERROR|fuzz property broken|runtime error' "$log" || true)"
    line+=" input: $(ls -t "$crashes" | head -1)"
  fi
  echo "$line"
  summary+=("$line")
done

echo
echo "fuzz summary (${SECONDS_EACH}s each):"
printf '  %s\n' "${summary[@]}"
exit "$failed"
