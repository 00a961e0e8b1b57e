#!/usr/bin/env bash
# REST throughput and latency of rasa-mock next to the python reference server (aiohttp, Rasa's REST
# webhook with an echo bot), measured by rasa-probe load at 1, 16 and 64 sessions; then rasa-probe's own
# sending capacity against rasa-mock's echo bot. Prints figures, never passes or fails.
#   tests/bench/rest_load_bench.sh build
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

start() { # name, command...
  local fifo="$work/$1.out"
  mkfifo "$fifo"
  "${@:2}" > "$fifo" 2>/dev/null &
  exec {fd}< "$fifo"
  local line
  read -r -t 20 line <&$fd
  echo "${line##* }"
}
mock=$(start mock "$build/bin/rasa-mock" --port 0 --quiet --bot echo)
python=$(start python /usr/bin/python3 "$here/../interop/rasa_reference_server.py")

load() { # url sessions rate
  "$build/bin/rasa-probe" load --url "$1" --channel rest --sessions "$2" --rate "$3" --duration 3 --json 2>/dev/null
}
field() { sed -E "s/.*\"$1\":([0-9.]+).*/\1/"; }

echo "REST, rasa-probe load, 3 s per cell, open loop at a rate above what either server can answer"
printf '%8s | %28s | %28s | %s\n' sessions "rasa-mock: rep/s p50/p99 ms" "python: rep/s p50/p99 ms" "throughput ratio"
for n in 1 16 64; do
  rate=$(( n == 1 ? 10000 : 40000 ))
  m=$(load "$mock" $n $rate); p=$(load "$python" $n $rate)
  mt=$(echo "$m" | field throughput); pt=$(echo "$p" | field throughput)
  printf '%8s | %10s %8s %8s | %10s %8s %8s | %.2fx\n' $n "$mt" "$(echo "$m" | field p50_ms)" "$(echo "$m" | field p99_ms)" \
    "$pt" "$(echo "$p" | field p50_ms)" "$(echo "$p" | field p99_ms)" "$(awk "BEGIN { print $mt / $pt }")"
done
echo
echo "rasa-probe sending capacity against rasa-mock's echo bot (64 sessions):"
for rate in 20000 30000 40000; do
  r=$(load "$mock" 64 $rate)
  echo "  asked $rate/s: sent $(echo "$r" | field sent) in 3 s, answered $(echo "$r" | field answered), throughput $(echo "$r" | field throughput)/s, p99 $(echo "$r" | field p99_ms) ms"
done
