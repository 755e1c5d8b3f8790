"""The WebSocket edge: decode a frame, call the store or hub, answer. Nothing else.

See docs/protocol.md for the contract this implements.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import orjson
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from cocreate import metrics, protocol
from cocreate.board.errors import BoardError
from cocreate.board.state import Actor
from cocreate.connection import Connection
from cocreate.hub import Hub
from cocreate.ratelimit import OPS_BURST, OPS_PER_SECOND, VOLATILE_BURST, VOLATILE_PER_SECOND, Bucket
from cocreate.store.accounts import Member
from cocreate.store.overview import overview
from cocreate.store.service import Store
from cocreate.store.transaction import OpRequest, new_id

log = logging.getLogger("cocreate.socket")

HELLO_TIMEOUT_S = 10.0
OVERVIEW_INTERVAL_S = 1.0


def origin_allowed(ws: WebSocket, allowed: list[str]) -> bool:
    origin = ws.headers.get("origin")
    if origin is None:
        return True  # not a browser
    if allowed:
        return origin in allowed
    scheme = "https" if ws.url.scheme == "wss" else "http"
    return origin == f"{scheme}://{ws.headers.get('host', '')}"


async def endpoint(ws: WebSocket) -> None:
    state = ws.app.state
    if not origin_allowed(ws, state.settings.allowed_origins):
        await ws.close(code=protocol.CLOSE_POLICY)  # before accept: HTTP 403
        return
    await ws.accept()
    metrics.CONNECTIONS.inc()
    try:
        await Session(ws, state.store, state.hub).run()
    finally:
        metrics.CONNECTIONS.dec()


class Session:
    def __init__(self, ws: WebSocket, store: Store, hub: Hub) -> None:
        self.ws = ws
        self.store = store
        self.hub = hub
        self.conn = Connection(new_id(), ws.send_text, self._close)
        self.member: Member | None = None
        self.ops = Bucket(OPS_PER_SECOND, OPS_BURST)
        self.volatile = Bucket(VOLATILE_PER_SECOND, VOLATILE_BURST)
        self._present_in: str | None = None
        self._overview: asyncio.Task[None] | None = None

    async def _close(self, code: int, reason: str = "") -> None:
        if self.ws.application_state != WebSocketState.DISCONNECTED:
            try:
                await self.ws.close(code=code, reason=reason)
            except RuntimeError:
                pass

    async def run(self) -> None:
        try:
            if await self._opening():
                while True:
                    message = await self.ws.receive()
                    if message["type"] == "websocket.disconnect":
                        break
                    await self._frame(message.get("text") or message.get("bytes") or "")
        except WebSocketDisconnect:
            pass
        finally:
            await self._cleanup()

    async def _opening(self) -> bool:
        """Wait for a valid hello; close with 4401 after HELLO_TIMEOUT_S or a bad one."""
        deadline = time.monotonic() + HELLO_TIMEOUT_S
        while True:
            try:
                message = await asyncio.wait_for(self.ws.receive(),
                                                 max(0.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                await self._close(protocol.CLOSE_UNAUTHORISED, "no hello")
                return False
            if message["type"] == "websocket.disconnect":
                return False
            try:
                frame = protocol.parse(message.get("text") or message.get("bytes") or "")
                if frame["type"] != "hello":
                    raise BoardError("bad_message", "send hello first")
            except BoardError as e:
                self.conn.send(protocol.error(None, e))
                continue
            return await self._hello(frame)

    async def _hello(self, frame: dict[str, Any]) -> bool:
        token, room_id, since = frame.get("token"), frame.get("room"), frame.get("since")
        if not isinstance(token, str) or (room_id is not None and not isinstance(room_id, str)):
            await self._close(protocol.CLOSE_UNAUTHORISED, "bad hello")
            return False
        if isinstance(since, bool) or (since is not None and not isinstance(since, int)):
            since = None
        member = await self.store.member_by_token(token)
        if member is None or (self.member is not None and member.id != self.member.id):
            await self._close(protocol.CLOSE_UNAUTHORISED, "unknown token")
            return False
        room_id = room_id or member.room_id
        if member.role == "participant" and room_id != member.room_id:
            plenary = await self.store.read(_plenary_of, member.workshop_id)
            if room_id != plenary:
                await self._close(protocol.CLOSE_UNAUTHORISED, "not your room")
                return False
        await self._leave_room()
        self.member = member
        self.conn.member = member
        room = await self.hub.attach(self.conn, room_id)
        welcome = await self.store.welcome(member, room_id, since, self.conn.id)
        if welcome is None:
            self.hub.detach(self.conn)
            await self._close(protocol.CLOSE_UNAUTHORISED, "no such room")
            return False
        self.conn.send(orjson.dumps({
            "type": "welcome", "participant": member.as_dict(), "workshop": welcome.workshop,
            "room": welcome.room, "seq": welcome.seq, "server_time": int(time.time() * 1000),
            "state": welcome.state}).decode())
        self.hub.ready(self.conn, room, welcome)
        self._present_in = room_id
        room.presence_changed()
        return True

    async def _leave_room(self) -> None:
        if self.conn.room_id is not None:
            self.hub.detach(self.conn)
        if self._present_in is not None:
            left, self._present_in = self._present_in, None
            await self.store.presence_closed(self.conn.id)
            room = self.hub.rooms.get(left)
            if room is not None:
                room.presence_changed()
            else:
                await self.hub.publish_presence(left, await self.store.present(left))

    async def _frame(self, text: str | bytes) -> None:
        ref: str | None = None
        try:
            frame = protocol.parse(text)
            ref = protocol.ref_of(frame)
            kind = frame["type"]
            if kind == "op":
                await self._op(protocol.op_frame(frame))
            elif kind == "ping":
                self.conn.send(orjson.dumps({"type": "pong", "t": frame.get("t"),
                                             "server_time": int(time.time() * 1000)}).decode())
            elif kind in ("cursor", "drag"):
                self._relay(frame)
            elif kind == "overview.watch":
                self._watch_overview()
            elif kind == "hello":
                if not await self._hello(frame):
                    raise WebSocketDisconnect(protocol.CLOSE_UNAUTHORISED)
        except BoardError as e:
            self.conn.send(protocol.error(ref, e))

    async def _op(self, op: protocol.OpFrame) -> None:
        member = self.member
        assert member is not None
        if self.conn.room_id is None:
            raise BoardError("invalid", "you were moved: send hello for your new room first")
        if not self.ops.take():
            if self.ops.abusive:
                await self._close(protocol.CLOSE_POLICY, "too many ops")
            raise BoardError("rate_limited", "too many ops; slow down and retry with the same ref")
        result = await self.store.submit(OpRequest(
            Actor(member.id, member.role, member.name, member.group),  # type: ignore[arg-type]
            member.workshop_id, self.conn.room_id, op.op, op.data, op.ref))
        if result.error is not None:
            raise result.error
        self.conn.send(orjson.dumps({"type": "ack", "ref": op.ref, "seq": result.seq}).decode())

    def _watch_overview(self) -> None:
        member = self.member
        assert member is not None
        if member.role != "facilitator":
            raise BoardError("forbidden", "only a facilitator may watch every room")
        if self._overview is None:
            self._overview = asyncio.get_running_loop().create_task(
                self._overview_loop(member.workshop_id))

    async def _overview_loop(self, workshop_id: str) -> None:
        """Send the all-rooms overview now and whenever it changes."""
        last = None
        while True:
            try:
                rooms = await self.store.read(overview, workshop_id, int(time.time() * 1000))
                frame = orjson.dumps({"type": "overview", "rooms": rooms}).decode()
                if frame != last:
                    self.conn.send(frame)
                    last = frame
            except Exception:
                log.warning("overview update failed; retrying")
            await asyncio.sleep(OVERVIEW_INTERVAL_S)

    def _relay(self, frame: dict[str, Any]) -> None:
        member = self.member
        assert member is not None
        if member.role == "wall" or self.conn.room_id is None:
            return
        room = self.hub.rooms.get(self.conn.room_id)
        named = room is None or room.disclosure.authors == "named"
        # A drag or a cursor over a note would tell whose note it probably is.
        actor = member.id if named else None
        out = protocol.volatile_frame(frame, actor)
        if not self.volatile.take():
            return  # volatile frames may be dropped under load (protocol)
        self.hub.relay(self.conn, out)

    async def _cleanup(self) -> None:
        if self._overview is not None:
            self._overview.cancel()
        try:
            await self._leave_room()
        except Exception:
            log.exception("cleanup after disconnect failed")
        await self.conn.shutdown()


def _plenary_of(conn: Any, workshop_id: str) -> str | None:
    from sqlalchemy import select

    from cocreate.store.tables import Workshop
    table = Workshop.__table__
    return conn.execute(select(table.c.plenary_room_id).where(table.c.id == workshop_id)).scalar()
