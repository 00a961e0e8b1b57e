#!/usr/bin/env bash
# rasa-probe load next to wrk (Debian's, closed loop, a Lua POST script) against the same rasa-mock --bot
# echo: the load generator's own CPU time per REST request at 64 connections, and the latency floor at
# --rate 10 next to wrk's one-connection round trip. Prints figures, never passes or fails.
#   tests/bench/load_vs_wrk.sh build
set -euo pipefail
build=${1:-build}
seconds=${SECONDS_PER_RUN:-5}
command -v wrk >/dev/null || { echo "load_vs_wrk: wrk is not installed (scripts/install-deps)"; exit 0; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

mkfifo "$work/mock.out"
"$build/bin/rasa-mock" --port 0 --quiet --bot echo > "$work/mock.out" 2>/dev/null &
exec {fd}< "$work/mock.out"
read -r -t 20 line <&$fd
url=${line##* }

# One sender per request slot, as rasa-probe has one per session: the mock runs one sender's turns in order.
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/webhooks/rest/webhook", nil,
                    '{"sender":"wrk' .. (n % 64) .. '","message":"load test"}')
end
LUA
field() { sed -E "s/.*\"$1\":([0-9.]+).*/\1/"; }
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
cpu() { # command... -> user+sys seconds of it (a child of this subshell); its stdout to $work/out
  local t0 t1 me=$BASHPID
  t0=$(awk '{print $14+$15+$16+$17}' /proc/$me/stat)
  "$@" > "$work/out" 2>/dev/null || true
  t1=$(awk '{print $14+$15+$16+$17}' /proc/$me/stat)
  awk "BEGIN { printf \"%.2f\", ($t1 - $t0) / $(getconf CLK_TCK) }"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk $(wrk --version 2>&1 | head -1 | awk '{print $2}'), rasa-mock --bot echo on $url, ${seconds} s per run"
echo
echo "CPU time of the load generator per REST request, 64 connections"
wrk_cpu=$(cpu wrk -t1 -c64 -d${seconds}s -s "$work/post.lua" "$url")
wrk_req=$(awk '/requests in/ {print $1}' "$work/out")
wrk_rate=$(awk '/Requests\/sec/ {print int($2)}' "$work/out")
wrk_us=$(calc "$wrk_cpu * 1000000 / $wrk_req")
echo "  wrk -t1 -c64:                 $wrk_req requests ($wrk_rate/s), ${wrk_cpu} s CPU: ${wrk_us} µs per request"
rate=$(( wrk_rate * 9 / 10 ))
probe_cpu=$(cpu "$build/bin/rasa-probe" load --url "$url" --channel rest --sessions 64 --rate $rate --duration $seconds --json)
probe_req=$(field answered < "$work/out")
probe_us=$(calc "$probe_cpu * 1000000 / $probe_req")
echo "  rasa-probe load --sessions 64 --rate $rate: $probe_req answered, ${probe_cpu} s CPU: ${probe_us} µs per request"
echo "  ratio rasa-probe / wrk: $(calc "$probe_us / $wrk_us")x (goal: at most 1.5x)"
echo
echo "Latency floor (one connection)"
wrk -t1 -c1 -d${seconds}s --latency -s "$work/post.lua" "$url" > "$work/out" 2>/dev/null
echo "  wrk -c1, back to back:        p50 $(awk '$1 == "50%" {print $2}' "$work/out"), p99 $(awk '$1 == "99%" {print $2}' "$work/out")"
for channel in rest socketio; do
  r=$("$build/bin/rasa-probe" load --url "$url" --channel $channel --transport websocket --sessions 1 --rate 10 --duration $seconds --json 2>/dev/null)
  echo "  rasa-probe --rate 10 $channel: p50 $(echo "$r" | field p50_ms) ms, p99 $(echo "$r" | field p99_ms) ms, max $(echo "$r" | field max_ms) ms"
done
