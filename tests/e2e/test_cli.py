#!/usr/bin/python3
"""The programs as a user runs them: rasa-mock and rasa-probe as processes, spoken to by Python's own
HTTP client and server (independent peers), on loopback ports the OS picks."""

import http.client
import http.server
import json
import os
import queue
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import unittest
import xml.etree.ElementTree as ET

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../resources/examples")
BIN = os.environ.get("RASACHAT_BIN", os.path.join(os.path.dirname(__file__), "../../build/bin"))
MOCK = os.path.join(BIN, "rasa-mock")
PROBE = os.path.join(BIN, "rasa-probe")
CHAT = os.path.join(BIN, "rasa-chat")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mock:
    """rasa-mock on port 0; the port comes from its 'listening on' line."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([MOCK, "--port", "0", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self._readline(10)
        if not line.startswith("rasa-mock listening on http://127.0.0.1:"):
            self.proc.kill()
            raise AssertionError("unexpected first line: %r (stderr: %s)" % (line, self.proc.stderr.read()))
        self.url = line.split()[-1]
        self.port = int(self.url.rsplit(":", 1)[1])

    def _readline(self, timeout):
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        return self.proc.stdout.readline().strip() if ready else ""

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r, data

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(10)
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode


def probe(*args, timeout=30):
    return subprocess.run([PROBE, *args], capture_output=True, text=True, timeout=timeout)


class Mute:
    """A server that takes connections and never answers: a socket on port 0 that accepts and holds them."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = "http://127.0.0.1:%d" % self.sock.getsockname()[1]
        self.held = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.held.append(self.sock.accept()[0])
            except OSError:
                return

    def stop(self):
        self.sock.close()
        for c in self.held:
            c.close()


class RestWithoutAnswers:
    """A REST channel that is there (GET /webhooks/rest/ answers) and never answers a message."""

    def __init__(self):
        release = self.release = threading.Event()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "15")
                self.end_headers()
                self.wfile.write(b'{"status":"ok"}')

            def do_POST(self):
                release.wait(60)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


# Debian's python-socketio (Rasa's own server stack): a Socket.IO server that connects and then says
# nothing ("silent"), or confirms the session and never acks a message ("confirm").
SILENT_SIO = """
import asyncio, socket, sys
import socketio
from aiohttp import web
sio = socketio.AsyncServer(async_mode="aiohttp")
app = web.Application()
sio.attach(app, socketio_path="socket.io")
if sys.argv[1] == "confirm":
    @sio.on("session_request")
    async def session_request(sid, data):
        await sio.emit("session_confirm", (data or {}).get("session_id") or "s1", room=sid)
    @sio.on("user_uttered")
    async def user_uttered(sid, data):
        await asyncio.sleep(3600)
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
sock.listen(64)
print("http://127.0.0.1:%d" % sock.getsockname()[1], flush=True)
web.run_app(app, sock=sock, print=None)
"""


class SilentSocketIo:
    def __init__(self, mode):
        self.proc = subprocess.Popen(["/usr/bin/python3", "-c", SILENT_SIO, mode], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], 20)
        self.url = self.proc.stdout.readline().strip() if ready else ""
        if not self.url.startswith("http://"):
            self.proc.kill()
            raise AssertionError("the Socket.IO server did not start")

    def stop(self):
        self.proc.kill()
        self.proc.wait(10)
        self.proc.stdout.close()


