#!/usr/bin/python3
"""rasa-mock's peak memory while one client floods it (issue: a frame header declaring 2 GiB, or 2 GiB of
binary attachments). Prints the peak RSS above idle; the server should refuse early and stay flat.

  tests/bench/mock_flood_rss.py --mock build/bin/rasa-mock --attack frame|frame-pipelined|attachments
"""

import argparse
import base64
import os
import select
import socket
import struct
import subprocess
import time

GiB = 1 << 30


def rss_kib(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def ws_frame(opcode, payload):
    """A masked client frame (mask 0, so the payload goes as it is)."""
    n = len(payload)
    head = bytes([0x80 | opcode])
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 65536:
        head += bytes([0x80 | 126]) + struct.pack(">H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack(">Q", n)
    return head + b"\0\0\0\0" + payload


UPGRADE = (b"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
           b"Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")


def stream(sock, total, chunk):
    """Sends up to `total` bytes of `chunk`s; returns how many went before the server closed."""
    sent = 0
    data = memoryview(chunk * 2)
    sock.setblocking(False)
    while sent < total:
        _, writable, _ = select.select([], [sock], [], 5)
        if not writable:
            break  # the server stopped reading
        offset = sent % len(chunk)  # the chunks follow each other whole, whatever send() takes
        try:
            sent += sock.send(data[offset: offset + min(len(chunk), total - sent)])
        except (BrokenPipeError, ConnectionResetError):
            break
        readable, _, _ = select.select([sock], [], [], 0)
        if readable:
            try:
                if sock.recv(65536) == b"":
                    break
            except ConnectionResetError:
                break
    return sent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mock", required=True)
    ap.add_argument("--attack", choices=["frame", "frame-pipelined", "attachments"], default="frame")
    ap.add_argument("--bytes", type=int, default=2 * GiB)
    args = ap.parse_args()

    proc = subprocess.Popen([args.mock, "--port", "0", "--quiet"], stdout=subprocess.PIPE, text=True)
    port = int(proc.stdout.readline().split(":")[-1])
    time.sleep(0.5)
    idle = rss_kib(proc.pid, "VmRSS")
    sock = socket.create_connection(("127.0.0.1", port))
    chunk = b"x" * (1 << 20)
    started = time.monotonic()
    if args.attack == "frame-pipelined":
        sock.sendall(UPGRADE + b"\x82\xff" + struct.pack(">Q", min(args.bytes, 2 * GiB - 16)) + b"\0\0\0\0")
    else:
        sock.sendall(UPGRADE)
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf += sock.recv(4096)
        sock.sendall(ws_frame(1, b"40"))
    if args.attack == "frame":
        sock.sendall(b"\x82\xff" + struct.pack(">Q", min(args.bytes, 2 * GiB - 16)) + b"\0\0\0\0")
        sent = stream(sock, args.bytes, chunk)
    elif args.attack == "frame-pipelined":
        sent = stream(sock, args.bytes, chunk)
    else:
        attachment = ws_frame(2, b"y" * 900_000)
        sock.sendall(ws_frame(1, b'451000000-["upload",{"_placeholder":true,"num":0}]'))
        sent = stream(sock, args.bytes, attachment * 4)
    seconds = time.monotonic() - started
    peak = rss_kib(proc.pid, "VmHWM")
    sock.close()
    proc.terminate()
    proc.wait(10)
    print("attack=%s sent=%d MiB in %.1f s; rasa-mock idle RSS %.1f MB, peak %.1f MB, peak above idle %.1f MB"
          % (args.attack, sent >> 20, seconds, idle / 1024, peak / 1024, (peak - idle) / 1024))


if __name__ == "__main__":
    main()
