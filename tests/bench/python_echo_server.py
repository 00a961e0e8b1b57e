#!/usr/bin/python3
"""The benchmark's python reference: python-socketio (Debian's, the library Rasa's socketio channel runs
on) on aiohttp, with the echo bot in Rasa's event names. Prints 'listening on http://127.0.0.1:PORT'."""

import asyncio
import socket

import socketio
from aiohttp import web

sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins=[])
app = web.Application()
sio.attach(app)


@sio.on("user_uttered")
async def user_uttered(sid, data):
    await sio.emit("bot_uttered", {"text": "you said: " + data.get("message", "")}, room=sid)


async def main():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    print("listening on http://127.0.0.1:%d" % sock.getsockname()[1], flush=True)
    await asyncio.Event().wait()


asyncio.run(main())