class RestAndInfo(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mock = Mock()

    @classmethod
    def tearDownClass(cls):
        cls.mock.stop()

    def test_hello(self):
        r, body = self.mock.request("GET", "/")
        self.assertEqual(r.status, 200)
        self.assertEqual(body, b"Hello from Rasa: 3.6.21")

    def test_rest_reply_bytes(self):
        r, body = self.mock.request("POST", "/webhooks/rest/webhook",
                                    json.dumps({"sender": "alice", "message": "/buttons"}))
        self.assertEqual(r.status, 200)
        self.assertEqual(r.getheader("Content-Type"), "application/json")
        self.assertEqual(body, b'[{"recipient_id":"alice","text":"Choose an option:","buttons":'
                               b'[{"title":"Yes","payload":"\\/affirm"},{"title":"No","payload":"\\/deny"}]}]')

    def test_rest_stream_through_a_foreign_chunked_decoder(self):
        r, body = self.mock.request("POST", "/webhooks/rest/webhook?stream=true",
                                    json.dumps({"sender": "s", "message": "/multi"}))
        self.assertEqual(r.getheader("Transfer-Encoding"), "chunked")
        self.assertEqual(body.decode().splitlines(), ['{"recipient_id": "s", "text": "first"}',
                                                      '{"recipient_id": "s", "text": "second"}'])

    def test_bad_body_gets_json_reason(self):
        r, body = self.mock.request("POST", "/webhooks/rest/webhook", "{nope")
        self.assertEqual(r.status, 400)
        self.assertIn("not valid JSON", json.loads(body)["message"])

    def test_cors_preflight(self):
        r, _ = self.mock.request("OPTIONS", "/webhooks/rest/webhook", headers={
            "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        self.assertEqual(r.status, 204)
        self.assertEqual(r.getheader("Access-Control-Allow-Origin"), "http://localhost:3000")
        self.assertEqual(r.getheader("Access-Control-Allow-Headers"), "content-type")

    def test_probe_send_rest(self):
        p = probe("send", "--url", self.mock.url, "--channel", "rest", "--sender", "alice", "hi", "/multi")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.splitlines(), ['{"recipient_id":"alice","text":"Hey! How are you?"}',
                                                 '{"recipient_id":"alice","text":"first"}',
                                                 '{"recipient_id":"alice","text":"second"}'])

    def test_probe_send_socketio_each_transport(self):
        for transport in ("polling", "websocket", "auto"):
            p = probe("send", "--url", self.mock.url, "--channel", "socketio", "--transport", transport,
                      "--session-id", "s-" + transport, "--quiet-ms", "300", "hi", "/image")
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stdout.splitlines(), [
                '{"text":"Hey! How are you?"}',
                '{"attachment":{"payload":{"src":"https://i.imgur.com/nGF1K8f.jpg"},"type":"image"}}'], transport)

    def test_probe_socketio_trace_shows_every_frame(self):
        p = probe("send", "--url", self.mock.url, "--channel", "socketio", "--transport", "websocket",
                  "--session-id", "traced", "--trace", "--quiet-ms", "200", "hi")
        self.assertEqual(p.returncode, 0, p.stderr)
        for frame in ('< socketio websocket 0{"sid":', "> socketio websocket 40",
                      '> socketio websocket 42["session_request",{"session_id":"traced"}]',
                      '< socketio websocket 42["session_confirm","traced"]',
                      '> socketio websocket 420["user_uttered",{"message":"hi","session_id":"traced"}]',
                      '< socketio websocket 42["bot_uttered",{"text":"Hey! How are you?"}]',
                      "< socketio websocket 430[]"):
            self.assertIn(frame, p.stderr)

    def test_probe_trace_goes_to_stderr(self):
        p = probe("send", "--url", self.mock.url, "--trace", "hi")
        self.assertEqual(p.returncode, 0)
        self.assertIn("> rest POST " + self.mock.url + "/webhooks/rest/webhook", p.stderr)
        self.assertIn("< rest 200 OK", p.stderr)
        self.assertEqual(len(p.stdout.splitlines()), 1)


class Callback(unittest.TestCase):
    def test_probe_send_callback(self):
        port = free_port()
        mock = Mock("--callback-url", "http://127.0.0.1:%d/bot" % port)
        try:
            p = probe("send", "--url", mock.url, "--channel", "callback", "--receiver-port", str(port),
                      "--sender", "bob", "--quiet-ms", "300", "hi", "/image")
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stdout.splitlines(), [
                '{"recipient_id":"bob","text":"Hey! How are you?"}',
                '{"recipient_id":"bob","image":"https://i.imgur.com/nGF1K8f.jpg"}'])
        finally:
            mock.stop()

    def test_posts_reach_a_foreign_receiver_as_rasa_sends_them(self):
        got = []
        done = threading.Event()

        class Receiver(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                got.append((self.path, self.headers["Content-Type"], body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                if len(got) == 2:
                    done.set()

            def log_message(self, *args):
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        mock = Mock("--callback-url", "http://127.0.0.1:%d/hook?x=1" % server.server_address[1])
        try:
            r, body = mock.request("POST", "/webhooks/callback/webhook", json.dumps({"sender": "c", "message": "/multi"}))
            self.assertEqual((r.status, body), (200, b"success"))
            self.assertTrue(done.wait(10))
            self.assertEqual(got, [("/hook?x=1", "application/json", b'{"recipient_id": "c", "text": "first"}'),
                                   ("/hook?x=1", "application/json", b'{"recipient_id": "c", "text": "second"}')])
        finally:
            mock.stop()
            server.shutdown()


MIXED_SCRIPT = """conversations:
  - name: passes
    steps:
      - user: hi
      - bot: "Hey! How are you?"
  - name: fails on purpose
    steps:
      - user: /buttons
      - bot:
          text: "Choose an option:"
          buttons: [Yes, Maybe]
  - name: times out on purpose
    steps:
      - user: /image
      - bot: { image: "https://i.imgur.com/nGF1K8f.jpg" }
      - bot: { text: "never sent", timeout_ms: 300 }
"""


class ProbeTest(unittest.TestCase):
    def script(self, text):
        f = tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False)
        f.write(text)
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name

    def test_passing_and_failing_conversations_with_junit(self):
        mock = Mock()
        self.addCleanup(mock.stop)
        path = self.script(MIXED_SCRIPT)
        junit = path + ".xml"
        self.addCleanup(lambda: os.path.exists(junit) and os.unlink(junit))
        for channel in ("rest", "socketio"):
            p = probe("test", path, "--url", mock.url, "--channel", channel, "--jobs", "3", "--junit", junit)
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
            self.assertIn("PASS  passes", p.stdout)
            self.assertIn("FAIL  fails on purpose", p.stdout)
            self.assertIn(path + ":9: expected buttons [Yes, Maybe], got ", p.stdout)
            self.assertIn(path + ":16: expected text \"never sent\" within 300 ms, got nothing", p.stdout)
            self.assertIn("1 passed, 2 failed", p.stdout)
            suite = ET.parse(junit).getroot().find("testsuite")
            self.assertEqual((suite.get("tests"), suite.get("failures")), ("3", "2"))
            cases = {c.get("name"): c for c in suite.findall("testcase")}
            self.assertIsNone(cases["passes"].find("failure"))
            self.assertIn("expected buttons [Yes, Maybe]", cases["fails on purpose"].find("failure").get("message"))

    def test_demo_conversations_pass_on_every_channel_and_drive_the_script_bot(self):
        demo = os.path.join(EXAMPLES, "demo-conversations.yml")
        port = free_port()
        for bot in (["--bot", "demo"], ["--bot", "script", demo]):
            mock = Mock("--callback-url", "http://127.0.0.1:%d/bot" % port, *bot)
            try:
                # Callback too runs conversations at once: bodies are routed by their recipient_id.
                for channel, extra in (("rest", ["--jobs", "4"]), ("socketio", ["--jobs", "4"]),
                                       ("callback", ["--receiver-port", str(port), "--jobs", "4"])):
                    p = probe("test", demo, "--url", mock.url, "--channel", channel, *extra)
                    self.assertEqual(p.returncode, 0, "%s %s\n%s%s" % (bot, channel, p.stdout, p.stderr))
                    self.assertIn("10 passed, 0 failed", p.stdout)
            finally:
                mock.stop()

    def test_malformed_script_names_file_and_line(self):
        path = self.script("conversations:\n  - steps:\n      - bot: { colour: red }\n")
        p = probe("test", path)
        self.assertEqual(p.returncode, 2)
        self.assertIn(path + ":3: unknown expectation 'colour'", p.stderr)
        bad = subprocess.run([MOCK, "--port", "0", "--bot", "script", path], capture_output=True, text=True, timeout=10)
        self.assertEqual(bad.returncode, 2)
        self.assertIn(path + ":3: unknown expectation 'colour'", bad.stderr)

    def test_unreachable_server_is_one_line_and_exit_3(self):
        p = probe("test", os.path.join(EXAMPLES, "demo-conversations.yml"), "--url",
                  "http://127.0.0.1:%d" % free_port(), "--jobs", "4")
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertEqual(len(p.stderr.splitlines()), 1, p.stderr)
        self.assertIn("cannot reach", p.stderr)


class ProbeTestTimeout(unittest.TestCase):
    """Every wait of `rasa-probe test` on the server is bounded by --timeout-ms: exit 3 with the step."""

    script = ProbeTest.script

    def setUp(self):
        self.user_first = self.script("conversations:\n  - steps:\n      - user: hi\n")
        self.bot_first = self.script("conversations:\n  - steps:\n      - bot: { text: hello }\n")
        self.e2e = self.script("test_cases:\n  - test_case: greet\n    steps:\n      - user: hi\n"
                               "      - bot: Hey! How are you?\n")

    def expect_timeout(self, url, channel, path, line, waiting, *extra):
        p = probe("test", path, "--url", url, "--channel", channel, "--timeout-ms", "500", *extra)
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertEqual(p.stderr.splitlines(), ["rasa-probe: %s:%d: no answer from %s within 500 ms (%s)"
                                                 % (path, line, url, waiting)])

    def test_a_server_that_never_answers_rest_and_callback(self):
        mute = Mute()
        self.addCleanup(mute.stop)
        for channel, extra in (("rest", []), ("callback", ["--receiver-port", str(free_port())])):
            for path, line in ((self.user_first, 3), (self.bot_first, 3), (self.e2e, 4)):
                with self.subTest(channel=channel, script=path):
                    self.expect_timeout(mute.url, channel, path, line, "opening the %s session" % channel, *extra)

    def test_a_message_the_server_never_answers(self):
        rest = RestWithoutAnswers()
        self.addCleanup(rest.stop)
        for path, line in ((self.user_first, 3), (self.e2e, 4)):
            self.expect_timeout(rest.url, "rest", path, line, "the answer to this message")

    def test_a_socketio_server_that_never_confirms_or_acks(self):
        silent = SilentSocketIo("silent")
        self.addCleanup(silent.stop)
        for path, line in ((self.user_first, 3), (self.bot_first, 3), (self.e2e, 4)):
            with self.subTest(script=path):
                self.expect_timeout(silent.url, "socketio", path, line, "opening the socketio session")
        mute = SilentSocketIo("confirm")
        self.addCleanup(mute.stop)
        for path, line in ((self.user_first, 3), (self.e2e, 4)):
            with self.subTest(script=path):
                self.expect_timeout(mute.url, "socketio", path, line, "the answer to this message")

    def test_timeout_is_a_number_of_milliseconds(self):
        p = probe("test", self.user_first, "--timeout-ms", "0")
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("--timeout-ms", p.stderr)


class ProbeTestNeverPassesFalsely(unittest.TestCase):
    """Issue 13: every check a script states is made, or the script is refused before anything is sent."""

    script = ProbeTest.script

    def setUp(self):
        self.mock = Mock()
        self.addCleanup(self.mock.stop)

    def test_a_step_with_two_keys_is_a_script_error(self):
        path = self.script("conversations:\n  - steps:\n      - user: hi\n        bot: \"THIS IS WRONG\"\n")
        p = probe("test", path, "--url", self.mock.url)
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertNotIn("PASS", p.stdout)
        self.assertIn(path + ":4: a step holds exactly one of user, click, bot, silence_ms", p.stderr)

    def test_a_message_the_server_refused_or_never_confirmed_fails_the_conversation(self):
        class Refuses(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # the server is up...
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "15")
                self.end_headers()
                self.wfile.write(b'{"status":"ok"}')

            def do_POST(self):  # ...and refuses every message
                self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(500)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"[]")

            def log_message(self, *args):
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), Refuses)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        path = self.script("conversations:\n  - steps:\n      - user: hi\n")
        p = probe("test", path, "--url", "http://127.0.0.1:%d" % server.server_address[1])
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertNotIn("PASS", p.stdout)
        self.assertIn(path + ":3: ", p.stdout)
        self.assertIn("500", p.stdout)
        # Rasa acks every user_uttered (python-socketio acks a handled event); an event nobody handles is
        # never acked, so the message was not delivered: no answer within --timeout-ms.
        p = probe("test", path, "--url", self.mock.url, "--channel", "socketio", "--user-evt", "nobody_listens",
                  "--timeout-ms", "1000")
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertNotIn("PASS", p.stdout)
        self.assertIn(path + ":3: no answer from ", p.stdout + p.stderr)
        p = probe("test", path, "--url", self.mock.url, "--channel", "socketio")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_unknown_keys_anywhere_are_script_errors(self):
        for text, line, key in (
                ("conversations:\n  - steps:\n      - user: hi\n        timeout: 5\n", 4, "timeout"),
                ("conversations:\n  - setup: x\n    steps:\n      - user: hi\n", 2, "setup")):
            path = self.script(text)
            p = probe("test", path, "--url", self.mock.url)
            self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
            self.assertIn("%s:%d: unknown key '%s'" % (path, line, key), p.stderr)
            self.assertIn("(valid: ", p.stderr)

    def test_malformed_yaml_is_exit_2_before_anything_is_sent(self):
        path = self.script("conversations:\n  - steps:\n      - user: hi\n      - bot: \"unterminated\n"
                           "  - name: swallowed\n    steps:\n      - user: hi\n")
        # Nobody listens there: anything sent would be exit 3.
        p = probe("test", path, "--url", "http://127.0.0.1:%d" % free_port())
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertEqual(p.stdout, "")
        self.assertIn(path + ":4: not valid YAML: while scanning a quoted scalar", p.stderr)

    def test_junit_that_cannot_be_written_fails_the_run_before_it_starts(self):
        demo = os.path.join(EXAMPLES, "demo-conversations.yml")
        p = probe("test", demo, "--url", self.mock.url, "--junit", "/nonexistent/dir/r.xml")
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertNotIn("PASS", p.stdout)
        self.assertIn("cannot write the JUnit report /nonexistent/dir/r.xml", p.stderr)

    def test_sender_names_each_conversation(self):
        path = self.script("""conversations:
  - steps:
      - user: "${sender}"
      - bot: "you said: ci-7-1"
  - steps:
      - user: "I am ${sender}"
      - bot: "you said: I am ci-7-2"
""")
        port = free_port()
        mock = Mock("--callback-url", "http://127.0.0.1:%d/bot" % port)
        self.addCleanup(mock.stop)
        for channel in ("rest", "callback"):
            p = probe("test", path, "--url", mock.url, "--channel", channel, "--sender", "ci-7", "--jobs", "2",
                      "--receiver-port", str(port))
            self.assertEqual(p.returncode, 0, channel + "\n" + p.stdout + p.stderr)
            self.assertIn("2 passed, 0 failed", p.stdout)

    def test_script_bot_answers_a_step_that_only_matches(self):
        path = self.script("""conversations:
  - steps:
      - user: hello
      - bot: { matches: "^Hello there\\\\.$", timeout_ms: 3000 }
""")
        mock = Mock("--bot", "script", path)
        self.addCleanup(mock.stop)
        p = probe("test", path, "--url", mock.url)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        unanswerable = self.script("conversations:\n  - steps:\n      - user: hi\n      - bot: { matches: 'H(i|ello)' }\n")
        bad = subprocess.run([MOCK, "--port", "0", "--bot", "script", unanswerable], capture_output=True, text=True,
                             timeout=10)
        self.assertEqual(bad.returncode, 2)
        self.assertIn(unanswerable + ":4: rasa-mock --bot script cannot answer with text matching /H(i|ello)/", bad.stderr)

    def test_strict_not_any_tags_and_the_transcript(self):
        path = self.script("""conversations:
  - name: greeting
    tags: [smoke]
    steps:
      - user: hi
      - bot: { any: [ "Hello!", { contains: "How are you" } ], not: { contains: error } }
  - name: multi, strictly one message
    tags: [smoke]
    strict: true
    steps:
      - user: /multi
      - bot: first
  - name: not selected
    steps:
      - user: hi
      - bot: nothing like it
""")
        junit = path + ".xml"
        self.addCleanup(lambda: os.path.exists(junit) and os.unlink(junit))
        for channel in ("rest", "socketio"):
            p = probe("test", path, "--url", self.mock.url, "--channel", channel, "--tag", "smoke", "--junit", junit)
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
            self.assertIn("PASS  greeting", p.stdout)
            self.assertIn("FAIL  multi, strictly one message", p.stdout)
            self.assertIn(path + ":12: strict: a bot message no step expected, after the last step: ", p.stdout)
            self.assertRegex(p.stdout, r"\+\d+ ms  user: /multi\n        \+\d+ ms  bot: .*first")
            self.assertIn("1 passed, 1 failed, 1 not selected", p.stdout)
            case = [c for c in ET.parse(junit).getroot().iter("testcase") if c.get("name").startswith("multi")][0]
            self.assertIn("user: /multi", case.find("system-out").text)
        p = probe("test", path, "--url", self.mock.url, "--name", "greet")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("1 passed, 0 failed, 2 not selected", p.stdout)
        p = probe("test", path, "--url", self.mock.url, "--tag", "nightly")
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)


