#!/usr/bin/python3
"""rasa-mock as a process under hostile or unlucky conditions: what reaches its log, and what becomes of
the callback outbox at SIGTERM/SIGINT."""

import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import MOCK, Mock, free_port  # noqa: E402


def post_callback(mock, sender, message):
    r, body = mock.request("POST", "/webhooks/callback/webhook",
                           json.dumps({"sender": sender, "message": message}))
    assert r.status == 200 and body == b"success", (r.status, body)


class Receiver(http.server.ThreadingHTTPServer):
    """A callback receiver (Python's own HTTP server) that records every body it is POSTed."""

    def __init__(self, port):
        self.bodies = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                outer.bodies.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", port), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


class Shutdown(unittest.TestCase):
    def test_undelivered_callback_messages_are_counted_in_one_line(self):
        port = free_port()  # nobody listens here
        mock = Mock("--callback-url", "http://127.0.0.1:%d/bot" % port, "--drain-ms", "300", "--quiet")
        post_callback(mock, "a", "hi")       # one message
        post_callback(mock, "b", "/multi")   # two messages
        mock.proc.send_signal(signal.SIGTERM)
        self.assertEqual(mock.proc.wait(30), 0)
        err = mock.proc.stderr.read()
        mock.stop()
        lines = [l for l in err.splitlines() if "not delivered" in l]
        self.assertEqual(len(lines), 1, err)
        self.assertTrue(lines[0].endswith(
            "callback: 3 messages for 2 senders were not delivered to "
            "http://127.0.0.1:%d/bot: shutting down after the drain period (300 ms)" % port), lines[0])

    def test_the_outbox_keeps_delivering_during_the_drain_period(self):
        port = free_port()
        mock = Mock("--callback-url", "http://127.0.0.1:%d/bot" % port, "--drain-ms", "60000", "--quiet")
        post_callback(mock, "a", "/multi")
        mock.proc.send_signal(signal.SIGINT)
        receiver = Receiver(port)  # the receiver comes back after the signal
        try:
            self.assertEqual(mock.proc.wait(60), 0)  # exits as soon as the outbox is empty
        finally:
            receiver.shutdown()
            receiver.server_close()
        err = mock.proc.stderr.read()
        mock.stop()
        self.assertEqual([b["text"] for b in receiver.bodies], ["first", "second"])
        self.assertNotIn("not delivered", err)

    def test_a_second_signal_ends_the_drain_at_once(self):
        port = free_port()
        mock = Mock("--callback-url", "http://127.0.0.1:%d/bot" % port, "--drain-ms", "600000", "--quiet")
        post_callback(mock, "a", "hi")
        mock.proc.send_signal(signal.SIGTERM)
        line = ""
        while "shutting down" not in line:  # the first signal has been handled
            line = mock.proc.stdout.readline()
            self.assertNotEqual(line, "", "rasa-mock ended its output")
        self.assertIn("delivering 1 queued callback message", line)
        mock.proc.send_signal(signal.SIGTERM)
        self.assertEqual(mock.proc.wait(30), 0)
        err = mock.proc.stderr.read()
        mock.stop()
        self.assertIn("callback: 1 message for 1 sender was not delivered", err)


class LogForging(unittest.TestCase):
    def test_request_log_escapes_control_bytes_of_the_target(self):
        mock = Mock()
        try:
            with socket.create_connection(("127.0.0.1", mock.port)) as s:
                s.sendall(b"GET /a\tb\x0cc\x9b2K HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                while s.recv(4096):
                    pass
            mock.proc.send_signal(signal.SIGTERM)
            self.assertEqual(mock.proc.wait(30), 0)
            out = mock.proc.stdout.read()
        finally:
            mock.stop()
        self.assertIn('"GET /a\\tb\\x0cc\\x9b2K HTTP/1.1" 404', out)


class RequestLog(unittest.TestCase):
    def test_lines_arrive_while_running_and_all_of_them_by_exit(self):
        # The log is written in batches (not flushed per request): a line must still show up on its
        # own while the mock keeps running, and none may be lost at shutdown.
        mock = Mock()
        # A mock that never flushes would block the read below: after 60 s it is killed, which ends it.
        watchdog = threading.Timer(60, mock.proc.kill)
        watchdog.start()
        try:
            mock.request("GET", "/version")
            line = mock.proc.stdout.readline()
            while line.startswith("rasa-mock:"):  # the start-up lines
                line = mock.proc.stdout.readline()
            watchdog.cancel()
            self.assertIn('"GET /version HTTP/1.1" 200', line)
            for n in range(300):
                mock.request("GET", "/?n=%d" % n)
            mock.proc.send_signal(signal.SIGTERM)
            self.assertEqual(mock.proc.wait(30), 0)
            out = mock.proc.stdout.read()
        finally:
            watchdog.cancel()
            mock.stop()
        missing = [n for n in range(300) if '"GET /?n=%d HTTP/1.1" 200' % n not in out]
        self.assertEqual(missing, [], out[-500:])


class Caps(unittest.TestCase):
    def test_max_connections_refuses_with_503_and_says_so_once(self):
        mock = Mock("--max-connections", "3", "--quiet")
        held = []
        try:
            for _ in range(3):  # idle keep-alive connections: each holds a slot
                s = socket.create_connection(("127.0.0.1", mock.port))
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                self.assertIn(b"200 OK", s.recv(4096))
                held.append(s)
            for _ in range(2):
                r, body = mock.request("GET", "/")
                self.assertEqual(r.status, 503)
                self.assertEqual(json.loads(body)["reason"], "TooManyConnections")
            mock.proc.send_signal(signal.SIGTERM)
            self.assertEqual(mock.proc.wait(30), 0)
            err = mock.proc.stderr.read()
        finally:
            for s in held:
                s.close()
            mock.stop()
        lines = [l for l in err.splitlines() if "the limit (--max-connections)" in l]
        self.assertEqual(len(lines), 1, err)
        self.assertIn("3 connections are open", lines[0])

    def test_caps_must_be_positive_numbers(self):
        for option in ("--max-connections", "--max-sessions", "--max-rooms"):
            for value in ("0", "-1", "many"):
                p = subprocess.run([MOCK, "--port", "0", option, value], capture_output=True, text=True,
                                   timeout=30)
                self.assertEqual(p.returncode, 2, (option, value, p.stderr))
                self.assertIn(option + " must be a positive number", p.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
