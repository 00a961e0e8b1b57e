#!/usr/bin/python3
"""Soak test of rasa-mock (`make soak`, README "Soak test"): mixed load for SECONDS against one rasa-mock
(the ASan build in `make soak`), with the echo bot, on loopback only:

  REST      - senders POST one message after another; each reply must be exactly the echo of it.
  callback  - senders POST to the callback webhook; a receiver (aiohttp) collects what rasa-mock POSTs
              back, and goes down for a while every cycle, then comes back on the same port.
  Socket.IO - sessions (session_persistence) connect, confirm their session, send a batch, wait for
              its answers, disconnect and connect again (polling, websocket and the upgrade in turn).

It checks that every message is answered exactly once and in order per sender, that rasa-mock's RSS is
flat after the warm-up, and that rasa-mock exits cleanly (no sanitizer report, no leak) on SIGTERM.
It prints the message counts and the RSS figures. Exit 0 when everything held, 1 otherwise.
"""
import argparse
import asyncio
import collections
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import aiohttp.web
import engineio
import engineio.payload
import requests
import socketio

failures = []
failures_lock = threading.Lock()


def fail(message):
    with failures_lock:
        if len(failures) < 50:
            failures.append(message)
    print(f"soak: FAIL {message}", file=sys.stderr, flush=True)


class Receiver:
    """The callback receiver: records every POSTed bot message per recipient; can go down and come back."""

    def __init__(self):
        self.received = collections.defaultdict(list)
        self.lock = threading.Lock()
        self.posted = threading.Condition(self.lock)  # notified at every POST
        self.posts = 0
        self.loop = asyncio.new_event_loop()
        self.runner = None
        self.port = None
        self.downs = 0
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    async def _handle(self, request):
        body = await request.json()
        with self.lock:
            self.posts += 1
            self.received[body.get("recipient_id")].append(body.get("text"))
            self.posted.notify_all()
        return aiohttp.web.json_response({"status": "ok"})

    async def _start(self):
        app = aiohttp.web.Application()
        app.router.add_post("/bot", self._handle)
        self.runner = aiohttp.web.AppRunner(app, handle_signals=False)
        await self.runner.setup()
        if self.port is None:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]
        site = aiohttp.web.TCPSite(self.runner, "127.0.0.1", self.port, reuse_address=True)
        await site.start()

    async def _stop(self):
        await self.runner.cleanup()  # answers what is in progress, then closes every connection

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(60)

    def up(self):
        for attempt in range(50):
            try:
                return self._call(self._start())
            except OSError:  # the port is briefly still held after the last stop
                time.sleep(0.1)
        raise RuntimeError("the callback receiver cannot listen on its port again")

    def down(self):
        self.downs += 1
        self._call(self._stop())


def start_mock(binary, credentials):
    env = dict(os.environ)
    # A small quarantine: ASan keeps freed memory in it, which would look like growth for a long while. No
    # allocation stacks: ASan stores each new one for good (its stack depot), 8 MB in the first minute of
    # this load, which looks like growth too; an error is still reported, with the stack where it happened.
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:quarantine_size_mb=16:malloc_context_size=0")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
    log = tempfile.NamedTemporaryFile(prefix="soak-mock-", suffix=".log", delete=False)
    mock = subprocess.Popen([binary, "--port", "0", "--bot", "echo", "--credentials", credentials, "--quiet"],
                            stdout=subprocess.PIPE, stderr=log, env=env, text=True)
    line = mock.stdout.readline()
    match = re.search(r"listening on (http://\S+)", line)
    if not match:
        mock.kill()
        raise RuntimeError(f"rasa-mock did not start: {line!r}; see {log.name}")
    threading.Thread(target=mock.stdout.read, daemon=True).start()
    return mock, match.group(1), log.name


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent = collections.Counter()
        self.answered = collections.Counter()

    def add(self, kind, sent=0, answered=0):
        with self.lock:
            self.sent[kind] += sent
            self.answered[kind] += answered


def rest_worker(url, k, stop, counts, pause):
    sender = f"rest-{k}"
    http = requests.Session()
    i = 0
    while not stop.is_set():
        text = f"{sender}-{i}"
        try:
            r = http.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=30)
        except requests.RequestException as e:
            fail(f"REST {text}: {e}")
            return
        counts.add("rest", sent=1)
        expected = [{"recipient_id": sender, "text": f"you said: {text}"}]
        if r.status_code != 200 or r.json() != expected:
            fail(f"REST {text}: {r.status_code} {r.text[:200]}")
            return
        counts.add("rest", answered=1)
        i += 1
        time.sleep(pause)


