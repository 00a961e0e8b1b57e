#!/usr/bin/python3
"""TLS as a user runs it: rasa-mock --tls-cert/--tls-key serving HTTPS and WSS, rasa-probe over https://
on every channel and command, with a CA and a server certificate that openssl makes for this run. Python's
own ssl module is the independent peer."""

import http.client
import os
import select
import signal
import socket
import ssl
import subprocess
import tempfile
import unittest

import tlscerts

BIN = os.environ.get("RASACHAT_BIN", os.path.join(os.path.dirname(__file__), "../../build/bin"))
MOCK = os.path.join(BIN, "rasa-mock")
PROBE = os.path.join(BIN, "rasa-probe")
EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../resources/examples")
# Far longer than any answer takes: a refused certificate must end the probe at once, not at its timeout
# (the subprocess timeout below fails the test if it waits that long).
PROBE_TIMEOUT_MS = "120000"

CERTS = tempfile.TemporaryDirectory(prefix="rasachat-tls-")
CA = tlscerts.make_ca(CERTS.name)
CERT, KEY = tlscerts.make_server(CERTS.name, "server")
OTHER_CERT, OTHER_KEY = tlscerts.make_server(CERTS.name, "other", "DNS:bot.example.com")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TlsMock:
    """rasa-mock on port 0 with the test certificate; the URL comes from its 'listening on' line."""

    def __init__(self, *args, cert=CERT, key=KEY):
        self.proc = subprocess.Popen([MOCK, "--port", "0", "--tls-cert", cert, "--tls-key", key, *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], 10)
        line = self.proc.stdout.readline().strip() if ready else ""
        if not line.startswith("rasa-mock listening on https://127.0.0.1:"):
            self.proc.kill()
            raise AssertionError("unexpected first line: %r (stderr: %s)" % (line, self.proc.stderr.read()))
        self.url = line.split()[-1]
        self.port = int(self.url.rsplit(":", 1)[1])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(10)
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode


def probe(*args):
    return subprocess.run([PROBE, *args], capture_output=True, text=True, timeout=60)


# Every channel the probe speaks, as the options that select it.
CHANNELS = {
    "rest": ["--channel", "rest"],
    "callback": ["--channel", "callback"],
    "socketio polling": ["--channel", "socketio", "--transport", "polling"],
    "socketio websocket": ["--channel", "socketio", "--transport", "websocket"],
    "socketio upgraded": ["--channel", "socketio", "--transport", "auto"],
}


