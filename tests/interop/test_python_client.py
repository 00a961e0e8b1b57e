#!/usr/bin/python3
"""Interop: Debian's python3-socketio client (the library Rasa's own server is built on) against
rasa-mock, over polling, websocket and the default upgrade. Starts rasa-mock itself on port 0.

    /usr/bin/python3 test_python_client.py --mock build/bin/rasa-mock
"""

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import queue
import select
import ssl
import subprocess
import sys
import tempfile
import unittest

import aiohttp
import engineio
import requests
import socketio

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../e2e"))
import tlscerts  # noqa: E402

MOCK = None
TIMEOUT = 5


def start_mock(*args, credentials=None):
    argv = [MOCK, "--port", "0", "--quiet", *args]
    path = None
    if credentials:
        fd, path = tempfile.mkstemp(suffix=".yml")
        os.write(fd, credentials.encode())
        os.close(fd)
        argv += ["--credentials", path]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ready, _, _ = select.select([proc.stdout], [], [], 10)
    line = proc.stdout.readline() if ready else ""
    if path:
        os.unlink(path)
    if not line.startswith("rasa-mock listening on "):
        proc.kill()
        raise RuntimeError("rasa-mock did not start: %r" % line)
    return proc, line.split()[-1]


def jwt(claims, secret):
    b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    body = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + b64(json.dumps(claims).encode())
    return body + "." + b64(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest())


class Client:
    """A socketio.Client whose events land in a queue, so tests wait for them, never sleep."""

    def __init__(self, transports, bot_event="bot_uttered", **options):
        self.sio = socketio.Client(reconnection=False, **options)
        self.events = queue.Queue()
        self.sio.on("session_confirm", lambda data: self.events.put(("session_confirm", data)))
        self.sio.on(bot_event, lambda data: self.events.put((bot_event, data)))
        self.sio.on("connect_error", lambda data: self.events.put(("connect_error", data)))
        self.transports = transports

    def connect(self, url, **kwargs):
        self.sio.connect(url, transports=self.transports, wait_timeout=TIMEOUT, **kwargs)
        return self

    def next(self, name):
        event, data = self.events.get(timeout=TIMEOUT)
        assert event == name, (event, data)
        return data

    def take(self, name, count):
        return [self.next(name) for _ in range(count)]

    def close(self):
        if self.sio.connected:
            self.sio.disconnect()


SHAPES = {
    "hi": [{"text": "Hey! How are you?"}],
    "/buttons": [{"text": "Choose an option:", "quick_replies": [
        {"content_type": "text", "title": "Yes", "payload": "/affirm"},
        {"content_type": "text", "title": "No", "payload": "/deny"}]}],
    "/image": [{"attachment": {"type": "image", "payload": {"src": "https://i.imgur.com/nGF1K8f.jpg"}}}],
    "/multi": [{"text": "first"}, {"text": "second"}],
    "/custom": [{"type": "map", "lat": 52.52, "lng": 13.405}],
    "/meta": [{"metadata": {}}],
}