def callback_worker(url, k, stop, counts, sent, pause):
    sender = f"cb-{k}"
    http = requests.Session()
    i = 0
    while not stop.is_set():
        text = f"{sender}-{i}"
        try:
            r = http.post(f"{url}/webhooks/callback/webhook", json={"sender": sender, "message": text},
                          timeout=30)
        except requests.RequestException as e:
            fail(f"callback {text}: {e}")
            return
        if r.status_code != 200 or r.text != "success":
            fail(f"callback {text}: {r.status_code} {r.text[:200]}")
            return
        sent[sender].append(f"you said: {text}")
        counts.add("callback", sent=1)
        i += 1
        time.sleep(pause)


# python-engineio 4.3's client refuses a polling response of more than 16 packets ("Too many packets in
# payload") and drops the connection; servers (python-engineio's, node's, rasa-mock) send whatever is
# queued. When a loaded machine makes a client's next GET late, a batch's replies queue up beyond 16.
engineio.payload.Payload.max_decode_packets = 1000


def record_in_wire_order(client, event, handler):
    """Calls handler(data) for each `event` in the order the packets came off the wire.

    python-engineio 4.3 starts a thread for every MESSAGE packet it receives, and python-socketio runs
    the event handler on it; under load a later handler can run first, so handlers see the server's
    replies out of order although they arrived in order. The soak checks the server, so it takes the
    events in python-engineio's read loop, which handles one packet after the other."""
    receive = client.eio._receive_packet

    def receive_in_order(pkt):
        if pkt.packet_type == engineio.packet.MESSAGE and isinstance(pkt.data, str):
            sio_packet = socketio.packet.Packet(encoded_packet=pkt.data)
            if (sio_packet.packet_type == socketio.packet.EVENT and isinstance(sio_packet.data, list)
                    and sio_packet.data and sio_packet.data[0] == event):
                handler(sio_packet.data[1] if len(sio_packet.data) > 1 else None)
        receive(pkt)

    client.eio._receive_packet = receive_in_order


