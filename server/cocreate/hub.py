"""This process's rooms: who is in each, and events, presence and relays to them.

Events reach the hub from this process's own commits (`publish_events`, which
also posts them to the broker for other processes) and from other processes
(`on_message`). Each room has a `RoomSequencer` that puts its events in seq
order and a `RoomClients` that delivers them. A poll of the log (fast while
the broker is down, slow otherwise) catches what pub/sub lost at the tail.

Both entry points are guarded: a failure to deliver is logged, never raised
into the store (which would hold back acks) or the broker's reader (which
would take it for a Redis failure and drop every subscription).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from dataclasses import dataclass, replace
from typing import Any

import orjson

from cocreate.board.state import Event
from cocreate.broker import Broker
from cocreate.client import Client
from cocreate.protocol import CLOSE_INTERNAL_ERROR, CLOSE_REMOVED, CLOSE_UNAUTHORISED
from cocreate.room_clients import RoomClients
from cocreate.sequencer import RoomSequencer
from cocreate.store.store import Store, Welcome

log = logging.getLogger("cocreate.hub")
_READY_OPS = frozenset({"ready.set", "round.start"})  # events that change ready counts

POLL_HEALTHY_S = 5.0
POLL_BROKER_DOWN_S = 0.5
FRESH_WELCOME_READS = 3


@dataclass
class HubRoom:
    clients: RoomClients
    sequencer: RoomSequencer


class Hub:
    def __init__(self, store: Store, broker: Broker, prefix: str = "cocreate:") -> None:
        self.store = store
        self.broker = broker
        self.prefix = prefix
        self.rooms: dict[str, HubRoom] = {}
        # Every client that said hello, by participant, in a room or between rooms.
        self.by_participant: dict[str, set[Client]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()

    def channel(self, room_id: str) -> str:
        return f"{self.prefix}room:{room_id}"

    def register(self, client: Client, participant_id: str) -> None:
        self.by_participant.setdefault(participant_id, set()).add(client)

    def unregister(self, client: Client, participant_id: str) -> None:
        clients = self.by_participant.get(participant_id)
        if clients is not None:
            clients.discard(client)
            if not clients:
                del self.by_participant[participant_id]

    def _participant_removed(self, participant_id: str) -> None:
        """Close every socket of a removed (or erased) participant on this process
        (each room of the workshop carries the event; closing twice is a no-op)."""
        for client in list(self.by_participant.get(participant_id, ())):
            client.close(CLOSE_REMOVED, "no longer in the workshop")

    def close_rooms(self, room_ids: set[str], reason: str) -> None:
        """Close this process's sockets in those rooms (their workshop was deleted)."""
        for room_id in room_ids & self.rooms.keys():
            for client in list(self.rooms[room_id].clients.clients):
                client.close(CLOSE_UNAUTHORISED, reason)

    def room(self, room_id: str) -> RoomClients | None:
        found = self.rooms.get(room_id)
        return None if found is None else found.clients

    async def attach(self, client: Client, room_id: str) -> RoomClients:
        """Put `client` in the room; events wait in its `pending` until `ready`."""
        room = self.rooms.get(room_id)
        if room is None:
            clients = RoomClients(room_id, self.detach,
                                  lambda: self._publish_room_presence(room_id),
                                  self._participant_removed, self._refresh)
            room = HubRoom(clients, RoomSequencer(room_id, self.store, clients.deliver))
            self.rooms[room_id] = room
            await self.broker.subscribe(self.channel(room_id))
        client.room_id = room_id
        client.last_seq = None
        client.pending = []
        room.clients.clients.add(client)
        return room.clients

    def _refresh(self, room: RoomClients, clients: list[Client]) -> None:
        self._spawn(self._send_fresh_welcomes(room, clients))

    async def _send_fresh_welcomes(self, room: RoomClients, clients: list[Client]) -> None:
        """What viewers may see changed (see board.redaction): each gets an unsolicited
        welcome of the board as they may see it now, after the events it has."""
        for _ in range(FRESH_WELCOME_READS):
            participants = [c.participant for c in clients
                            if c.participant is not None and c.room_id == room.id]
            if not participants:
                return
            try:
                fresh = await self.store.fresh_welcomes(
                    room.id, participants[0].workshop_id, participants)
            except Exception:
                log.exception("fresh welcomes for room %s failed", room.id)
                break
            if fresh is None:
                break
            now = int(time.time() * 1000)
            behind = []
            for client in clients:
                participant = client.participant
                if participant is None or client.room_id != room.id:
                    continue
                frame = orjson.dumps({
                    "type": "welcome", "participant": participant.as_dict(),
                    "workshop": fresh.workshop, "room": fresh.room, "seq": fresh.seq,
                    "server_time": now, "state": fresh.states[participant.id],
                    "actions": fresh.states[participant.id]["actions"],
                    "hackathon": {**fresh.hackathon,
                                  "mine": fresh.mine[participant.id]}}).decode()
                if not room.welcome_at(client, fresh.seq, frame):
                    behind.append(client)  # it moved on meanwhile: read the board again
            if not behind:
                return
            clients = behind
        for client in clients:
            if client.room_id == room.id:
                # Never leave it on a board it may no longer see: it reconnects with since.
                client.close(CLOSE_INTERNAL_ERROR, "could not refresh; reconnect")

    def ready(self, client: Client, welcome: Welcome) -> None:
        """Welcome sent: deliver what arrived meanwhile, then everything after."""
        room = self.rooms[welcome.room["id"]]
        if room.sequencer.expected is None:
            room.clients.redaction = welcome.redaction
        else:
            # A join changes group sizes without an event: the newest welcome knows them.
            held = room.clients.redaction
            held.disclosure = replace(held.disclosure,
                                      small_groups=welcome.redaction.disclosure.small_groups)
        room.sequencer.start(welcome.seq)
        if welcome.replay:
            client.last_seq = welcome.replay[0].seq - 1
            for event in welcome.replay:
                # A replayed move is history: it must not move the client again.
                room.clients.send_event(client, event, {}, live=False)
        client.last_seq = welcome.seq
        pending, client.pending = client.pending, []
        encoded: dict[int, dict[str, str]] = {}
        for event in pending:
            if event.seq > client.last_seq:
                room.clients.send_event(client, event, encoded.setdefault(event.seq, {}))

    def detach(self, client: Client) -> None:
        room = self.rooms.get(client.room_id or "")
        client.room_id = None
        client.last_seq = None
        if room is None:
            return
        room.clients.clients.discard(client)
        room.clients.forget(client)
        if not room.clients.clients:
            del self.rooms[room.clients.id]
            room.sequencer.close()
            self._spawn(self.broker.unsubscribe(self.channel(room.clients.id)))

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def publish_events(self, events: list[Event]) -> None:
        """Called after a commit: deliver here at once, and to other processes."""
        for room_id in {e.room for e in events if e.op in _READY_OPS}:
            # The ready counts travel with presence; the committing process sends them.
            local = self.rooms.get(room_id)
            if local is not None:
                local.clients.presence_changed()
            else:
                self._spawn(self._publish_room_presence(room_id))
        for event in events:
            room = self.rooms.get(event.room)
            if room is not None:
                try:
                    room.sequencer.receive(event)
                except Exception:
                    log.exception("delivering event %s of room %s failed", event.seq, event.room)
        if self.broker.status() != "off":
            for event in events:
                self.broker.post(self.channel(event.room), orjson.dumps(
                    {"k": "e", "o": self.store.process_id, "e": event.as_dict()}))

    async def _publish_room_presence(self, room_id: str) -> None:
        await self.publish_presence(room_id, await self.store.present(room_id))

    async def publish_presence(self, room_id: str, frame: dict[str, Any]) -> None:
        """Send the room's presence frame (from `Store.present`) here and to
        every other process."""
        room = self.rooms.get(room_id)
        if room is not None:
            room.clients.deliver_presence(frame)
        self._post({"k": "p", "o": self.store.process_id, "room": room_id, "frame": frame},
                   room_id)

    def relay(self, client: Client, frame: dict[str, Any]) -> None:
        room = self.rooms.get(client.room_id or "")
        if room is None:
            return
        room.clients.add_volatile([frame], client.id)
        self._post({"k": "v", "o": self.store.process_id, "room": room.clients.id,
                    "frames": [frame]}, room.clients.id)

    def _post(self, message: dict[str, Any], room_id: str) -> None:
        # Presence and volatile frames are best-effort by the protocol.
        if self.broker.status() != "off":
            self.broker.post(self.channel(room_id), orjson.dumps(message))

    def on_message(self, channel: str, payload: bytes) -> None:
        """A message from another process. Never raises: see the module docstring."""
        try:
            self._on_message(payload)
        except Exception:
            log.exception("a message on %s could not be delivered; the log poll catches up",
                          channel)

    def _on_message(self, payload: bytes) -> None:
        message = orjson.loads(payload)
        if message.get("o") == self.store.process_id:
            return
        kind = message["k"]
        if kind == "e":
            event = Event.from_dict(message["e"])
            self.store.cache.offer(event)
            room = self.rooms.get(event.room)
            if room is not None:
                room.sequencer.receive(event)
            return
        found = self.rooms.get(message["room"])
        if found is None:
            return
        if kind == "p":
            found.clients.deliver_presence(message["frame"])
        elif kind == "v":
            found.clients.add_volatile(message["frames"], "")

    async def poll(self) -> None:
        """Catch every local room up to the log (closes losses pub/sub cannot see)."""
        rooms = {room_id: room for room_id, room in self.rooms.items()
                 if room.sequencer.expected is not None}
        if not rooms:
            return
        try:
            # One read for all rooms: a read per room held up the op batches behind it.
            seqs = await self.store.room_seqs(sorted(rooms))
        except Exception:
            log.warning("catch-up of %d rooms failed; retrying next poll", len(rooms))
            return
        for room_id, room in rooms.items():
            try:
                await room.sequencer.catch_up(seqs.get(room_id, 0))
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
