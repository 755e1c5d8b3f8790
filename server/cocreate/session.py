"""One WebSocket session: decode a frame, authorise through `board`, call the
store or hub, answer. Nothing else.

See docs/protocol.md for the contract this implements.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import orjson

from cocreate import protocol, queries
from cocreate.board import access
from cocreate.board.errors import BoardError
from cocreate.board.participants import Participant
from cocreate.client import Client
from cocreate.hub import Hub
from cocreate.ids import looks_like_id, new_id
from cocreate.ratelimit import (
    FRAMES_BURST,
    FRAMES_PER_SECOND,
    HELLO_COST,
    VOLATILE_BURST,
    VOLATILE_PER_SECOND,
    Bucket,
)
from cocreate.sockets import BoardSocket
from cocreate.store.batch import OpRequest
from cocreate.store.store import Store, TooManySockets

log = logging.getLogger("cocreate.session")

HELLO_TIMEOUT_S = 10.0
OVERVIEW_INTERVAL_S = 1.0


def _now_ms() -> int:
    return int(time.time() * 1000)


class Session:
    __slots__ = ("socket", "store", "hub", "sockets_per_participant", "client",
                 "participant", "frames", "volatile", "_present_in", "_overview", "closing")

    def __init__(self, socket: BoardSocket, store: Store, hub: Hub,
                 sockets_per_participant: int) -> None:
        self.socket = socket
        self.store = store
        self.hub = hub
        self.sockets_per_participant = sockets_per_participant
        self.client = Client(new_id(), socket.send_text, self._close, socket.gone)
        self.participant: Participant | None = None
        # Every frame but cursors and drags draws on it, hellos most (see ratelimit).
        self.frames = Bucket(FRAMES_PER_SECOND, FRAMES_BURST)
        self.volatile = Bucket(VOLATILE_PER_SECOND, VOLATILE_BURST)
        self._present_in: str | None = None
        self._overview: asyncio.Task[None] | None = None
        self.closing = False

    async def _close(self, code: int, reason: str = "") -> None:
        # Frames the client sent before the close are not answered any more.
        self.closing = True
        self.client.stop_writing()
        await self.socket.close(code, reason)

    async def run(self) -> None:
        try:
            if await self._opening():
                while not self.closing:
                    message = await self.socket.receive()
                    if message is None:
                        break
                    await self._frame(message)
        finally:
            await self._cleanup()

    async def _opening(self) -> bool:
        """Wait for a valid hello; close with 4401 after HELLO_TIMEOUT_S or a bad one."""
        deadline = time.monotonic() + HELLO_TIMEOUT_S
        while not self.closing:
            try:
                message = await asyncio.wait_for(self.socket.receive(),
                                                 max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                await self._close(protocol.CLOSE_UNAUTHORISED, "no hello")
                return False
            if message is None:
                return False
            ref: str | None = None
            try:
                frame = self._parse(message)
                ref = protocol.ref_of(frame)
                if frame["type"] != "hello":
                    raise BoardError("bad_message", "send hello first")
                await self._charge(HELLO_COST)
            except BoardError as e:
                await self._refuse(ref, e)
                continue
            return await self._hello(frame)
        return False

    def _parse(self, text: str | bytes) -> dict[str, Any]:
        """The frame. A bad one draws on the budget too: past it, it is answered
        `rate_limited`, and a flood of them closes the socket (see `_charge`)."""
        try:
            return protocol.parse(text)
        except BoardError:
            if not self.frames.take():
                raise BoardError("rate_limited", "too many frames; slow down") from None
            raise

    async def _charge(self, cost: float) -> None:
        """Take `cost` from the frame budget, or refuse with `rate_limited`."""
        if not self.frames.take(cost):
            raise BoardError("rate_limited",
                             "too many frames; slow down (ops: retry with the same ref)")

    async def _refuse(self, ref: str | None, error: BoardError) -> None:
        self.client.send(protocol.error(ref, error))
        if error.code == "rate_limited" and self.frames.abusive:
            await self._close(protocol.CLOSE_POLICY, "too many frames")

    async def _hello(self, frame: dict[str, Any]) -> bool:
        token, room_id, since = frame.get("token"), frame.get("room"), frame.get("since")
        if not isinstance(token, str) or (room_id is not None and not isinstance(room_id, str)):
            await self._close(protocol.CLOSE_UNAUTHORISED, "bad hello")
            return False
        if room_id is not None and not looks_like_id(room_id):
            await self._close(protocol.CLOSE_UNAUTHORISED, "no such room")
            return False
        if isinstance(since, bool) or (since is not None and not isinstance(since, int)):
            since = None
        participant = await self.store.participant_by_token(token)
        if participant is None or (self.participant is not None
                                   and participant.id != self.participant.id):
            await self._close(protocol.CLOSE_UNAUTHORISED, "unknown token")
            return False
        room_id = room_id or participant.room_id
        if room_id != participant.room_id:
            plenary = await self.store.plenary_room_id(participant.workshop_id)
            if not access.may_open_room(participant, room_id, plenary):
                await self._close(protocol.CLOSE_UNAUTHORISED, "not your room")
                return False
        await self._leave_room()
        if self.participant is None:
            self.hub.register(self.client, participant.id)
        self.participant = participant
        self.client.participant = participant
        self.client.presence_changes = frame.get("presence") == "changes"
        room = await self.hub.attach(self.client, room_id)
        try:
            welcome = await self.store.welcome(participant, room_id, since, self.client.id,
                                               self.sockets_per_participant)
        except TooManySockets:
            self.hub.detach(self.client)
            await self._close(protocol.CLOSE_TOO_MANY_SOCKETS,
                              f"at most {self.sockets_per_participant} sockets per participant")
            return False
        if welcome is None:
            self.hub.detach(self.client)
            await self._close(protocol.CLOSE_UNAUTHORISED, "no such room")
            return False
        self.client.send(orjson.dumps({
            "type": "welcome", "participant": participant.as_dict(),
            "workshop": welcome.workshop, "room": welcome.room, "seq": welcome.seq,
            "server_time": _now_ms(), "state": welcome.state,
            "actions": welcome.actions, "hackathon": welcome.hackathon}).decode())
        self.hub.ready(self.client, welcome)
        self._present_in = room_id
        room.presence_changed()
        return True

    async def _leave_room(self) -> None:
        if self.client.room_id is not None:
            self.hub.detach(self.client)
        if self._present_in is not None:
            left, self._present_in = self._present_in, None
            await self.store.presence_closed(self.client.id)
            room = self.hub.room(left)
            if room is not None:
                room.presence_changed()
            else:
                await self.hub.publish_presence(left, await self.store.present(left))

    async def _frame(self, text: str | bytes) -> None:
        ref: str | None = None
        try:
            frame = self._parse(text)
            ref = protocol.ref_of(frame)
            kind = frame["type"]
            if kind == "op":
                await self._op(protocol.op_frame(frame))
            elif kind in ("cursor", "drag", "viewport"):
                self._relay(frame)
            else:
                await self._charge(HELLO_COST if kind == "hello" else 1.0)
                if kind == "ping":
                    self.client.send(protocol.pong(frame.get("t"), _now_ms()))
                elif kind == "overview.watch":
                    self._watch_overview()
                elif kind == "hello":
                    await self._hello(frame)  # refused: closed, and the loop ends
        except BoardError as e:
            await self._refuse(ref, e)

    async def _op(self, op: protocol.OpFrame) -> None:
        participant = self.participant
        assert participant is not None
        if self.client.room_id is None:
            # No board to decide on: the name and the role are checked here, so that
            # they win over "you were moved" as the protocol's precedence says.
            # Otherwise the store decides, after a repeated ref is acked as such.
            access.check_may_send(op.op, participant)
            raise BoardError("invalid", "you were moved: send hello for your new room first")
        if op.op in queries.QUERY_OPS:
            await self._query(op)
            return
        await self._charge(1.0)
        result = await self.store.submit(OpRequest(
            participant.as_actor(), participant.workshop_id, self.client.room_id, op.op, op.data,
            op.ref))
        if result.error is not None:
            raise result.error
        self.client.send(orjson.dumps({"type": "ack", "ref": op.ref, "seq": result.seq}).decode())

    async def _query(self, op: protocol.OpFrame) -> None:
        """A question about the board: acked with the seq it is answered as of, then
        answered to this socket alone. Similar notes are asked as someone types, so
        they draw on the drag budget, not the ops' one."""
        participant = self.participant
        assert participant is not None and self.client.room_id is not None
        if op.op == "notes.similar":
            if not self.volatile.take():
                raise BoardError("rate_limited", "similar notes asked too often; slow down")
        else:
            await self._charge(1.0)
        seq, reply = await queries.answer(self.store, participant, self.client.room_id,
                                          op.op, op.data, op.ref)
        self.client.send(orjson.dumps({"type": "ack", "ref": op.ref, "seq": seq}).decode())
        if reply is not None:
            self.client.send(orjson.dumps({**reply, "ref": op.ref}).decode())

    def _watch_overview(self) -> None:
        participant = self.participant
        assert participant is not None
        access.check_may_watch_overview(participant)
        # Every watch is answered at once (the protocol): a repeat restarts the loop,
        # which sends the overview now and then whenever it changes.
        if self._overview is not None:
            self._overview.cancel()
        self._overview = asyncio.get_running_loop().create_task(
            self._overview_loop(participant.workshop_id))

    async def _overview_loop(self, workshop_id: str) -> None:
        """Send the all-rooms overview now and whenever it changes.

        A room's preview goes out only when its seq moved since this socket last
        got one, so a busy room costs at most one preview a second (the poll),
        however many events it has, and a quiet room none."""
        last: bytes | None = None
        known: dict[str, int] = {}  # room -> the seq of the preview this socket has
        while True:
            try:
                rooms = await self.store.overview(workshop_id, known)
                previews = {r["id"]: r.pop("preview") for r in rooms if "preview" in r}
                counts = orjson.dumps(rooms)
                if counts != last or previews:
                    for r in rooms:
                        if r["id"] in previews:
                            r["preview"] = previews[r["id"]]
                    self.client.send(orjson.dumps({"type": "overview", "rooms": rooms}).decode())
                    last = counts
                    known = {r["id"]: r["seq"] for r in rooms}
            except Exception:
                log.warning("overview update failed; retrying")
            await asyncio.sleep(OVERVIEW_INTERVAL_S)

    def _relay(self, frame: dict[str, Any]) -> None:
        participant = self.participant
        assert participant is not None
        if not access.may_relay(participant) or self.client.room_id is None:
            return
        room = self.hub.room(self.client.room_id)
        if room is None:
            return
        if frame["type"] == "viewport":
            access.check_may_lead(participant)
            actor: str | None = participant.id  # who is followed is no secret
        else:
            actor = access.relay_actor(participant, room.redaction.disclosure)
        out = protocol.volatile_frame(frame, actor)
        if not self.volatile.take():
            return  # volatile frames may be dropped under load (protocol)
        self.hub.relay(self.client, out)

    async def _cleanup(self) -> None:
        if self.participant is not None:
            self.hub.unregister(self.client, self.participant.id)
        if self._overview is not None:
            self._overview.cancel()
        try:
            await self._leave_room()
        except Exception:
            log.exception("cleanup after disconnect failed")
        await self.client.shutdown()
