#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target (tests/fuzz/corpus/<target>/) from the wire examples of the
unit and integration tests. Run it again after adding an example; the files are committed, so the fuzz
runs and `ctest -R fuzz_regressions` do not need it."""
import hashlib
import json
import os
import pathlib
import shutil

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPUS = HERE / "corpus"


def ws_frame(payload, opcode=1, mask=b"\x11\x22\x33\x44"):
    """A masked client-to-server WebSocket frame, as a browser sends it."""
    if isinstance(payload, str):
        payload = payload.encode()
    head = bytes([0x80 | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([0x80 | n])
    else:
        head += bytes([0x80 | 126]) + n.to_bytes(2, "big")
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def request(method, target, body=b"", headers=""):
    if isinstance(body, str):
        body = body.encode()
    head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}"
    if body or method == "POST":
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


EIO = "/socket.io/?EIO=4&transport="
UPGRADE = ("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
USER = '42["user_uttered",{"message":"/buttons","session_id":"demo-1"}]'


def http_front():
    rest = json.dumps({"sender": "alice", "message": "/buttons"}, separators=(",", ":"))
    seeds = [
        request("GET", "/"),
        request("GET", "/version") + b"@@" + request("HEAD", "/status"),
        b"GET /status HTTP/1.0\r\n\r\n",
        request("POST", "/webhooks/rest/webhook", rest),
        request("POST", "/webhooks/rest/webhook?stream=true", '{"sender":"b","message":"/carousel"}'),
        request("POST", "/webhooks/rest/webhook", '{"sender":"c","message":"hi","metadata":{"k":"v"}}')
        + request("GET", "/webhooks/rest/"),  # pipelined
        b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"10\r\n{\"message\":\"/ima\r\n6\r\nge\"}  \r\n0\r\n\r\n",
        b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 16\r\nExpect: 100-continue\r\n\r\n"
        b"@@{\"message\":\"hi\"}",
        request("POST", "/webhooks/rest/webhook", "not json"),
        request("POST", "/webhooks/rest/webhook", '{"message":5}'),
        b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n",
        request("DELETE", "/webhooks/rest/webhook"),
        request("GET", "/nope/"),
        request("OPTIONS", "/webhooks/rest/webhook", headers="Origin: http://localhost:3000\r\n"
                "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n"),
        b"GARBAGE\r\n\r\n",
        # Socket.IO over polling: handshake, CONNECT, session_request, a message, the answers.
        request("GET", EIO + "polling") + b"@@"
        + request("POST", EIO + "polling&sid={SID}", "40") + b"@@"
        + request("POST", EIO + "polling&sid={SID}",
                  '42["session_request",{"session_id":"demo-1"}]\x1e' + USER) + b"@@"
        + request("GET", EIO + "polling&sid={SID}") + b"@@"
        + request("POST", EIO + "polling&sid={SID}", "3\x1e41"),
        request("GET", EIO + "polling&sid=nope"),
        request("GET", "/socket.io/?EIO=3&transport=polling"),
        request("GET", EIO + "websocket"),
        # Socket.IO over a WebSocket from the start.
        request("GET", EIO + "websocket", headers=UPGRADE) + b"@@" + ws_frame("40") + b"@@"
        + ws_frame('42["session_request",{"session_id":"s1"}]') + b"@@" + ws_frame(USER) + b"@@"
        + ws_frame("3") + b"@@" + ws_frame(b"\x03\xe8", opcode=8),
        request("GET", EIO + "websocket", headers=UPGRADE) + b"@@" + ws_frame('451-["up",{"_placeholder":true,"num":0}]')
        + ws_frame(b"\x01\x02", opcode=2),
        # Polling, then the upgrade on a second connection while a poll is held on the first.
        request("GET", EIO + "polling") + b"@@"
        + request("POST", EIO + "polling&sid={SID}", "40") + b"@@"
        + request("GET", EIO + "polling&sid={SID}") + b"@@" + request("GET", EIO + "polling&sid={SID}") + b"@+"
        + request("GET", EIO + "websocket&sid={SID}", headers=UPGRADE) + b"@@" + ws_frame("2probe") + b"@@"
        + ws_frame("5") + b"@@" + ws_frame(USER),
    ]
    return seeds


def eio_packet():
    return ["0", "1", "2", "2probe", "3", "3probe", "4hello", "4é", "5", "6", "bAQIDBA==", "b!!!", "7x", "",
            '0{"sid":"MK4_Npq_l58I6QtRxJ7O","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,'
            '"maxPayload":1000000}']


def eio_payload():
    return [b"\x10" + p.encode() for p in
            ["4hello\x1e2\x1ebAQIDBA==", "2\x1e", "4a\x1e4a", "40\x1e42[\"chat\",\"hi\"]", "", "6", "4é\x1e3"]]


SIO = ['0{"token":"abc"}', '0/admin,{"token":"abc"}', '0{"sid":"oSO0OpakMV_3jnilAAAA"}',
       '4{"message":"Not authorized"}', '4/admin,"Unable to connect"', '2["chat","hello"]',
       '2/admin,12["chat","hello"]', '312["ok"]', '3/admin,12["ok"]',
       '51-["upload",{"_placeholder":true,"num":0}]', '61-12[{"_placeholder":true,"num":0}]', "1", "1/admin,",
       '2["chat",', "0[1]", '2{"a":1}', "2[]", '2["disconnect"]', '512345678901-["a"]',
       '21234567890123456789["a"]', '0/admin?x=1,', USER[1:]]


def sio_binary():
    return ['52-["upload",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]\x1ebfirst\x1ebsecond',
            '51-["upload",{"_placeholder":true,"num":0}]\x1eb\x00\x01\x02\x1e2["after"]',
            '61-12[{"_placeholder":true,"num":0}]\x1ebx', '50-["none"]\x1e2["a"]', "bstray"]


BOT = ['{"recipient_id": "u1", "text": "Hey! How are you?"}',
       '{"recipient_id": "u1", "text": "Are you sure?", "buttons": [{"title": "Yes", "payload": "/affirm"}, '
       '{"title": "No", "payload": "/deny"}]}',
       '{"recipient_id": "u1", "image": "https://i.imgur.com/nGF1K8f.jpg"}',
       '{"recipient_id": "u1", "attachment": {"type": "file", "url": "https://example.com/a.pdf"}}',
       '{"recipient_id": "u1", "custom": {"lat": 52.5, "lng": 13.4, "type": "map"}}',
       '{"text":"Choose:","quick_replies":[{"content_type":"text","title":"No","payload":"/deny"}]}',
       '{"elements":[{"title":"A","subtitle":"B","image_url":"https://x/a.png","buttons":[{"title":"Buy",'
       '"payload":"/buy","type":"postback"}]},{"title":"C","subtitle":"D"}]}',
       '{"text": 5, "buttons": "nope"}', '{"recipient_id": "u1", "text": "a", "alpha": {"x": true}, "zeta": [1, 2]}',
       '{"image":"i","custom":{"data":1},"text":"Line1\\n\\nLine2"}', '{"custom":{"data":[1,"x"]}}']


def without_references(text):
    """A file of the repository without its comment lines that point at documents outside of it."""
    return "".join(line for line in text.splitlines(True) if "shared/" not in line)


def credentials():
    return [without_references((ROOT / "resources/credentials.yml").read_text()),
            'rest:\n\ncallback:\n  url: "http://localhost:5034/bot"\n  headers:\n    X-Api-Key: "abc"\n'
            '  params:\n    tenant: t1\n  basic_auth:\n    username: user\n    password: pass\n  token: secret\n'
            '  token_name: auth\n\nsocketio:\n  user_message_evt: user_says\n  bot_message_evt: bot_says\n'
            '  session_persistence: true\n  socketio_path: /chat.io\n  jwt_key: my_secret\n  jwt_method: HS512\n',
            "rest:\ncallback:\n  headers: {}\n", "callback:\n  url: localhost:5034/bot\n",
            "callback:\n  url:\n    - a\n", "socketio:\n  jwt_key: k\n  jwt_method: none\n", "- rest\n",
            "rest:\n  a: [\n", ""]


def conversation_script():
    return [without_references((ROOT / "resources/examples/demo-conversations.yml").read_text()),
            'fallback: "no idea"\nconversations:\n  - name: one\n    steps:\n      - user: hi\n'
            "        metadata: { lang: de }\n      - bot: \"Hey!\"\n      - bot:\n          text: \"Choose:\"\n"
            "          buttons: [Yes, No]\n          payloads: [/affirm, /deny]\n          timeout_ms: 500\n"
            "      - click: \"Yes\"\n      - bot: { contains: affirm }\n      - silence_ms: 100\n",
            "conversations:\n  - steps:\n      - bot: { matches: \"(\" }\n",
            "conversations:\n  - steps:\n      - user: x\n      - bot: { custom: { type: map }, card: A, "
            "image: \"*\", attachment: true }\n",
            "conversations: [\n", "fallback: x\n"]


def rest_reply():
    return ["[" + ",".join(BOT[:7]) + "]", "[]", "{}", "not json", "[1]",
            '[{"recipient_id":"alice","text":"Hey!"}]']


def sio_bot_uttered():
    return ['42["bot_uttered",{"text":"Hey! How are you?"}]',
            '42["bot_uttered",{"text":"Choose:","quick_replies":[{"content_type":"text","title":"Yes",'
            '"payload":"/affirm"}]}]\x1e430[]',
            '42["bot_uttered",{"attachment":{"type":"image","payload":{"src":"https://example.com/cat.png"}}}]',
            '42["bot_uttered",{"attachment":{"type":"template","payload":{"template_type":"generic","elements":'
            '{"title":"A","subtitle":"B","image_url":"https://x/a.png","buttons":[{"title":"Buy","payload":"/buy",'
            '"type":"postback"}]}}}}]',
            '42["bot_uttered",{"type":"map"}]\x1e42["bot_uttered",[1,"x"]]',
            '40{"sid":"mU94il2UNLUx4IoDIf7w"}\x1e42["session_confirm","demo-1"]', '41', '42["bot_uttered",{"text":',
            '451-["bot_uttered",{"_placeholder":true,"num":0}]\x1ebAQID', '42["bot_uttered"]', '2\x1e6']


TARGETS = {
    "http_front": http_front, "eio_packet": eio_packet, "eio_payload": eio_payload,
    "sio_packet": lambda: SIO, "sio_binary": sio_binary, "bot_message": lambda: BOT,
    "credentials": credentials, "conversation_script": conversation_script, "rest_reply": rest_reply,
    "sio_bot_uttered": sio_bot_uttered,
}

if __name__ == "__main__":
    for name, seeds in TARGETS.items():
        folder = CORPUS / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for seed in seeds():
            data = seed.encode() if isinstance(seed, str) else seed
            (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
        print(f"{name}: {len(list(folder.iterdir()))} seeds")
