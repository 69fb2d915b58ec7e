#!/usr/bin/env python3
"""Prints the marketplace's product events as they happen, from the TCP event-bus bridge (docs/bus.md).

    BRIDGE_PORT=7000 python3 product_events.py      # BRIDGE_HOST (127.0.0.1) and BRIDGE_TOKEN as the bridge needs

Standard library only: the bridge's framing is a 4-byte big-endian length followed by that many bytes of JSON.
"""
import json
import os
import socket
import struct
import sys

ADDRESS = "marketplace.events.products"


def send(sock, frame, token):
    if token:
        frame["headers"] = {"token": token}
    data = json.dumps(frame).encode("utf-8")
    sock.sendall(struct.pack(">I", len(data)) + data)


def read_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError("the bridge closed the connection")
        data += chunk
    return data


def frames(sock):
    while True:
        (length,) = struct.unpack(">I", read_exactly(sock, 4))
        yield json.loads(read_exactly(sock, length).decode("utf-8"))


def main():
    host = os.environ.get("BRIDGE_HOST", "127.0.0.1")
    port = int(os.environ.get("BRIDGE_PORT", "7000"))
    token = os.environ.get("BRIDGE_TOKEN")
    with socket.create_connection((host, port)) as sock:
        send(sock, {"type": "register", "address": ADDRESS}, token)
        print(f"listening to {ADDRESS} on {host}:{port}", flush=True)
        for frame in frames(sock):
            if frame.get("type") == "err":
                sys.exit(f"bridge refused: {frame.get('message')} {frame.get('detail', '')}")
            event = frame.get("body") or {}
            product = event.get("data") or {}
            print(f"{event.get('occurred_at')} {event.get('type')} v{event.get('version')} "
                  f"{product.get('id')} {product.get('name')!r} stock={product.get('stock')}", flush=True)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
