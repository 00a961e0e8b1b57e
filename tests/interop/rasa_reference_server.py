#!/usr/bin/python3
"""An independent reference for Rasa's socketio channel, written from docs/rasa-channels.md
section 3 on Debian's python-socketio + aiohttp (the stack Rasa itself runs on), plus Rasa's REST webhook
with an echo bot. It lets our clients be tested, and rasa-mock be measured, against something that is not
our own server. Prints 'listening on http://127.0.0.1:PORT'. `/bye` and `/vanish` end the session from the
server's side (with and without a last answer).

    /usr/bin/python3 rasa_reference_server.py [--persistence] [--jwt-key KEY] [--metadata-key KEY]
"""

import argparse
import asyncio
import json
import socket
import uuid

import jwt as pyjwt  # python3-jwt
import socketio
from aiohttp import web

parser = argparse.ArgumentParser()
parser.add_argument("--persistence", action="store_true")
parser.add_argument("--jwt-key")
parser.add_argument("--metadata-key", default="metadata")
args = parser.parse_args()

sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins=[])
app = web.Application()
sio.attach(app, socketio_path="socket.io")


@sio.on("connect")
async def connect(sid, environ, auth=None):
    if not args.jwt_key:
        return True
    token = (auth or {}).get("token")
    if not token:
        return False
    try:
        pyjwt.decode(token.replace("Bearer ", ""), args.jwt_key, algorithms=["HS256"])
    except Exception:
        return False
    return True


@sio.on("session_request")
async def session_request(sid, data):
    if data is None:
        data = {}
    if "session_id" not in data or data["session_id"] is None:
        data["session_id"] = uuid.uuid4().hex
    if args.persistence:
        sio.enter_room(sid, data["session_id"])
    await sio.emit("session_confirm", data["session_id"], room=sid)


@sio.on("user_uttered")
async def user_uttered(sid, data):
    if args.persistence:
        if not data.get("session_id"):
            return
        sender = data["session_id"]
    else:
        sender = sid
    metadata = data.get(args.metadata_key, {})
    if isinstance(metadata, str):
        metadata = json.loads(metadata)
    text = data.get("message", "")
    if text in ("/bye", "/vanish"):
        # The server ends the session (python-socketio's disconnect(sid): a DISCONNECT packet), after
        # a last answer or without one.
        if text == "/bye":
            await sio.emit("bot_uttered", {"text": "bye"}, room=sender)
        await sio.disconnect(sid)
        return
    if text == "/buttons":
        out = [{"text": "Choose an option:", "quick_replies": [
            {"content_type": "text", "title": "Yes", "payload": "/affirm"},
            {"content_type": "text", "title": "No", "payload": "/deny"}]}]
    elif text == "/meta":
        out = [{"metadata": metadata}]
    elif text == "/multi":
        out = [{"text": "first"}, {"text": "second"}]
    else:
        out = [{"text": "you said: " + text}]
    for message in out:
        await sio.emit("bot_uttered", message, room=sender)


async def rest_health(request):
    return web.json_response({"status": "ok"})


async def rest_webhook(request):
    """Rasa's REST channel with an echo bot: one message per turn."""
    body = await request.json()
    sender = str(body.get("sender") or "default")
    return web.json_response([{"recipient_id": sender, "text": "you said: " + body.get("message", "")}])


app.router.add_get("/webhooks/rest/", rest_health)
app.router.add_post("/webhooks/rest/webhook", rest_webhook)


async def main():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    print("listening on http://127.0.0.1:%d" % sock.getsockname()[1], flush=True)
    await asyncio.Event().wait()


asyncio.run(main())
