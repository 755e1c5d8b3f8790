"""A minimal WebSocket client as an `asyncio.Protocol`, for the load generator.

Why not `websockets.asyncio.client`: that client hands each message to a task
awaiting `recv()`, so every delivery costs a task wake-up. At 50,000 deliveries
a second on a shared 2-core machine the generator would then measure itself.
Here `data_received` parses the frames and calls `on_text` inline, and `send`
writes straight to the transport (open loop: it never waits for the server).

What it does not do: compression (no extension is offered, so the server must
not use one), TLS, or verifying `Sec-WebSocket-Accept` (the servers are ours,
on loopback). Client frames use an all-zero masking key, which RFC 6455 allows
and which leaves the payload unchanged, so nothing is XORed in Python. Server
pings are answered with pongs; a close frame is answered and its code kept.
"""

from __future__ import annotations

import asyncio
import base64
import os
import socket
import time
from collections.abc import Callable

_ZERO_MASK = b"\x00\x00\x00\x00"
OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


def frame(opcode: int, payload: bytes) -> bytes:
    """One final, masked client frame."""
    n = len(payload)
    if n < 126:
        head = bytes((0x80 | opcode, 0x80 | n))
    elif n < 65536:
        head = bytes((0x80 | opcode, 0xFE)) + n.to_bytes(2, "big")
    else:
        head = bytes((0x80 | opcode, 0xFF)) + n.to_bytes(8, "big")
    return head + _ZERO_MASK + payload


def text_frame(text: str) -> bytes:
    return frame(OP_TEXT, text.encode())


class WsClient(asyncio.Protocol):
    """One client connection. `on_text(client, payload_bytes)` gets each text message."""

    def __init__(self, host: str, port: int, path: str,
                 on_text: Callable[[WsClient, bytes], None]) -> None:
        self.host, self.port, self.path = host, port, path
        self.on_text = on_text
        self.transport: asyncio.Transport | None = None
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.open = False
        self.closed = False
        self.close_code: int | None = None
        self._buf = b""
        self._frag: list[bytes] = []
        self._handshake = True

    async def connect(self, rcvbuf: int | None = None, timeout: float = 30.0) -> None:
        loop = asyncio.get_running_loop()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if rcvbuf:
            # Before connect, so the window is small from the start: a client that
            # stops reading then pushes back on the server within a few frames.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        try:
            await asyncio.wait_for(loop.sock_connect(sock, (self.host, self.port)), timeout)
            await loop.create_connection(lambda: self, sock=sock)
            await asyncio.wait_for(asyncio.shield(self.opened), timeout)
        except BaseException:
            sock.close()
            raise

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is not a subclass
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write(
            f"GET {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.open = False
        if not self.opened.done():
            self.opened.set_exception(ConnectionError(f"closed during handshake: {exc}"))

    def send(self, data: bytes) -> bool:
        """Write one pre-framed message; False if the connection is gone."""
        if self.closed or self.transport is None:
            return False
        self.transport.write(data)
        return True

    def send_text(self, text: str) -> bool:
        return self.send(text_frame(text))

    def close(self, code: int = 1000) -> None:
        if self.transport is not None and not self.closed:
            if self.open:
                self.transport.write(frame(OP_CLOSE, code.to_bytes(2, "big")))
            self.transport.close()
        self.closed = True
        self.open = False

    def pause_reading(self) -> None:
        if self.transport is not None and not self.closed:
            self.transport.pause_reading()

    def resume_reading(self) -> None:
        if self.transport is not None and not self.closed:
            self.transport.resume_reading()

    def data_received(self, data: bytes) -> None:
        buf = self._buf + data if self._buf else data
        if self._handshake:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                self._buf = buf
                return
            status = buf[:buf.find(b"\r\n")]
            if b" 101 " not in status + b" ":
                self._buf = b""
                self.opened.set_exception(ConnectionError(status.decode(errors="replace")))
                assert self.transport is not None
                self.transport.close()
                return
            self._handshake = False
            self.open = True
            self.opened.set_result(None)
            buf = buf[end + 4:]
        pos, n = 0, len(buf)
        while n - pos >= 2:
            b0, b1 = buf[pos], buf[pos + 1]
            length = b1 & 0x7F
            head = 2
            if length == 126:
                if n - pos < 4:
                    break
                length = int.from_bytes(buf[pos + 2:pos + 4], "big")
                head = 4
            elif length == 127:
                if n - pos < 10:
                    break
                length = int.from_bytes(buf[pos + 2:pos + 10], "big")
                head = 10
            mask = b""
            if b1 & 0x80:  # servers must not mask, but be lenient
                mask = buf[pos + head:pos + head + 4]
                head += 4
            end = pos + head + length
            if end > n:
                break
            payload = buf[pos + head:end]
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            pos = end
            self._frame(b0, payload)
        self._buf = buf[pos:] if pos < n else b""

    def _frame(self, b0: int, payload: bytes) -> None:
        opcode = b0 & 0x0F
        if opcode in (OP_TEXT, OP_BINARY):
            if b0 & 0x80:
                self.on_text(self, payload)
            else:
                self._frag = [payload]
        elif opcode == OP_CONT:
            self._frag.append(payload)
            if b0 & 0x80:
                whole, self._frag = b"".join(self._frag), []
                self.on_text(self, whole)
        elif opcode == OP_PING:
            self.send(frame(OP_PONG, payload))
        elif opcode == OP_CLOSE:
            self.close_code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
            if self.transport is not None and not self.closed:
                self.transport.write(frame(OP_CLOSE, payload[:2]))
                self.transport.close()
            self.closed = True
            self.open = False


def now_ms() -> float:
    return time.time() * 1000.0
