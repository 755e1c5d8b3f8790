"""How the load generator speaks to each target: open, send one message, read one.

Every target gets the same payload: an id naming the sender, `x` the intended
send time (ms since the run's base time, `time.time()` clock, shared by all
processes on this box) and `y` the sender's sequence number. Each dialect turns
an incoming frame into `sink.delivery(client, sender_key, x, seq)`.

- `cocreate`, ephemeral: `drag` frames, relayed to the rest of the room.
- `cocreate`, durable: each client owns one note and sends `note.move` ops;
  others get the `event`; the sender's `ack` gives the ack latency.
- `websockets`, `node-ws`: the peer relays the client's text unchanged.
- `socketio`, `node-socketio`: Engine.IO 4 / Socket.IO 5 over a WebSocket,
  spoken by hand (open packet, namespace connect, `join` with an ack, `drag`
  events); python-socketio and Node's socket.io speak the same protocol.
"""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

import orjson

from benchmarks.wsclient import WsClient, text_frame

_loads = orjson.loads


class Sink(Protocol):
    def delivery(self, c: Client, key: str, x: float, seq: int) -> None: ...
    def ack(self, c: Client, ref: str) -> None: ...
    def error(self, c: Client, code: str) -> None: ...


class Client(WsClient):
    """A connection plus what the generator knows about its seat."""

    def __init__(self, seat: dict[str, Any], host: str, path: str, dialect: Dialect) -> None:
        super().__init__(host, seat["port"], path, dialect.on_text)
        self.index: int = seat["index"]
        self.room: int = seat["room"]
        self.stalled: bool = seat["stalled"]
        self.at = (self.room, self.port)
        self.token: str | None = seat.get("token")
        self.participant: str | None = seat.get("participant")
        self.key = f"c{self.index}"    # how receivers name this sender
        self.note_id: str | None = None
        self.seq = 0
        self.last: dict[str, int] = {}  # sender key -> last seq seen from it
        self.waiter: asyncio.Future[Any] | None = None

    def expect(self) -> asyncio.Future[Any]:
        self.waiter = asyncio.get_running_loop().create_future()
        return self.waiter

    def resolve(self, value: Any = None) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(value)


class Dialect:
    def __init__(self, sink: Sink) -> None:
        self.sink = sink

    def path(self, seat: dict[str, Any]) -> str:
        raise NotImplementedError

    async def open(self, c: Client) -> None:
        raise NotImplementedError

    def message(self, c: Client, seq: int, t: float) -> bytes:
        raise NotImplementedError

    def on_text(self, c: WsClient, payload: bytes) -> None:
        raise NotImplementedError


def _drag_text(c: Client, seq: int, t: float) -> str:
    return f'{{"type":"drag","id":"{c.key}:{seq}","x":{t:.3f},"y":{seq}}}'


class CocreateEphemeral(Dialect):
    def path(self, seat: dict[str, Any]) -> str:
        return "/ws"

    async def open(self, c: Client) -> None:
        welcome = c.expect()
        # Presence as the web client asks for it: changes after one whole list.
        c.send_text(orjson.dumps({"type": "hello", "token": c.token,
                                  "presence": "changes"}).decode())
        await welcome

    def message(self, c: Client, seq: int, t: float) -> bytes:
        return text_frame(_drag_text(c, seq, t))

    def on_text(self, c: WsClient, payload: bytes) -> None:
        assert isinstance(c, Client)
        m = _loads(payload)
        kind = m.get("type")
        if kind == "drag":
            ident = m["id"]
            self.sink.delivery(c, ident[:ident.rindex(":")], m["x"], m["y"])
        elif kind == "event":
            self._event(c, m)
        elif kind == "ack":
            self.sink.ack(c, m["ref"])
        elif kind == "welcome":
            c.resolve(m)
        elif kind == "error":
            self.sink.error(c, m.get("code") or "?")

    def _event(self, c: Client, m: dict[str, Any]) -> None:
        pass


class CocreateDurable(CocreateEphemeral):
    async def open(self, c: Client) -> None:
        await super().open(c)
        added = c.expect()
        c.send_text(orjson.dumps({"type": "op", "ref": f"{c.key}:add", "op": "note.add",
                                  "data": {"text": f"note of {c.key}", "x": 0, "y": 0}}).decode())
        c.note_id = await added
        c.key = c.note_id  # receivers know senders by the note they move

    def message(self, c: Client, seq: int, t: float) -> bytes:
        return text_frame(
            f'{{"type":"op","ref":"{c.index}:{seq}:{t:.3f}","op":"note.move",'
            f'"data":{{"id":"{c.note_id}","x":{t:.3f},"y":{seq}}}}}')

    def _event(self, c: Client, m: dict[str, Any]) -> None:
        op = m.get("op")
        if op == "note.move":
            d = m["data"]
            self.sink.delivery(c, d["id"], d["x"], d["y"])
        elif op == "note.add" and c.note_id is None and m.get("actor") == c.participant:
            c.resolve(m["data"]["id"])


class WebsocketsPeer(Dialect):
    def path(self, seat: dict[str, Any]) -> str:
        return f"/ws?room=r{seat['room']}"

    async def open(self, c: Client) -> None:
        # The welcome may already have come with the handshake bytes.
        if c.waiter is None:
            c.expect()
        assert c.waiter is not None
        await c.waiter

    def message(self, c: Client, seq: int, t: float) -> bytes:
        return text_frame(_drag_text(c, seq, t))

    def on_text(self, c: WsClient, payload: bytes) -> None:
        assert isinstance(c, Client)
        m = _loads(payload)
        if m.get("type") == "drag":
            ident = m["id"]
            self.sink.delivery(c, ident[:ident.rindex(":")], m["x"], m["y"])
        elif m.get("type") == "welcome":
            if c.waiter is None:
                c.expect()
            c.resolve()


class SocketioPeer(Dialect):
    """Engine.IO 4 packets: 0 open, 2 ping, 3 pong, 4 message; Socket.IO 5 inside 4:
    0 connect, 2 event, 3 ack, 4 connect error."""

    def path(self, seat: dict[str, Any]) -> str:
        return "/socket.io/?EIO=4&transport=websocket"

    async def open(self, c: Client) -> None:
        if c.waiter is None:
            c.expect()
        assert c.waiter is not None
        await c.waiter  # set when the join is acked

    def message(self, c: Client, seq: int, t: float) -> bytes:
        return text_frame(
            f'42["drag",{{"id":"{c.key}:{seq}","x":{t:.3f},"y":{seq}}}]')

    def on_text(self, c: WsClient, payload: bytes) -> None:
        assert isinstance(c, Client)
        head = payload[:2]
        if head == b"42":
            name, d = _loads(payload[2:])
            if name == "drag":
                ident = d["id"]
                self.sink.delivery(c, ident[:ident.rindex(":")], d["x"], d["y"])
        elif payload == b"2":
            c.send_text("3")
        elif head == b"40":
            c.send_text(f'420["join","r{c.room}"]')
        elif head == b"43":
            if c.waiter is None:
                c.expect()
            c.resolve()
        elif payload[:1] == b"0":
            c.send_text("40")
        elif head == b"44":
            self.sink.error(c, "connect_error")


def dialect_for(target: str, mode: str, sink: Sink) -> Dialect:
    if target == "cocreate":
        return CocreateDurable(sink) if mode == "durable" else CocreateEphemeral(sink)
    if target in ("websockets", "node-ws"):
        return WebsocketsPeer(sink)
    if target in ("socketio", "node-socketio"):
        return SocketioPeer(sink)
    raise ValueError(f"unknown target {target!r}")
