"""This process's sockets per room, and delivery of events to them in seq order.

Events reach the hub from this process's own commits and from other
processes through the broker. Per room the hub delivers seq N+1 only after N:
an event that arrives early waits up to GAP_WAIT_S for the ones before it,
then the gap is read from the event log. A poll of the log (fast while the
broker is down, slow otherwise) catches what pub/sub lost at the tail. Each
event is rendered and encoded once per audience (see board.views), not once
per recipient.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import replace
from typing import Any

import orjson

from cocreate import metrics
from cocreate.board.state import Event
from cocreate.board.views import Disclosure, Viewer, event_audience, render_event
from cocreate.broker import Broker
from cocreate.connection import Connection
from cocreate.store.service import Store, Welcome

log = logging.getLogger("cocreate.hub")

GAP_WAIT_S = 0.2
POLL_HEALTHY_S = 5.0
POLL_BROKER_DOWN_S = 0.5
PRESENCE_DEBOUNCE_S = 0.1
_MOVE_OPS = frozenset({"room.assign", "rooms.split", "rooms.recall"})


class HubRoom:
    def __init__(self, hub: "Hub", room_id: str) -> None:
        self.hub = hub
        self.id = room_id
        self.conns: set[Connection] = set()
        self.expected: int | None = None  # next seq to deliver
        self.buffer: dict[int, Event] = {}
        self.disclosure = Disclosure()
        self.private_authors: dict[str, str] = {}
        self._gap_task: asyncio.Task[None] | None = None
        self._volatile: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._volatile_origin: dict[tuple[Any, ...], str] = {}
        self._flush_scheduled = False
        self._presence_task: asyncio.Task[None] | None = None

    def start(self, welcome: Welcome) -> None:
        """The first welcome in this room fixes where delivery starts."""
        if self.expected is None:
            self.expected = welcome.seq + 1
            self.disclosure = welcome.disclosure
            self.private_authors = dict(welcome.private_authors)
            for seq in [s for s in self.buffer if s < self.expected]:
                del self.buffer[seq]
            self._drain()

    def receive(self, event: Event) -> None:
        if self.expected is None:
            self.buffer[event.seq] = event
            return
        if event.seq < self.expected:
            return
        self.buffer[event.seq] = event
        self._drain()
        if self.buffer and self._gap_task is None:
            self._gap_task = asyncio.get_running_loop().create_task(self._fill_gap())

    def _drain(self) -> None:
        assert self.expected is not None
        while self.expected in self.buffer:
            self._deliver(self.buffer.pop(self.expected))
            self.expected += 1

    async def _fill_gap(self) -> None:
        try:
            await asyncio.sleep(GAP_WAIT_S)
            if self.buffer and self.expected is not None:
                upto = min(self.buffer) - 1
                if upto >= self.expected:
                    for event in await self.hub.store.events_between(self.id, self.expected - 1,
                                                                     upto):
                        self.receive(event)
        except Exception:
            log.exception("reading a gap from the log failed; the next poll retries")
        finally:
            self._gap_task = None
            if self.buffer:
                self._gap_task = asyncio.get_running_loop().create_task(self._fill_gap())

    async def catch_up(self, db_seq: int) -> None:
        if self.expected is not None and db_seq >= self.expected:
            for event in await self.hub.store.events_between(self.id, self.expected - 1, db_seq):
                self.receive(event)

    def _deliver(self, event: Event) -> None:
        started = time.perf_counter()
        encoded: dict[str, str] = {}
        disclosure = self.disclosure
        sent = 0
        for conn in list(self.conns):
            if conn.last_seq is None:
                conn.pending.append(event)
                continue
            if event.seq <= conn.last_seq:
                continue
            self.send_event(conn, event, encoded, disclosure)
            sent += 1
        self._after(event)
        metrics.DELIVERIES.inc(sent)
        metrics.BROADCAST.observe(time.perf_counter() - started)
        metrics.FANOUT_LAG.observe(max(0.0, time.time() - event.ts / 1000))

    def send_event(self, conn: Connection, event: Event, encoded: dict[str, str],
                   disclosure: Disclosure, live: bool = True) -> None:
        assert conn.member is not None
        viewer = Viewer(conn.member.id, conn.member.role)
        key = event_audience(event, viewer, disclosure, self.private_authors)
        frame = encoded.get(key)
        if frame is None:
            frame = orjson.dumps(render_event(event, key, disclosure)).decode()
            encoded[key] = frame
        conn.send(frame)
        conn.last_seq = event.seq
        if live and event.op in _MOVE_OPS:
            self._maybe_move(conn, event)

    def _after(self, event: Event) -> None:
        d = event.data
        if event.op == "note.add" and d.get("private"):
            self.private_authors[d["id"]] = d.get("author") or ""
        elif event.op == "note.delete":
            self.private_authors.pop(d["id"], None)
        elif event.op == "notes.reveal":
            self.private_authors.clear()
        elif event.op == "workshop.settings":
            self.disclosure = Disclosure(d["authors"], d["facilitator_sees_authors"])

    def _maybe_move(self, conn: Connection, event: Event) -> None:
        member = conn.member
        assert member is not None
        d = event.data
        if event.op == "room.assign":
            target = d["room"] if d["participant"] == member.id else None
        elif event.op == "rooms.split":
            target = d["assignments"].get(member.id)
        else:
            target = d["room"] if member.role == "participant" else None
        if target is None:
            return
        conn.member = replace(member, room_id=target)
        if target != self.id:
            conn.send(orjson.dumps({"type": "moved", "room": target}).decode())
            self.hub.detach(conn)

    def add_volatile(self, frames: list[dict[str, Any]], origin: str) -> None:
        for frame in frames:
            key = (frame.get("actor"), frame["type"], frame.get("id"))
            self._volatile[key] = frame
            self._volatile_origin[key] = origin
        if not self._flush_scheduled:
            self._flush_scheduled = True
            asyncio.get_running_loop().call_soon(self._flush_volatile)

    def _flush_volatile(self) -> None:
        self._flush_scheduled = False
        frames, origins = self._volatile, self._volatile_origin
        self._volatile, self._volatile_origin = {}, {}
        sent = 0
        for key, frame in frames.items():
            text = orjson.dumps(frame).decode()
            origin = origins[key]
            for conn in self.conns:
                if conn.id != origin and conn.last_seq is not None:
                    conn.send(text)
                    sent += 1
        metrics.DELIVERIES.inc(sent)

    def send_all(self, text: str) -> None:
        sent = 0
        for conn in self.conns:
            if conn.last_seq is not None:
                conn.send(text)
                sent += 1
        metrics.DELIVERIES.inc(sent)

    def presence_changed(self) -> None:
        if self._presence_task is None:
            self._presence_task = asyncio.get_running_loop().create_task(self._presence())

    async def _presence(self) -> None:
        try:
            await asyncio.sleep(PRESENCE_DEBOUNCE_S)
            self._presence_task = None
            people = await self.hub.store.present(self.id)
            await self.hub.publish_presence(self.id, people)
        except Exception:
            self._presence_task = None
            log.exception("presence update failed")


class Hub:
    def __init__(self, store: Store, broker: Broker, prefix: str = "cocreate:") -> None:
        self.store = store
        self.broker = broker
        self.prefix = prefix
        self.rooms: dict[str, HubRoom] = {}
        self._tasks: set[asyncio.Task[Any]] = set()

    def channel(self, room_id: str) -> str:
        return f"{self.prefix}room:{room_id}"

    async def attach(self, conn: Connection, room_id: str) -> HubRoom:
        room = self.rooms.get(room_id)
        if room is None:
            room = HubRoom(self, room_id)
            self.rooms[room_id] = room
            await self.broker.subscribe(self.channel(room_id))
        conn.room_id = room_id
        conn.last_seq = None
        conn.pending = []
        room.conns.add(conn)
        return room

    def ready(self, conn: Connection, room: HubRoom, welcome: Welcome) -> None:
        """Welcome sent: deliver what arrived meanwhile, then everything after."""
        room.start(welcome)
        if welcome.replay:
            conn.last_seq = welcome.replay[0].seq - 1
            for event in welcome.replay:
                # A replayed move is history: it must not move the client again.
                room.send_event(conn, event, {}, room.disclosure, live=False)
        conn.last_seq = welcome.seq
        pending, conn.pending = conn.pending, []
        encoded: dict[int, dict[str, str]] = {}
        for event in pending:
            if event.seq > conn.last_seq:
                room.send_event(conn, event, encoded.setdefault(event.seq, {}), room.disclosure)

    def detach(self, conn: Connection) -> None:
        room = self.rooms.get(conn.room_id or "")
        conn.room_id = None
        conn.last_seq = None
        if room is None:
            return
        room.conns.discard(conn)
        if not room.conns:
            del self.rooms[room.id]
            self._spawn(self.broker.unsubscribe(self.channel(room.id)))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def publish_events(self, events: list[Event]) -> None:
        """Called after a commit: deliver here at once, and to other processes."""
        for event in events:
            room = self.rooms.get(event.room)
            if room is not None:
                room.receive(event)
        if self.broker.status() != "off":
            for event in events:
                self.broker.post(self.channel(event.room), orjson.dumps(
                    {"k": "e", "o": self.store.process_id, "e": event.as_dict()}))

    async def publish_presence(self, room_id: str, people: list[dict[str, Any]]) -> None:
        room = self.rooms.get(room_id)
        if room is not None:
            room.send_all(orjson.dumps({"type": "presence", "participants": people}).decode())
        self._post({"k": "p", "o": self.store.process_id, "room": room_id,
                    "participants": people}, room_id)

    def relay(self, conn: Connection, frame: dict[str, Any]) -> None:
        room = self.rooms.get(conn.room_id or "")
        if room is None:
            return
        room.add_volatile([frame], conn.id)
        self._post({"k": "v", "o": self.store.process_id, "room": room.id, "frames": [frame]},
                   room.id)

    def _post(self, message: dict[str, Any], room_id: str) -> None:
        # Presence and volatile frames are best-effort by the protocol.
        if self.broker.status() != "off":
            self.broker.post(self.channel(room_id), orjson.dumps(message))

    def on_message(self, channel: str, payload: bytes) -> None:
        message = orjson.loads(payload)
        if message.get("o") == self.store.process_id:
            return
        kind = message["k"]
        if kind == "e":
            event = Event.from_dict(message["e"])
            self.store.cache.offer(event)
            room = self.rooms.get(event.room)
            if room is not None:
                room.receive(event)
            return
        room = self.rooms.get(message["room"])
        if room is None:
            return
        if kind == "p":
            room.send_all(orjson.dumps({"type": "presence",
                                        "participants": message["participants"]}).decode())
        elif kind == "v":
            room.add_volatile(message["frames"], "")

    async def poll(self) -> None:
        """Catch every local room up to the log (closes losses pub/sub cannot see)."""
        for room_id, room in list(self.rooms.items()):
            if room.expected is None:
                continue
            try:
                await room.catch_up(await self.store.room_seq(room_id))
            except Exception:
                log.warning("catch-up of room %s failed; retrying next poll", room_id)

    async def poll_forever(self) -> None:
        # Wake often, poll when due: a broker that goes down mid-sleep is noticed
        # within POLL_BROKER_DOWN_S, not after a long healthy-interval sleep.
        last = time.monotonic()
        while True:
            await asyncio.sleep(POLL_BROKER_DOWN_S)
            if self.broker.status() == "down" or time.monotonic() - last >= POLL_HEALTHY_S:
                last = time.monotonic()
                await self.poll()