def sio_worker(url, k, stop, counts, batch, reconnects):
    session = f"sio-{k}"
    transports = [["polling"], ["websocket"], ["polling", "websocket"]]
    i = 0
    cycle = 0
    while not stop.is_set():
        client = socketio.Client(reconnection=False)
        answers = []
        answered = threading.Condition()  # notified at every answer
        confirmed = threading.Event()
        expected = []

        @client.on("session_confirm")
        def on_confirm(data):
            if data != session:
                fail(f"Socket.IO {session}: confirmed as {data!r}")
            confirmed.set()

        def on_bot(data):
            with answered:
                answers.append(data.get("text") if isinstance(data, dict) else data)
                answered.notify_all()

        record_in_wire_order(client, "bot_uttered", on_bot)

        try:
            client.connect(url, transports=transports[cycle % len(transports)], wait_timeout=30)
            client.emit("session_request", {"session_id": session})
            if not confirmed.wait(30):
                fail(f"Socket.IO {session}: no session_confirm")
                return
            for _ in range(batch):
                text = f"{session}-{i}"
                expected.append(f"you said: {text}")
                client.emit("user_uttered", {"message": text, "session_id": session})
                counts.add("socketio", sent=1)
                i += 1
                time.sleep(0.01)
            with answered:
                answered.wait_for(lambda: len(answers) >= len(expected), timeout=60)
            # Anything late would show up here as a duplicate or out of order.
            time.sleep(0.05)
            if answers != expected:
                missing = [t for t in expected if t not in answers]
                fail(f"Socket.IO {session} cycle {cycle}: {len(answers)} answers for {len(expected)} messages;"
                     f" missing {missing[:3]}, first answers {answers[:3]}")
                return
            counts.add("socketio", answered=len(answers))
        except (socketio.exceptions.ConnectionError, socketio.exceptions.SocketIOError) as e:
            fail(f"Socket.IO {session} cycle {cycle}: {e}")
            return
        finally:
            client.disconnect()
        cycle += 1
        reconnects[session] = cycle


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mock", required=True, help="the rasa-mock binary (the ASan build in make soak)")
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--rest", type=int, default=3, help="REST senders")
    parser.add_argument("--callback", type=int, default=3, help="callback senders")
    parser.add_argument("--socketio", type=int, default=4, help="Socket.IO sessions")
    parser.add_argument("--pause", type=float, default=0.02, help="seconds between two messages of a sender")
    parser.add_argument("--batch", type=int, default=20, help="Socket.IO messages per connection")
    args = parser.parse_args()

    receiver = Receiver()
    receiver.up()
    with tempfile.NamedTemporaryFile("w", prefix="soak-credentials-", suffix=".yml", delete=False) as f:
        f.write(f'rest:\ncallback:\n  url: "http://127.0.0.1:{receiver.port}/bot"\n'
                "socketio:\n  user_message_evt: user_uttered\n  bot_message_evt: bot_uttered\n"
                "  session_persistence: true\n")
        credentials = f.name
    mock, url, mock_log = start_mock(args.mock, credentials)
    print(f"soak: rasa-mock {url} (pid {mock.pid}, log {mock_log}), receiver :{receiver.port}, "
          f"{args.seconds} s", flush=True)

    stop = threading.Event()
    counts = Counts()
    callback_sent = collections.defaultdict(list)
    reconnects = {}
    workers = [threading.Thread(target=rest_worker, args=(url, k, stop, counts, args.pause))
               for k in range(args.rest)]
    workers += [threading.Thread(target=callback_worker, args=(url, k, stop, counts, callback_sent, args.pause))
                for k in range(args.callback)]
    workers += [threading.Thread(target=sio_worker, args=(url, k, stop, counts, args.batch, reconnects))
                for k in range(args.socketio)]
    for w in workers:
        w.start()

    # The receiver is down for 1/6 of every cycle, at most 10 s (well inside the outbox's retry window),
    # and up at the end. RSS is sampled every second; the first quarter (at least 15 s) is the warm-up.
    start = time.monotonic()
    cycle = max(12.0, min(60.0, args.seconds / 5))
    down_for = min(10.0, cycle / 6)
    samples = []
    receiver_up = True
    while time.monotonic() - start < args.seconds and mock.poll() is None:
        t = time.monotonic() - start
        phase = t % cycle
        should_be_up = not (cycle - down_for <= phase) or t > args.seconds - cycle / 2
        if should_be_up != receiver_up:
            (receiver.up if should_be_up else receiver.down)()
            receiver_up = should_be_up
        samples.append((t, rss_kb(mock.pid)))
        with counts.lock:
            progress = dict(counts.sent)
        if len(samples) % 30 == 0:
            print(f"soak: {t:5.0f} s  rss {samples[-1][1] / 1024:.1f} MB  sent {progress}", flush=True)
        time.sleep(1.0)
    if not receiver_up:
        receiver.up()
    stop.set()
    for w in workers:
        w.join(120)

    # Every callback message must arrive; the outbox may still be retrying after a down phase.
    expected_total = sum(len(v) for v in callback_sent.values())
    with receiver.posted:
        # Woken at every POST; a mock that died posts nothing more, and the wait ends at its timeout.
        receiver.posted.wait_for(lambda: receiver.posts >= expected_total or mock.poll() is not None, timeout=60)
    time.sleep(1.0)  # a duplicate would come now
    with receiver.lock:
        for sender, texts in callback_sent.items():
            got = receiver.received.get(sender, [])
            if got != texts:
                dupes = len(got) - len(set(got))
                fail(f"callback {sender}: sent {len(texts)}, received {len(got)} ({dupes} duplicates, "
                     f"in order: {got == sorted(got, key=lambda s: int(s.rsplit('-', 1)[1]))})")
        counts.add("callback", answered=sum(len(v) for v in receiver.received.values()))
        unknown = set(receiver.received) - set(callback_sent)
        if unknown:
            fail(f"callback: messages for senders nobody used: {sorted(unknown)[:5]}")

    # RSS: after the warm-up, the median of the last fifth against the median of the first fifth.
    warm = max(15.0, args.seconds / 4)
    steady = [kb for t, kb in samples if t >= warm]
    if len(steady) >= 10:
        fifth = max(3, len(steady) // 5)
        early, late = statistics.median(steady[:fifth]), statistics.median(steady[-fifth:])
        growth_mb = (late - early) / 1024
        peak_mb = max(kb for _, kb in samples) / 1024
        print(f"soak: RSS after {warm:.0f} s warm-up: {early / 1024:.1f} MB -> {late / 1024:.1f} MB "
              f"({growth_mb:+.1f} MB), peak {peak_mb:.1f} MB, start {samples[0][1] / 1024:.1f} MB")
        if growth_mb > max(16.0, 0.15 * early / 1024):
            fail(f"rasa-mock's RSS grew by {growth_mb:.1f} MB after the warm-up")
    else:
        fail("too few RSS samples (rasa-mock died?)")

    if mock.poll() is not None:
        fail(f"rasa-mock exited during the soak with {mock.returncode}")
    else:
        mock.send_signal(signal.SIGTERM)
        try:
            rc = mock.wait(60)
        except subprocess.TimeoutExpired:
            mock.kill()
            rc = "a hang on SIGTERM"
        if rc != 0:
            fail(f"rasa-mock exited with {rc} on SIGTERM")
    with open(mock_log, errors="replace") as f:
        log = f.read()
    for marker in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"):
        if marker in log:
            fail(f"rasa-mock's log has '{marker}': see {mock_log}")

    for kind in ("rest", "callback", "socketio"):
        print(f"soak: {kind:9} sent {counts.sent[kind]:7d}  answered {counts.answered[kind]:7d}")
    print(f"soak: Socket.IO reconnects {sum(reconnects.values())}, callback receiver down {receiver.downs} times")
    if failures:
        print(f"soak: FAILED ({len(failures)} problems; the first: {failures[0]})")
        return 1
    os.unlink(mock_log)
    os.unlink(credentials)
    print("soak: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