class ProbeOverHttps(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.receiver_port = free_port()
        cls.mock = TlsMock("--callback-url", "http://127.0.0.1:%d/bot" % cls.receiver_port)

    @classmethod
    def tearDownClass(cls):
        code = cls.mock.stop()
        if code != 0:  # the failed handshakes must not have hurt it
            raise AssertionError("rasa-mock exited %s" % code)

    def send(self, channel, *tls):
        return probe("send", "--url", self.mock.url, *CHANNELS[channel], "--receiver-port", str(self.receiver_port),
                     "--timeout-ms", PROBE_TIMEOUT_MS, "--quiet-ms", "300", *tls, "hi")

    def test_every_channel_with_cacert(self):
        for channel in CHANNELS:
            with self.subTest(channel=channel):
                p = self.send(channel, "--cacert", CA)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertIn("Hey! How are you?", p.stdout)
                self.assertNotIn("warning", p.stderr)

    def test_untrusted_certificate_is_exit_3_with_the_reason(self):
        for channel in CHANNELS:
            with self.subTest(channel=channel):
                p = self.send(channel)
                self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
                self.assertEqual(p.stdout, "")
                self.assertIn("TLS: the server's certificate was refused (", p.stderr)
                self.assertIn("issuer certificate", p.stderr)

    def test_insecure_accepts_it_with_a_warning(self):
        for channel in CHANNELS:
            with self.subTest(channel=channel):
                p = self.send(channel, "--insecure")
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertIn("Hey! How are you?", p.stdout)
                self.assertIn("rasa-probe: warning: --insecure: the server's TLS certificate is not verified",
                              p.stderr)

    def test_unreadable_ca_file_is_a_usage_error(self):
        p = self.send("rest", "--cacert", os.path.join(CERTS.name, "none.pem"))
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("cannot read the CA file", p.stderr)
        p = self.send("rest", "--cacert", os.path.join(CERTS.name, "server.ext"))
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("holds no PEM certificate", p.stderr)

    def test_test_command(self):
        script = os.path.join(EXAMPLES, "demo-conversations.yml")
        for channel in ("rest", "socketio websocket"):
            with self.subTest(channel=channel):
                p = probe("test", script, "--url", self.mock.url, *CHANNELS[channel], "--cacert", CA)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertIn(" 0 failed", p.stdout)
                p = probe("test", script, "--url", self.mock.url, *CHANNELS[channel])
                self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
                self.assertIn("certificate was refused", p.stderr)

    def test_tracker_api_over_https_takes_the_channels_tls_options(self):
        # utter: and slot steps are judged from the tracker API (--api-url), on the same server as the
        # channel: its https:// is checked with the same --cacert / --insecure.
        mock = TlsMock("--enable-api")
        self.addCleanup(mock.stop)
        script = os.path.join(EXAMPLES, "e2e_test_cases.yml")
        for tls in (["--cacert", CA], ["--insecure"]):
            with self.subTest(tls=tls[0]):
                p = probe("test", script, "--url", mock.url, "--api-url", mock.url, *tls)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertIn(" 0 failed", p.stdout)
                self.assertNotIn("skipped", p.stdout.replace(" 0 skipped", ""))

    def test_load_command(self):
        # rest runs on the lean raw client (QSslSocket), socketio on the full one.
        for channel in ("rest", "socketio websocket"):
            with self.subTest(channel=channel):
                p = probe("load", "--url", self.mock.url, *CHANNELS[channel], "--cacert", CA, "--sessions", "2",
                          "--rate", "20", "--duration", "1", "--json", "--threshold", "errors==0")
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertIn('"answered":20', p.stdout.replace(" ", ""))
                p = probe("load", "--url", self.mock.url, *CHANNELS[channel], "--sessions", "2", "--rate", "20",
                          "--duration", "1", "--json", "--threshold", "errors==0")
                self.assertNotEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertIn("certificate was refused", p.stderr)

    def test_watch_command(self):
        # Straight to wss: the polling-then-upgrade path is the send test's (and tst_tls's).
        watch = subprocess.Popen([PROBE, "watch", "--url", self.mock.url, "--transport", "websocket", "--cacert", CA,
                                  "--no-colour"],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: [watch.poll() is None and watch.kill(), watch.wait(10), watch.stdin.close(),
                                 watch.stdout.close(), watch.stderr.close()])
        self.assertIn("confirmed", self.read_until(watch.stderr, "confirmed"))
        watch.stdin.write("hi\n")
        watch.stdin.flush()
        self.assertIn("Hey! How are you?", self.read_until(watch.stdout, "Hey! How are you?"))
        watch.send_signal(signal.SIGINT)
        self.assertEqual(watch.wait(10), 0)
        p = subprocess.run([PROBE, "watch", "--url", self.mock.url, "--no-colour"], stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn("certificate was refused", p.stderr)

    @staticmethod
    def read_until(stream, text):
        # os.read on the descriptor: a buffered readline() could hold lines that select() no longer sees.
        seen = ""
        while text not in seen:
            ready, _, _ = select.select([stream], [], [], 20)
            chunk = os.read(stream.fileno(), 65536) if ready else b""
            if not chunk:
                break
            seen += chunk.decode(errors="replace")
        return seen


class MockTls(unittest.TestCase):
    def test_python_ssl_client_checks_the_certificate(self):
        mock = TlsMock()
        self.addCleanup(mock.stop)
        context = ssl.create_default_context(cafile=CA)
        conn = http.client.HTTPSConnection("127.0.0.1", mock.port, context=context, timeout=10)
        conn.request("GET", "/")
        r = conn.getresponse()
        self.assertEqual((r.status, r.read()), (200, b"Hello from Rasa: 3.6.21"))
        conn.close()
        untrusting = http.client.HTTPSConnection("127.0.0.1", mock.port, timeout=10,
                                                 context=ssl.create_default_context())
        with self.assertRaises(ssl.SSLCertVerificationError):
            untrusting.request("GET", "/")
        untrusting.close()

    def test_wrong_host_is_exit_3_with_the_reason(self):
        mock = TlsMock(cert=OTHER_CERT, key=OTHER_KEY)
        self.addCleanup(mock.stop)
        p = probe("send", "--url", mock.url, "--cacert", CA, "--timeout-ms", PROBE_TIMEOUT_MS, "hi")
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("The host name did not match any of the valid hosts for this certificate", p.stderr)

    def test_unusable_files_stop_the_start_with_exit_2(self):
        junk = os.path.join(CERTS.name, "server.ext")
        for cert, key, why in ((os.path.join(CERTS.name, "none.pem"), KEY, "cannot read the TLS certificate"),
                               (junk, KEY, "holds no PEM certificate"),
                               (CERT, junk, "is not an unencrypted PEM private key"),
                               (CERT, OTHER_KEY, "does not belong to the certificate")):
            with self.subTest(why=why):
                p = subprocess.run([MOCK, "--port", "0", "--tls-cert", cert, "--tls-key", key], capture_output=True,
                                   text=True, timeout=10)
                self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
                self.assertTrue(p.stderr.startswith("rasa-mock: "), p.stderr)
                self.assertIn(why, p.stderr)
        p = subprocess.run([MOCK, "--port", "0", "--tls-cert", CERT], capture_output=True, text=True, timeout=10)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("--tls-cert and --tls-key go together", p.stderr)


if __name__ == "__main__":
    unittest.main()
