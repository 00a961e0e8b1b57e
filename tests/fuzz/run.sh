#!/usr/bin/env bash
# Runs every fuzz target of a RASACHAT_FUZZ build for SECONDS each (`make fuzz`, FUZZ_SECONDS), starting
# from the committed corpus (tests/fuzz/corpus/<target>/, never written to) plus what earlier runs in this
# build found (BUILD/fuzz-corpus/<target>/). Prints the executions of each target. Fails when a target
# crashes, trips a sanitizer, leaks, times out or fails a check; the input is then in
# BUILD/fuzz-artifacts/<target>/ and the log in BUILD/fuzz-logs/<target>.log.
#
#   tests/fuzz/run.sh BUILD [SECONDS] [TARGET...]
set -uo pipefail
build=${1:?usage: run.sh BUILD [SECONDS] [TARGET...]}
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))
src=$(cd "$(dirname "$0")" && pwd)
if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(ls "$src/corpus"); fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
status=0
printf '%-20s %12s %10s %8s  %s\n' target runs exec/s corpus result
for t in "${targets[@]}"; do
  binary="$build/fuzz/fuzz_$t"
  if [ ! -x "$binary" ]; then
    echo "$t: $binary is missing (configure with -DRASACHAT_FUZZ=ON)" >&2
    status=1
    continue
  fi
  work="$build/fuzz-corpus/$t"
  artifacts="$build/fuzz-artifacts/$t"
  log="$build/fuzz-logs/$t.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="$artifacts/")
  case $t in
    http_front) options+=(-max_len=16384) ;;
    credentials|conversation_script) options+=(-max_len=8192) ;;
    *) options+=(-max_len=4096) ;;
  esac
  [ -f "$src/$t.dict" ] && options+=(-dict="$src/$t.dict")
  "$binary" "${options[@]}" "$work" "$src/corpus/$t" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  size=$(ls "$work" | wc -l)
  if [ $rc -eq 0 ]; then
    printf '%-20s %12s %10s %8s  %s\n' "$t" "${runs:-?}" "${speed:-?}" "$size" ok
  else
    status=1
    printf '%-20s %12s %10s %8s  %s\n' "$t" "${runs:-?}" "${speed:-?}" "$size" "FAILED (exit $rc)"
    grep -E 'ERROR|SUMMARY|fuzz check failed|detail:|runtime error|#[0-9]+ 0x' "$log" | head -40 | sed 's/^/    /'
    for a in "$artifacts"/*; do
      [ -f "$a" ] || continue
      echo "    input: $a"
      echo "    keep it as a regression: cp '$a' tests/fuzz/regressions/$t/"
    done
  fi
done
exit $status
