"""This process's clients in one room, and delivery to them.

Each event is rendered and encoded once per audience (see board.redaction),
not once per recipient. Cursors and drags are coalesced per loop turn, the
last frame of each actor and note winning. Presence is debounced so that a
hall joining at once sends one list, not one per arrival.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import orjson

from cocreate import metrics
from cocreate.board.moves import MOVE_OPS, destination, summoned
from cocreate.board.redaction import (
    RoomRedaction,
    Viewer,
    changes_what_viewers_see,
    event_audience,
    render_event,
)
from cocreate.board.state import Event
from cocreate.client import Client

log = logging.getLogger("cocreate.room_clients")

PRESENCE_DEBOUNCE_S = 0.1
# A room's presence frame lists everyone in it, so in a big room each frame costs
# its size times the room's: past this many clients the wait grows with the room
# (2,000 people: one list every 0.8 s, not ten a second).
PRESENCE_DEBOUNCE_CLIENTS = 250
PRESENCE_DEBOUNCE_MAX_S = 2.0

VolatileKey = tuple[Any, ...]


class RoomClients:
    def __init__(self, room_id: str, on_moved: Callable[[Client], None],
                 read_presence: Callable[[], Awaitable[None]],
                 on_removed: Callable[[str], None],
                 on_refresh: Callable[[RoomClients, list[Client]], None]) -> None:
        self.id = room_id
        self.clients: set[Client] = set()
        self.redaction = RoomRedaction()
        self._on_moved = on_moved
        self._read_presence = read_presence
        self._on_removed = on_removed
        self._on_refresh = on_refresh
        # Fresh welcomes to send each client right after it has the event of their seq.
        self._welcome_after: dict[Client, tuple[int, str]] = {}
        self._volatile: dict[VolatileKey, dict[str, Any]] = {}
        self._volatile_origin: dict[VolatileKey, str] = {}
        self._flush_scheduled = False
        self._presence_task: asyncio.Task[None] | None = None
        # The last presence list delivered here, by id: what `presence.changes` is against.
        self._presence_last: dict[str, dict[str, Any]] = {}
        # Clients that opted into `presence.changes` and hold that last list.
        self._presence_synced: set[Client] = set()

    def deliver(self, event: Event) -> None:
        """Send `event` to every client here that is past its welcome and has not seen it."""
        started = time.perf_counter()
        encoded: dict[str, str] = {}
        sent = 0
        for client in list(self.clients):
            if client.last_seq is None:
                client.pending.append(event)
                continue
            if event.seq <= client.last_seq:
                continue
            self.send_event(client, event, encoded)
            sent += 1
        refresh = changes_what_viewers_see(event, self.redaction.disclosure)
        self.redaction.after(event)
        if refresh:
            self._refresh_all()
        if event.op in ("participant.remove", "participant.erased"):
            self._on_removed(event.data["participant"])
        metrics.DELIVERIES.inc(sent)
        metrics.BROADCAST.observe(time.perf_counter() - started)
        metrics.FANOUT_LAG.observe(max(0.0, time.time() - event.ts / 1000))

    def send_event(self, client: Client, event: Event, encoded: dict[str, str],
                   live: bool = True) -> None:
        """Send `event` as `client` may see it; `encoded` caches frames per audience."""
        participant = client.participant
        assert participant is not None
        viewer = Viewer(participant.id, participant.role)
        redaction = self.redaction
        key = event_audience(event, viewer, redaction.disclosure, redaction.private_authors)
        frame = encoded.get(key)
        if frame is None:
            frame = orjson.dumps(render_event(event, key, redaction.disclosure)).decode()
            encoded[key] = frame
        client.send(frame)
        client.last_seq = event.seq
        if self._welcome_after:  # almost always empty: one truth test per delivery
            waiting = self._welcome_after.get(client)
            if waiting is not None and waiting[0] == event.seq:
                del self._welcome_after[client]
                client.send(waiting[1])
        if live and event.op == "participant.role" and event.data["participant"] == participant.id:
            # A new role is a new view (a juror scores, a participant writes): the
            # client says hello again for the same room, and its welcome says the role.
            client.participant = replace(participant, role=event.data["role"])
            client.send(orjson.dumps({"type": "moved", "room": self.id}).decode())
            self._on_moved(client)
            return
        if live and event.op in MOVE_OPS:
            target = destination(event, participant)
            if target is not None:
                client.participant = participant.moved_to(target)
                if target != self.id:
                    client.send(orjson.dumps({"type": "moved", "room": target}).decode())
                    self._on_moved(client)
            if summoned(event, participant, self.id):
                # After `moved` (if any): the client opens the room, then the view.
                client.send(orjson.dumps({"type": "summon", "room": event.data["room"],
                                          "viewport": event.data["viewport"]}).decode())

    def _refresh_all(self) -> None:
        """Every client here will get a fresh welcome (see `welcome_at`)."""
        clients = [c for c in self.clients if c.last_seq is not None]
        if clients:
            self._on_refresh(self, clients)

    def welcome_at(self, client: Client, seq: int, frame: str) -> bool:
        """Send `frame`, a welcome of the board at `seq`, once `client` has every
        event up to `seq`: at once if it has, else right after that event. A
        welcome never takes a client back, so no event is skipped or repeated.
        False when the client is past `seq` already (the board must be read again).
        """
        if client.last_seq is None or client not in self.clients:
            return True  # saying hello (its own welcome comes) or gone: nothing to do
        if client.last_seq > seq:
            return False
        if client.last_seq == seq:
            client.send(frame)
        else:
            self._welcome_after[client] = (seq, frame)
        return True

    def forget(self, client: Client) -> None:
        """`client` left the room (in another, its first presence list is whole again)."""
        self._welcome_after.pop(client, None)
        self._presence_synced.discard(client)

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
            for client in self.clients:
                if client.id != origin and client.last_seq is not None \
                        and self._may_see_drag(client, frame):
                    client.send(text)
                    sent += 1
        metrics.DELIVERIES.inc(sent)

    def _may_see_drag(self, client: Client, frame: dict[str, Any]) -> bool:
        """A drag of a private note says where it is (and, with authors named, whose
        it is): only its author and facilitators see it, as they see the note."""
        private_authors = self.redaction.private_authors
        if frame["type"] != "drag" or frame.get("id") not in private_authors:
            return True
        participant = client.participant
        return participant is not None and (participant.role == "facilitator"
                                            or participant.id == private_authors[frame["id"]])

    def deliver_presence(self, frame: dict[str, Any]) -> None:
        """Send the room's presence frame (`Store.present`): the whole list to
        clients that did not opt into changes, or do not hold the last list yet;
        to the others, `presence.changes` against the last list delivered here."""
        now = {p["id"]: p for p in frame["participants"]}
        last = self._presence_last
        joined = [p for pid, p in now.items() if last.get(pid) != p]
        left = [pid for pid in last if pid not in now]
        self._presence_last = now
        full: str | None = None
        changes: str | None = None
        sent = 0
        for client in self.clients:
            if client.last_seq is None:
                continue
            if client.presence_changes and client in self._presence_synced:
                if changes is None:
                    changes = orjson.dumps({"type": "presence.changes", "joined": joined,
                                            "left": left, "ready": frame["ready"]}).decode()
                client.send(changes)
            else:
                if full is None:
                    full = orjson.dumps(frame).decode()
                client.send(full)
                if client.presence_changes:
                    self._presence_synced.add(client)
            sent += 1
        metrics.DELIVERIES.inc(sent)

    def send_all(self, text: str) -> None:
        sent = 0
        for client in self.clients:
            if client.last_seq is not None:
                client.send(text)
                sent += 1
        metrics.DELIVERIES.inc(sent)

    def presence_changed(self) -> None:
        if self._presence_task is None:
            self._presence_task = asyncio.get_running_loop().create_task(self._presence())

    def presence_debounce_s(self) -> float:
        scale = max(1.0, len(self.clients) / PRESENCE_DEBOUNCE_CLIENTS)
        return min(PRESENCE_DEBOUNCE_MAX_S, PRESENCE_DEBOUNCE_S * scale)

    async def _presence(self) -> None:
        try:
            await asyncio.sleep(self.presence_debounce_s())
            self._presence_task = None
            await self._read_presence()
        except Exception:
            self._presence_task = None
            log.exception("presence update of room %s failed", self.id)
