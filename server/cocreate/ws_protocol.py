"""The board's socket, served by the `websockets` sans-I/O protocol straight
from uvicorn's connection, without ASGI in between.

Through ASGI every socket kept, for its whole life, the handshake's request
and response, the ASGI scope and its headers, a receive queue, an event for
writability, and a stack of coroutine frames from the server's task down to
the endpoint; and every frame it sent went through four coroutines and a
message dict before the transport. Here a socket keeps its protocol, one
task (its `Session`), and nothing else, and a frame written to many sockets
is serialized once (`_text_frame`). Measured in docs/performance.md.

uvicorn hands a connection here when its HTTP protocol sees an upgrade
(`cocreate serve` passes this class as `ws`). `/ws` gets a `Session`; any
other path is refused with 404, a foreign origin with 403, as the ASGI
route does. Keep-alive pings, the closing handshake and its timeout, flow
control and the graceful shutdown (1012) follow uvicorn's own protocol.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import struct
from typing import Any

from uvicorn.config import Config
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware
from uvicorn.server import ServerState
from websockets.frames import Frame, Opcode
from websockets.http11 import Request
from websockets.protocol import SEND_EOF, State
from websockets.server import ServerProtocol

from cocreate import metrics, protocol
from cocreate.app import STATE_KEY, WS_PATH
from cocreate.endpoints.websocket import origin_allowed
from cocreate.session import Session

log = logging.getLogger("cocreate.ws")
# The protocol's own log lines (debug: every frame) go through uvicorn's logger,
# where the privacy filter drops frames (log_privacy).
_PROTOCOL_LOG = logging.getLogger("uvicorn.error")

CLOSE_TIMEOUT_S = 10.0


class SocketClosed(Exception):
    """A write to a socket that is closing or gone."""


# The last two texts serialized: the hub writes one frame to every socket of a
# room in a row (two, when audiences or presence lists differ), so all but the
# first reuse its bytes. Server frames are unmasked and no extension is
# negotiated, so a frame's bytes do not depend on the socket.
_recent: list[tuple[str | None, bytes]] = [(None, b""), (None, b"")]


def _text_frame(text: str) -> bytes:
    recent = _recent
    if recent[0][0] is text:
        return recent[0][1]
    if recent[1][0] is text:
        return recent[1][1]
    frame = Frame(Opcode.TEXT, text.encode()).serialize(mask=False, extensions=[])
    recent[1] = recent[0]
    recent[0] = (text, frame)
    return frame


class BoardSocketProtocol(asyncio.Protocol):
    __slots__ = ("config", "connections", "tasks", "app_state", "loop", "transport", "conn",
                 "inbox", "waiter", "drained", "ended", "read_paused", "timer",
                 "ping_payload", "session_task", "message")

    def __init__(self, config: Config, server_state: ServerState, app_state: dict[str, Any],
                 _loop: asyncio.AbstractEventLoop | None = None) -> None:
        if not config.loaded:
            config.load()
        self.config = config
        self.connections = server_state.connections
        self.tasks = server_state.tasks
        self.app_state = app_state
        self.loop = _loop or asyncio.get_event_loop()
        self.transport: asyncio.Transport = None  # type: ignore[assignment]
        self.conn = ServerProtocol(max_size=config.ws_max_size, logger=_PROTOCOL_LOG)
        self.inbox: list[str | bytes] = []  # a list: rarely more than one, and small
        self.waiter: asyncio.Future[None] | None = None  # receive() waiting for a frame
        self.drained: asyncio.Future[None] | None = None  # a send waiting for the buffer
        self.ended = False  # no more frames will be received
        self.read_paused = False
        self.timer: asyncio.TimerHandle | None = None  # the next ping, its deadline, or the close's
        self.ping_payload: bytes | None = None
        self.session_task: asyncio.Task[None] | None = None
        # A fragmented message so far: whether it is text, and its parts.
        self.message: tuple[bool, list[bytes]] | None = None

    # The transport's side

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.connections.add(self)  # type: ignore[arg-type]
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self.connections.discard(self)
        self._cancel_timer()
        self._end()
        self._wake_writers()  # a paused transport that is lost never resumes
        if exc is None:
            self.transport.close()

    def eof_received(self) -> None:
        pass

    def pause_writing(self) -> None:
        if self.drained is None:
            self.drained = self.loop.create_future()

    def resume_writing(self) -> None:
        self._wake_writers()

    def data_received(self, data: bytes) -> None:
        conn = self.conn
        conn.receive_data(data)
        for event in conn.events_received():
            if isinstance(event, Request):
                self._handshake(event)
            elif isinstance(event, Frame):
                self._frame(event)
        if conn.state is State.CONNECTING and conn.handshake_exc is not None:
            # Not a WebSocket request it could parse: websockets queued a 4xx, or nothing.
            out = b"".join(conn.data_to_send()) or conn.reject(
                400, "Failed to open a WebSocket connection: invalid request.\n").serialize()
            self._write_and_close(out)
            return
        self._flush()  # pongs, close echoes, a failure's close frame
        if self.inbox and not self.read_paused and not self.transport.is_closing():
            self.read_paused = True  # one message at a time, as the session reads them
            self.transport.pause_reading()

    def shutdown(self) -> None:
        """uvicorn stopping: 1012 (service restart) to a socket that is open."""
        self._cancel_timer()
        if self.conn.state is State.OPEN:
            self.conn.send_close(1012)
            self._flush()
        self._end()
        self.transport.close()

    # The handshake

    def _handshake(self, request: Request) -> None:
        conn = self.conn
        path = request.path.partition("?")[0]
        state = self.app_state.get(STATE_KEY)
        if path != WS_PATH or state is None:
            self._refuse(404, "Not Found\n")
            return
        origin = request.headers.get("Origin")
        host = request.headers.get("Host", "")
        if not origin_allowed(origin, host, self._scheme(request),
                              state.settings.allowed_origins):
            self._refuse(403, "")
            return
        response = conn.accept(request)
        conn.send_response(response)
        if response.status_code != 101:  # not a WebSocket handshake websockets accepts
            self._write_and_close(b"".join(conn.data_to_send()))
            return
        self._flush()
        self._schedule_ping()
        task = self.loop.create_task(self._run(state))
        self.session_task = task
        self.tasks.add(task)
        task.add_done_callback(self._session_done)

    def _refuse(self, status: int, text: str) -> None:
        response = self.conn.reject(status, text)
        self.conn.send_response(response)
        self._write_and_close(b"".join(self.conn.data_to_send()))

    def _scheme(self, request: Request) -> str:
        """`ws` or `wss` as the client sees it: behind a trusted proxy, its
        X-Forwarded-Proto, by uvicorn's own rules (FORWARDED_ALLOW_IPS)."""
        scheme = "wss" if self.transport.get_extra_info("sslcontext") else "ws"
        if not self.config.proxy_headers:
            return scheme
        peer = self.transport.get_extra_info("peername")
        scope: dict[str, Any] = {
            "type": "websocket", "scheme": scheme,
            "client": (peer[0], peer[1]) if isinstance(peer, tuple) else None,
            "headers": [(b"x-forwarded-proto", v.encode("latin-1"))
                        for v in request.headers.get_all("X-Forwarded-Proto")]}
        step = _trusting(self.config)(scope, None, None)
        with contextlib.suppress(StopIteration):  # nothing in it awaits: one step ends it
            step.send(None)
        return "wss" if scope.get("proxied_scheme", scheme) == "wss" else "ws"

    async def _run(self, state: Any) -> None:
        metrics.CONNECTIONS.inc()
        try:
            await Session(self, state.store, state.hub,
                          state.settings.sockets_per_participant).run()
        finally:
            metrics.CONNECTIONS.dec()
            if self.conn.state is State.OPEN:  # a session ends by a close, or the peer's
                self.conn.fail(protocol.CLOSE_INTERNAL_ERROR)
                self._flush()

    def _session_done(self, task: asyncio.Task[None]) -> None:
        self.tasks.discard(task)
        self.session_task = None
        if not task.cancelled() and task.exception() is not None:
            log.error("a socket's session failed", exc_info=task.exception())
            self.transport.close()

    # Frames in

    def _frame(self, frame: Frame) -> None:
        opcode = frame.opcode
        if opcode is Opcode.TEXT or opcode is Opcode.BINARY:
            if frame.fin:
                self._deliver(frame.data, opcode is Opcode.TEXT)
            else:
                self.message = (opcode is Opcode.TEXT, [bytes(frame.data)])
        elif opcode is Opcode.CONT and self.message is not None:
            self.message[1].append(bytes(frame.data))  # websockets bounds the total size
            if frame.fin:
                (text, parts), self.message = self.message, None
                self._deliver(b"".join(parts), text)
        elif opcode is Opcode.PONG:
            if self.ping_payload is not None and bytes(frame.data) == self.ping_payload:
                self.ping_payload = None
                self._schedule_ping()
        elif opcode is Opcode.CLOSE:
            self._end()  # websockets queued the echo; the peer closes the TCP connection

    def _deliver(self, data: bytes | bytearray | memoryview, text: bool) -> None:
        if self.ended:
            return  # past our close: not answered any more
        if text:
            try:
                self.inbox.append(bytes(data).decode())
            except UnicodeDecodeError:
                self.conn.fail(1007, "invalid UTF-8")
                return
        else:
            self.inbox.append(bytes(data))
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    # The session's side (cocreate.sockets.BoardSocket)

    async def receive(self) -> str | bytes | None:
        while not self.inbox:
            if self.ended:
                return None
            self.waiter = self.loop.create_future()
            try:
                await self.waiter
            finally:
                self.waiter = None
        message = self.inbox.pop(0)
        if not self.inbox and self.read_paused:
            self.read_paused = False
            self.transport.resume_reading()
        return message

    async def send_text(self, text: str) -> None:
        while self.drained is not None:
            await asyncio.shield(self.drained)
        if self.conn.state is not State.OPEN or self.transport.is_closing():
            raise SocketClosed("the socket is closing")
        self.transport.write(_text_frame(text))

    async def close(self, code: int, reason: str = "") -> None:
        if self.conn.state is State.OPEN and not self.transport.is_closing():
            self.conn.send_close(code, reason)
            self._flush()
            self._cancel_timer()
            # The peer's close frame completes the handshake; its TCP close, or this, ends it.
            self.timer = self.loop.call_later(CLOSE_TIMEOUT_S, self.transport.close)
        self._end()
        self.inbox.clear()
        if self.read_paused:  # keep reading, for the peer's close frame
            self.read_paused = False
            self.transport.resume_reading()

    def gone(self) -> bool:
        return self.ended

    # Keep-alive

    def _schedule_ping(self) -> None:
        self._cancel_timer()
        interval = self.config.ws_ping_interval
        if interval:
            self.timer = self.loop.call_later(interval, self._ping)

    def _ping(self) -> None:
        self.timer = None
        if self.conn.state is not State.OPEN or self.transport.is_closing():
            return
        self.ping_payload = struct.pack("!I", random.getrandbits(32))
        self.conn.send_ping(self.ping_payload)
        self._flush()
        timeout = self.config.ws_ping_timeout
        if timeout:
            self.timer = self.loop.call_later(timeout, self._ping_timed_out)
        else:
            self._schedule_ping()

    def _ping_timed_out(self) -> None:
        self.timer = None
        if self.conn.state is not State.OPEN or self.transport.is_closing():
            return
        self.conn.fail(protocol.CLOSE_INTERNAL_ERROR, "keepalive ping timeout")
        self._flush()
        self._end()
        self.transport.close()

    # Helpers

    def _flush(self) -> None:
        """Write what the protocol queued. Its end-of-stream mark (after a close
        frame received or a failure) means the server closes the TCP connection."""
        out = self.conn.data_to_send()
        if not out or self.transport.is_closing():
            return
        self.transport.write(b"".join(out))
        if out[-1] == SEND_EOF:
            self._end()
            self._cancel_timer()
            self.transport.close()

    def _write_and_close(self, data: bytes) -> None:
        self._end()
        if not self.transport.is_closing():
            self.transport.write(data)
            self.transport.close()

    def _end(self) -> None:
        self.ended = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    def _wake_writers(self) -> None:
        drained, self.drained = self.drained, None
        if drained is not None and not drained.done():
            drained.set_result(None)

    def _cancel_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


_TRUSTING: dict[int, Any] = {}


def _trusting(config: Config) -> Any:
    """uvicorn's proxy-header middleware for `config`, around an app that only
    notes the scheme it decided (once per process)."""
    middleware = _TRUSTING.get(id(config))
    if middleware is None:
        async def note_scheme(scope: Any, receive: Any, send: Any) -> None:
            scope["proxied_scheme"] = scope["scheme"]
        middleware = ProxyHeadersMiddleware(note_scheme, trusted_hosts=config.forwarded_allow_ips)
        _TRUSTING[id(config)] = middleware
    return middleware
