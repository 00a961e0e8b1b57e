#!/usr/bin/env bash
# Installs the build into a temporary prefix, builds tests/package against the installed RasaChat
# package (every installed header compiled alone, too), checks that the library exports only its public
# API, and runs the example against rasa-mock: find_package(RasaChat) + RasaChat::Widget work for real.
set -euo pipefail
build=$1
src=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'if [ -n "${mock:-}" ]; then kill "$mock" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
extra=()
if grep -q '^RASACHAT_SANITIZE:BOOL=ON' "$build/CMakeCache.txt"; then
  # The installed libraries are instrumented: so must the app be that loads them.
  extra=(-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined)
fi
cmake -S "$src" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" "${extra[@]}" >/dev/null
cmake --build "$work/build" >/dev/null

# The library exports its public API and nothing else: every exported symbol belongs to a public class.
public='RasaChat::(ChatWidget|ConnectionOptions)\b'
lib=$(find "$work/prefix" -name 'librasachat-widget.so.*' -type f | head -1)
leaked=$(nm -D --defined-only --demangle "$lib" | cut -d' ' -f3- | grep -Ev "$public|^_init$|^_fini$" || true)
if [ -n "$leaked" ]; then
  echo "exported symbols that are not public API:" >&2
  echo "$leaked" | head -40 >&2
  exit 1
fi
# What an application needs to subclass a public class, or to build with UBSan (vptr checks).
for needed in "typeinfo for RasaChat::ChatWidget" "vtable for RasaChat::ChatWidget"; do
  if ! nm -D --defined-only --demangle "$lib" | grep -qF "$needed"; then
    echo "not exported: $needed" >&2
    exit 1
  fi
done
headers=$(find "$work/prefix/include" -type f | sed "s#$work/prefix/##" | sort | tr '\n' ' ')
echo "installed headers: $headers"
echo "exported symbols: $(nm -D --defined-only "$lib" | wc -l), all of $public"
mkfifo "$work/mock.out"
"$work/prefix/bin/rasa-mock" --port 0 --quiet > "$work/mock.out" &
mock=$!
exec 3< "$work/mock.out"
read -r -t 20 line <&3 # "rasa-mock listening on http://127.0.0.1:PORT"
url=${line##* }
QT_QPA_PLATFORM=offscreen "$work/build/embed-example" --url "$url" --channel socketio --check
echo "3 passed, 0 failed (headers alone, exported symbols, embedded chat)"
