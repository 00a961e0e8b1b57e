# Thin wrapper over CMake + Ninja. `make run` and `make test` are the whole set-up on a fresh Debian 12.
BUILD     ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
SOAK_SECONDS ?= 600
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
JOBS      ?= $(shell nproc)
CTEST_FLAGS ?= --output-on-failure --timeout 300 -j $(JOBS)

.PHONY: all deps build run test test-sanitize fuzz soak bench clean format

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# The chat window, talking over Socket.IO to the demo bot of a mock server it runs inside itself.
run: build
	$(BUILD)/bin/rasa-chat --demo

test: build
	cd $(BUILD) && ctest $(CTEST_FLAGS)

# The same tests under AddressSanitizer + UndefinedBehaviorSanitizer (CI runs this too).
test-sanitize: deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRASACHAT_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 ctest $(CTEST_FLAGS)

# Every libFuzzer target of tests/fuzz for FUZZ_SECONDS each (clang-14, ASan + UBSan, its own build dir);
# prints the executions per target and fails on any crash, leak, timeout or failed check.
fuzz: deps
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRASACHAT_FUZZ=ON \
	      -DCMAKE_CXX_COMPILER=clang++-14
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# SOAK_SECONDS of mixed REST / callback / Socket.IO load against the ASan build of rasa-mock: every
# message answered exactly once and in order, RSS flat after the warm-up (tests/soak/soak.py).
soak: deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRASACHAT_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS) --target rasa-mock
	/usr/bin/python3 tests/soak/soak.py --mock $(ASAN_BUILD)/bin/rasa-mock --seconds $(SOAK_SECONDS)

# Figures, never pass/fail: server CPU per operation, throughput and p50/p99 of rasa-mock next to node
# (socket.io, http) and python-socketio/aiohttp for Socket.IO and REST, memory per idle session
# (tests/bench/server_bench.js); the transcript at scale; the load generator. Needs the npm peers.
bench: build
	cd $(BUILD)/interop && npm ci --no-audit --no-fund --prefer-offline >/dev/null
	NODE_PATH=$(BUILD)/interop/node_modules node tests/bench/server_bench.js --mock $(BUILD)/bin/rasa-mock
	QT_QPA_PLATFORM=offscreen $(BUILD)/bench/bench_transcript 100000
	tests/bench/rest_load_bench.sh $(BUILD)
	tests/bench/load_vs_wrk.sh $(BUILD)

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