class PythonClient(unittest.TestCase):
    TRANSPORTS = ["polling", "websocket"]

    @classmethod
    def setUpClass(cls):
        cls.mocks = []
        def start(*args, **kwargs):
            proc, url = start_mock(*args, **kwargs)
            cls.mocks.append(proc)
            return url
        cls.demo = start()
        cls.custom = start(credentials="socketio:\n  user_message_evt: user_says\n  bot_message_evt: bot_says\n"
                                       "  session_persistence: true\n  metadata_key: customData\n")
        cls.jwt = start(credentials="socketio:\n  jwt_key: py-secret\n  jwt_method: HS256\n")
        cls.fast = start("--ping-interval", "100", "--ping-timeout", "300")
        cls.certs = tempfile.TemporaryDirectory(prefix="rasachat-tls-")
        cls.ca = tlscerts.make_ca(cls.certs.name)
        cert, key = tlscerts.make_server(cls.certs.name, "server")
        cls.tls = start("--tls-cert", cert, "--tls-key", key)

    @classmethod
    def tearDownClass(cls):
        for p in cls.mocks:
            p.terminate()
            p.wait(10)
        cls.certs.cleanup()

    def client(self, url, bot_event="bot_uttered", options=None, **kwargs):
        c = Client(self.TRANSPORTS, bot_event, **(options or {})).connect(url, **kwargs)
        self.addCleanup(c.close)
        return c

    def test_over_tls(self):
        """HTTPS and WSS with python-socketio's asyncio client. Its threaded client reads and writes one SSL
        socket from two threads at once, which OpenSSL does not allow, and loses a frame or a connection
        over TLS now and then whatever the server (python-engineio#461, python-socketio#1568)."""
        self.assertTrue(self.tls.startswith("https://"), self.tls)
        trusting = ssl.create_default_context(cafile=self.ca)

        async def converse(session=None, **options):
            events = asyncio.Queue()
            sio = socketio.AsyncClient(reconnection=False, http_session=session, **options)
            for name in ("session_confirm", "bot_uttered"):
                sio.on(name, lambda data, name=name: events.put_nowait((name, data)))
            await sio.connect(self.tls, transports=self.TRANSPORTS, wait_timeout=TIMEOUT)
            try:
                await sio.emit("session_request", {"session_id": "py-tls"})
                self.assertEqual(await asyncio.wait_for(events.get(), TIMEOUT), ("session_confirm", "py-tls"))
                await sio.emit("user_uttered", {"message": "hi"})
                self.assertEqual(await asyncio.wait_for(events.get(), TIMEOUT), ("bot_uttered", SHAPES["hi"][0]))
                self.assertIn(sio.transport(), self.TRANSPORTS)
            finally:
                await sio.disconnect()
                if sio.eio.http and not sio.eio.http.closed:  # ours, or the one python-engineio made
                    await sio.eio.http.close()

        async def trusted():  # the session is made inside the loop that uses it
            await converse(aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=trusting)))

        async def untrusted():
            sio = socketio.AsyncClient(reconnection=False)
            with self.assertRaises(socketio.exceptions.ConnectionError):
                await sio.connect(self.tls, transports=self.TRANSPORTS, wait_timeout=TIMEOUT)
            if sio.eio.http and not sio.eio.http.closed:
                await sio.eio.http.close()

        with self.subTest("the test CA trusted"):
            asyncio.run(trusted())
        with self.subTest("ssl_verify=False"):
            asyncio.run(converse(ssl_verify=False))
        with self.subTest("the system does not trust the test CA"):
            asyncio.run(untrusted())

    def test_session_handshake(self):
        c = self.client(self.demo)
        c.sio.emit("session_request", {"session_id": "py-given"})
        self.assertEqual(c.next("session_confirm"), "py-given")
        c.sio.emit("session_request", {"session_id": None})
        self.assertRegex(c.next("session_confirm"), r"^[0-9a-f]{32}$")

    def test_transport_in_use(self):
        c = self.client(self.demo)
        if self.TRANSPORTS == ["polling", "websocket"]:
            # python-engineio upgrades in the background; a round trip after the probe shows it on websocket
            c.sio.emit("session_request", {"session_id": "x"})
            c.next("session_confirm")
        self.assertIn(c.sio.transport(), self.TRANSPORTS)

    def test_every_shape(self):
        c = self.client(self.demo)
        for says, expected in SHAPES.items():
            c.sio.emit("user_uttered", {"message": says})
            self.assertEqual(c.take("bot_uttered", len(expected)), expected, says)

    def test_metadata_round_trip(self):
        c = self.client(self.demo)
        c.sio.emit("user_uttered", {"message": "/meta", "metadata": {"lang": "fr", "ü": [1, 2]}})
        self.assertEqual(c.next("bot_uttered"), {"metadata": {"lang": "fr", "ü": [1, 2]}})

    def test_ack_is_empty(self):
        c = self.client(self.demo)
        self.assertIsNone(c.sio.call("user_uttered", {"message": "hi"}, timeout=TIMEOUT))

    def test_custom_events_and_persistence(self):
        c = self.client(self.custom, bot_event="bot_says")
        c.sio.emit("session_request", {"session_id": "py-session"})
        self.assertEqual(c.next("session_confirm"), "py-session")
        c.sio.emit("user_says", {"message": "/meta", "session_id": "py-session", "customData": {"k": "v"}})
        self.assertEqual(c.next("bot_says"), {"metadata": {"k": "v"}})

    def test_jwt(self):
        self.client(self.jwt, auth={"token": jwt({"sub": "py"}, "py-secret")})
        for auth in ({"token": jwt({"sub": "py"}, "nope")}, None):
            bad = Client(self.TRANSPORTS)
            with self.assertRaises(socketio.exceptions.ConnectionError):
                bad.connect(self.jwt, auth=auth)
            self.assertEqual(bad.next("connect_error"), {"message": "Connection rejected by server"})
            bad.sio.eio.disconnect(abort=True)

    def test_heartbeat_over_several_intervals(self):
        c = self.client(self.fast)
        pings = queue.Queue()
        receive = c.sio.eio._receive_packet

        def counting(pkt):
            if pkt.packet_type == engineio.packet.PING:
                pings.put(pkt)
            return receive(pkt)

        c.sio.eio._receive_packet = counting
        for _ in range(5):
            pings.get(timeout=TIMEOUT)
        self.assertTrue(c.sio.connected)
        c.sio.emit("user_uttered", {"message": "hi"})
        self.assertEqual(c.next("bot_uttered"), {"text": "Hey! How are you?"})

    def test_disconnect_and_connect_again(self):
        c = self.client(self.demo)
        first = c.sio.get_sid()
        c.sio.disconnect()
        self.assertFalse(c.sio.connected)
        again = self.client(self.demo)  # a new client, as a restarted app makes
        self.assertNotEqual(again.sio.get_sid(), first)
        again.sio.emit("user_uttered", {"message": "hi"})
        self.assertEqual(again.next("bot_uttered"), {"text": "Hey! How are you?"})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--mock", required=True)
    parser.add_argument("--transports", default="default", choices=["polling", "websocket", "default"])
    args, rest = parser.parse_known_args()
    MOCK = os.path.abspath(args.mock)
    PythonClient.TRANSPORTS = ["polling", "websocket"] if args.transports == "default" else [args.transports]
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