class LoadAndWatch(unittest.TestCase):
    def test_load_reports_a_sane_count(self):
        mock = Mock("--bot", "echo", "--quiet")
        self.addCleanup(mock.stop)
        for channel in ("rest", "socketio"):
            p = probe("load", "--url", mock.url, "--channel", channel, "--sessions", "8", "--rate", "400",
                      "--duration", "2", "--json", timeout=60)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            report = json.loads(p.stdout)
            self.assertEqual(report["sent"], 800)
            self.assertEqual(report["answered"], 800)
            self.assertEqual((report["errors"], report["timeouts"]), (0, 0))
            self.assertGreater(report["throughput"], 300)
            self.assertLessEqual(report["p50_ms"], report["p90_ms"])
            self.assertLessEqual(report["p90_ms"], report["p99_ms"])
            self.assertLessEqual(report["p99_ms"], report["max_ms"])
            self.assertIn("sessions open", p.stderr)  # progress goes to stderr

    def test_load_against_nobody_is_exit_3(self):
        p = probe("load", "--url", "http://127.0.0.1:%d" % free_port(), "--duration", "1")
        self.assertEqual(p.returncode, 3)
        self.assertIn("cannot reach", p.stderr)

    def test_watch_shows_every_frame_and_sends_typed_lines(self):
        mock = Mock("--quiet")
        self.addCleanup(mock.stop)
        watch = subprocess.Popen([PROBE, "watch", "--url", mock.url, "--transport", "websocket"],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # A thread reads the lines: select() on the pipe cannot see lines already in the file's buffer.
        lines = queue.Queue()
        reader = threading.Thread(target=lambda: [lines.put(line) for line in watch.stdout], daemon=True)
        reader.start()
        try:
            seen = []
            def wait_for(fragment):
                while True:
                    try:
                        line = lines.get(timeout=10)
                    except queue.Empty:
                        self.fail("no frame with %r; saw %r" % (fragment, seen))
                    seen.append(line)
                    if fragment in line:
                        return line
            wait_for('< websocket 42["session_confirm"')
            watch.stdin.write("hi\n")
            watch.stdin.flush()
            self.assertIn('> websocket 420["user_uttered",{"message":"hi"', wait_for("user_uttered"))
            wait_for('< websocket 42["bot_uttered",{"text":"Hey! How are you?"}]')
            watch.send_signal(signal.SIGINT)
            self.assertEqual(watch.wait(10), 0)
        finally:
            if watch.poll() is None:
                watch.kill()
            reader.join(10)
            for f in (watch.stdin, watch.stdout, watch.stderr):
                f.close()


    def test_watch_record_writes_a_script_that_passes_against_the_same_bot(self):
        mock = Mock("--quiet")
        self.addCleanup(mock.stop)
        path = tempfile.mktemp(suffix=".yml")
        self.addCleanup(lambda: os.path.exists(path) and os.unlink(path))
        said = "hi\n/buttons\n/image\n/custom\n/carousel\n/attachment\n/quick\n/multi\nsay \"quotes\": # and ü\n"
        # when standard input ends, watch waits for the bot to be quiet, writes the file and exits 0
        w = subprocess.run([PROBE, "watch", "--url", mock.url, "--record", path], input=said,
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(w.returncode, 0, w.stderr)
        self.assertIn("rasa-probe: recorded 22 messages to " + path, w.stderr)
        with open(path, encoding="utf-8") as f:
            recorded = f.read()
        self.assertIn('- user: "say \\"quotes\\": # and \\u00fc"', recorded)
        self.assertIn('payloads: ["/affirm", "/deny"]', recorded)
        for channel in ("socketio", "rest"):
            p = probe("test", path, "--url", mock.url, "--channel", channel)
            self.assertEqual(p.returncode, 0, channel + "\n" + p.stdout + p.stderr)
            self.assertIn("1 passed, 0 failed", p.stdout)
        # a different bot does not pass it
        echo = Mock("--quiet", "--bot", "echo")
        self.addCleanup(echo.stop)
        p = probe("test", path, "--url", echo.url, "--channel", "socketio")
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        # nothing said: nothing to record, and no file
        os.unlink(path)
        w = subprocess.run([PROBE, "watch", "--url", mock.url, "--record", path], input="",
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(w.returncode, 2, w.stderr)
        self.assertFalse(os.path.exists(path))

    def test_watch_record_ctrl_c_writes_what_was_said(self):
        mock = Mock("--quiet")
        self.addCleanup(mock.stop)
        path = tempfile.mktemp(suffix=".yml")
        self.addCleanup(lambda: os.path.exists(path) and os.unlink(path))
        watch = subprocess.Popen([PROBE, "watch", "--url", mock.url, "--record", path], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines = queue.Queue()
        readers = [threading.Thread(target=lambda f=f: [lines.put(line) for line in f], daemon=True)
                   for f in (watch.stdout, watch.stderr)]
        for r in readers:
            r.start()
        try:
            seen = []

            def wait_for(fragment):
                while True:
                    try:
                        line = lines.get(timeout=10)
                    except queue.Empty:
                        self.fail("no line with %r; saw %r" % (fragment, seen))
                    seen.append(line)
                    if fragment in line:
                        return line
            wait_for("type a line to send it, Ctrl-C to stop")
            watch.stdin.write("hi\n")
            watch.stdin.flush()
            wait_for('42["bot_uttered",{"text":"Hey! How are you?"}]')
            watch.send_signal(signal.SIGINT)
            self.assertEqual(watch.wait(10), 0, seen)
            wait_for("rasa-probe: recorded 2 messages to " + path)
        finally:
            if watch.poll() is None:
                watch.kill()
            for r in readers:
                r.join(10)
            for f in (watch.stdin, watch.stdout, watch.stderr):
                f.close()
        with open(path, encoding="utf-8") as f:
            recorded = f.read()
        self.assertIn('- user: "hi"', recorded)
        self.assertIn("Hey! How are you?", recorded)

    def test_watch_refuses_a_record_path_it_cannot_write_before_connecting(self):
        mute = Mute()
        self.addCleanup(mute.stop)
        # standard input stays open: nothing but the check may end the run
        watch = subprocess.Popen([PROBE, "watch", "--url", mute.url, "--record", "/nonexistent/dir/x.yml"],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            self.assertEqual(watch.wait(20), 2)
            self.assertIn("rasa-probe watch: cannot write /nonexistent/dir/x.yml", watch.stderr.read())
            self.assertEqual(mute.held, [])  # refused before it connected
        finally:
            if watch.poll() is None:
                watch.kill()
            for f in (watch.stdin, watch.stdout, watch.stderr):
                f.close()


class Errors(unittest.TestCase):
    def test_unreachable_server_exit_3_one_line(self):
        p = probe("send", "--url", "http://127.0.0.1:%d" % free_port(), "hi")
        self.assertEqual(p.returncode, 3)
        self.assertEqual(len(p.stderr.splitlines()), 1, p.stderr)
        self.assertIn("cannot reach", p.stderr)

    def test_help_names_every_command(self):
        p = probe("--help")
        self.assertEqual(p.returncode, 0)
        for command in ("send", "test", "load", "watch", "merge"):
            self.assertIn("rasa-probe %s [options]" % command, p.stdout)
            self.assertEqual(probe(command, "--help").stdout.splitlines()[0].split(" [")[0],
                             "Usage: rasa-probe " + command)

    def test_bad_numbers_say_which_and_exit_2(self):
        p = probe("send", "--timeout-ms", "soon", "hi")
        self.assertEqual((p.returncode, p.stderr),
                         (2, "rasa-probe send: --timeout-ms must be a positive number of milliseconds, not 'soon'\n"))
        p = probe("load", "--rate", "-3")
        self.assertEqual((p.returncode, p.stderr), (2, "rasa-probe load: --rate must be a positive number, not '-3'\n"))

    def test_chat_reads_its_command_line_as_the_others(self):
        # On the offscreen platform: a usage error must be said before any window would open.
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")

        def chat(*args):
            return subprocess.run([CHAT, *args], capture_output=True, text=True, timeout=30, env=env)

        p = chat("--help")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.splitlines()[0], "Usage: rasa-chat [options]")
        for option in ("--url <URL>", "--channel <NAME>", "--receiver-port <PORT>", "--theme <THEME>"):
            self.assertIn(option, p.stdout)
        p = chat("--receiver-port", "soon")
        self.assertEqual((p.returncode, p.stderr),
                         (2, "rasa-chat: --receiver-port must be a number from 1 to 65535, not 'soon'\n"))
        p = chat("--size", "wide")
        self.assertEqual((p.returncode, p.stderr),
                         (2, "rasa-chat: --size must be WIDTHxHEIGHT, e.g. 1900x1000, not 'wide'\n"))
        p = chat("--frobnicate")
        self.assertEqual((p.returncode, p.stderr), (2, "rasa-chat: Unknown option 'frobnicate'.\n"))

    def test_chat_play_gives_up_on_a_server_without_a_session_and_still_takes_the_screenshot(self):
        home = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, home)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=home, XDG_CONFIG_HOME=home,
                   XDG_DATA_HOME=home)
        mute = Mute()
        self.addCleanup(mute.stop)
        silent = SilentSocketIo("silent")
        self.addCleanup(silent.stop)
        for url, channel in (("http://127.0.0.1:%d" % free_port(), "rest"), (mute.url, "rest"),
                             (silent.url, "socketio")):
            with self.subTest(url=url, channel=channel):
                shot = os.path.join(home, "shot.png")
                p = subprocess.run([CHAT, "--url", url, "--channel", channel, "--database",
                                    os.path.join(home, "c.sqlite"), "--play", "hi", "--screenshot", shot,
                                    "--timeout-ms", "500"], capture_output=True, text=True, timeout=60, env=env)
                self.assertEqual(p.returncode, 3, p.stderr)
                with open(shot, "rb") as f:
                    self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
                os.unlink(shot)

    def test_usage_errors_exit_2(self):
        self.assertEqual(probe("send").returncode, 2)
        self.assertEqual(probe("send", "--channel", "fax", "hi").returncode, 2)
        self.assertEqual(probe("send", "--metadata", "[1]", "hi").returncode, 2)
        self.assertEqual(probe("frobnicate").returncode, 2)
        self.assertEqual(probe("send", "--channel", "socketio", "--transport", "pigeon", "hi").returncode, 2)

    def test_mock_exit_codes_follow_the_table(self):
        # 2: what it was given cannot be used; 3: it cannot listen where it was told to.
        p = subprocess.run([MOCK, "--port", "0", "--bot", "parrot"], capture_output=True, text=True, timeout=10)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("unknown bot 'parrot'", p.stderr)
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            p = subprocess.run([MOCK, "--port", str(port)], capture_output=True, text=True, timeout=10)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertEqual(p.stderr.splitlines(), ["rasa-mock: cannot listen on 127.0.0.1:%d: The bound address is "
                                                 "already in use" % port], p.stderr)

    def test_bad_credentials_name_file_and_line(self):
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "rasachat-bad-credentials-%d.yml" % os.getpid())
        with open(path, "w") as f:
            f.write("rest:\ncallback:\n  headers: {}\n")
        try:
            p = subprocess.run([MOCK, "--port", "0", "--credentials", path], capture_output=True, text=True, timeout=10)
        finally:
            os.unlink(path)
        self.assertEqual(p.returncode, 2)
        self.assertIn(path + ":2: key 'callback.url' is required", p.stderr)

    def test_credentials_are_read_as_rasa_reads_them(self):
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "rasachat-env-credentials-%d.yml" % os.getpid())
        self.addCleanup(lambda: os.path.exists(path) and os.unlink(path))
        with open(path, "w") as f:
            f.write("rest:\ncallback:\n  url: http://127.0.0.1:${RASACHAT_E2E_PORT}/bot\n")
        env = dict(os.environ)
        env.pop("RASACHAT_E2E_PORT", None)
        p = subprocess.run([MOCK, "--port", "0", "--credentials", path], capture_output=True, text=True,
                           timeout=10, env=env)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn(path + ":3: environment variable 'RASACHAT_E2E_PORT' is not set", p.stderr)
        # Set, the callback goes where it says.
        port = free_port()
        env["RASACHAT_E2E_PORT"] = str(port)
        mock = subprocess.Popen([MOCK, "--port", "0", "--credentials", path], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=env)
        try:
            url = mock.stdout.readline().split()[-1]
            s = probe("send", "--url", url, "--channel", "callback", "--receiver-port", str(port), "--quiet-ms", "300", "hi")
            self.assertEqual(s.returncode, 0, s.stderr)
            self.assertIn("Hey! How are you?", s.stdout)
        finally:
            mock.terminate()
            mock.communicate(timeout=10)
        # A quoted string that never ends is not a credentials file (yaml-cpp 0.7 took it).
        with open(path, "w") as f:
            f.write('socketio:\n  user_message_evt: "user_uttered\nrest:\n')
        p = subprocess.run([MOCK, "--port", "0", "--credentials", path], capture_output=True, text=True, timeout=10)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn(path + ":2: not valid YAML", p.stderr)

    def test_sigterm_and_sigint_exit_cleanly(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            mock = Mock("--quiet")
            mock.proc.send_signal(sig)
            self.assertEqual(mock.proc.wait(10), 0)
            mock.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
