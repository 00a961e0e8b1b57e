#!/usr/bin/env bash
# Installs the build into a temporary prefix, builds tests/package against the installed RasaChat
# package, and runs it against rasa-mock: find_package(RasaChat) + RasaChat::Widget work for real.
set -euo pipefail
build=$1
src=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'kill "${mock:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
extra=()
if grep -q '^RASACHAT_SANITIZE:BOOL=ON' "$build/CMakeCache.txt"; then
  # The installed libraries are instrumented: so must the app be that loads them.
  extra=(-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined)
fi
cmake -S "$src" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" "${extra[@]}" >/dev/null
cmake --build "$work/build" >/dev/null
mkfifo "$work/mock.out"
"$work/prefix/bin/rasa-mock" --port 0 --quiet > "$work/mock.out" &
mock=$!
exec 3< "$work/mock.out"
read -r -t 20 line <&3 # "rasa-mock listening on http://127.0.0.1:PORT"
url=${line##* }
QT_QPA_PLATFORM=offscreen "$work/build/embed-example" --url "$url" --channel socketio --check
echo "1 passed, 0 failed"
