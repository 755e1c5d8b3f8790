"""The store as the async server sees it: one database thread per process.

Every database call of a process runs on one thread, so the cached boards
need no locks and ops queued while a batch commits form the next batch
(one commit for many ops under load, no waiting when idle).

After a batch commits, its acks are resolved first and only then are its
events handed to `on_events` (the hub): a delivery that fails is logged and
can never hold back an ack or stop the next batch.
"""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import orjson
from sqlalchemy import Connection, delete, select, text

from cocreate import metrics
from cocreate.board.cafe import Rotation, plan_rotation
from cocreate.board.errors import BoardError
from cocreate.board.participants import Participant
from cocreate.board.ready import ready_counts
from cocreate.board.redaction import RoomRedaction, Viewer, actions_view, state_view
from cocreate.board.results import results_by_group
from cocreate.board.state import Event
from cocreate.board.workshop import WORKSHOP_OPS
from cocreate.ids import new_id
from cocreate.store import erasure, overview, presence, purge, snapshots, workshops
from cocreate.store.batch import OpRequest, OpResult, run_batch
from cocreate.store.board_cache import BoardCache
from cocreate.store.engine import make_engine, write_transaction
from cocreate.store.migrate import upgrade
from cocreate.store.reads import events_after, room_seq, room_seqs
from cocreate.store.tables import ACCEPTED_REF, ROOM
from cocreate.store.workshop_boards import WorkshopBoards, workshop_boards

log = logging.getLogger("cocreate.store")

T = TypeVar("T")
BATCH_MAX = 500
REF_RETENTION_MS = 48 * 3600 * 1000
REPLAY_MAX = 5000


def now_ms() -> int:
    return int(time.time() * 1000)


class TooManySockets(Exception):
    """The participant already has as many sockets open as a participant may."""


@dataclass
class Welcome:
    workshop: dict[str, Any]
    room: dict[str, Any]
    seq: int
    state: dict[str, Any] | None  # None when `replay` brings the client up to `seq`
    replay: list[Event]
    redaction: RoomRedaction
    # The workshop's actions at `seq`, also when `state` is None: every room's welcome has them.
    actions: list[dict[str, Any]]
    # The workshop's hackathon at `seq` (board.hackathon.hackathon_view), in every welcome too.
    hackathon: dict[str, Any]


@dataclass
class FreshWelcomes:
    workshop: dict[str, Any]
    room: dict[str, Any]
    seq: int
    states: dict[str, dict[str, Any]]  # participant id -> S as they may see it
    hackathon: dict[str, Any]  # the same for everyone
    mine: dict[str, dict[str, Any]]  # participant id -> their own part (my_hackathon)


@dataclass
class ReaderBoard:
    """A room's board as one reader may see it, with what a report needs."""

    workshop: dict[str, Any]
    room: dict[str, Any]
    state: dict[str, Any]
    participants: dict[str, dict[str, Any]]


class Store:
    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        # SQLite readers get their own engine, whose transactions take no write lock.
        sqlite = url.startswith("sqlite")
        self.reader = make_engine(url, for_writes=False) if sqlite else self.engine
        if migrate:
            upgrade(self.engine)
        self.cache = BoardCache()
        self.process_id = new_id()
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="cocreate-db")
        self._pending: list[tuple[OpRequest, asyncio.Future[OpResult]]] = []
        self._busy = False
        self.on_events: Callable[[list[Event]], None] = lambda events: None

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def tx(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(conn, *args)` in one transaction on the database thread."""
        def run() -> T:
            with write_transaction(self.engine) as conn:
                return fn(conn, *args)
        return await self.call(run)

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(conn, *args)` in a read-only transaction on the database thread."""
        def run() -> T:
            with self.reader.begin() as conn:
                return fn(conn, *args)
        return await self.call(run)

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        self.engine.dispose()
        self.reader.dispose()

    async def submit(self, req: OpRequest) -> OpResult:
        """Run one op; resolves once it is committed (or refused)."""
        if req.op == "rooms.rotate" and req.actor is not None \
                and req.actor.role == "facilitator" and req.prepared is None:
            req.prepared = await self._plan_rotation(req.workshop_id)
        fut: asyncio.Future[OpResult] = asyncio.get_running_loop().create_future()
        self._pending.append((req, fut))
        if not self._busy:
            self._start_batch()
        return await fut

    async def _plan_rotation(self, workshop_id: str) -> Rotation | None:
        """Work out a rotation on a thread of its own: the search would hold up
        every op queued behind it on the database thread. The batch uses it if
        nobody moved meanwhile, else it works the rotation out again."""
        state = await self.read(workshops.cafe_state, workshop_id)
        try:
            return await asyncio.to_thread(plan_rotation, state,
                                           random.Random(secrets.randbits(64)))
        except BoardError:
            return None  # the batch refuses it with the same error

    def _start_batch(self) -> None:
        # A workshop-level op locks every room of its workshop, so it runs alone.
        first = self._pending[0][0]
        if first.op in WORKSHOP_OPS:
            take = 1
        else:
            take = 0
            for req, _ in self._pending[:BATCH_MAX]:
                if req.op in WORKSHOP_OPS:
                    break
                take += 1
        batch, self._pending = self._pending[:take], self._pending[take:]
        self._busy = True
        loop = asyncio.get_running_loop()
        job = loop.run_in_executor(self._executor, self._run_batch, [r for r, _ in batch])
        job.add_done_callback(lambda done: self._finish_batch(batch, done))

    def _run_batch(self, requests: list[OpRequest]) -> list[OpResult]:
        started = time.perf_counter()
        results = run_batch(self.engine, self.cache, now_ms(), requests)
        metrics.COMMIT.observe(time.perf_counter() - started)
        metrics.BATCH_SIZE.observe(len(requests))
        for r in results:
            metrics.OPS.labels("accepted" if r.error is None else r.error.code).inc()
        return results

    def _finish_batch(self, batch: list[tuple[OpRequest, asyncio.Future[OpResult]]],
                      done: asyncio.Future[list[OpResult]]) -> None:
        self._busy = False
        results = done.result()
        for (_, fut), result in zip(batch, results, strict=True):
            if not fut.done():
                fut.set_result(result)
        events = [e for r in results for e in r.events]
        if events:
            try:
                self.on_events(events)
            except Exception:
                # Committed is committed: the hub's poll of the log delivers them.
                log.exception("delivering %d committed events failed", len(events))
        if self._pending:
            self._start_batch()

    def _welcome(self, participant: Participant, room_id: str, since: int | None,
                 socket_id: str, socket_cap: int) -> Welcome | None:
        with write_transaction(self.engine) as conn:
            room = workshops.room_dict(conn, room_id, participant.workshop_id)
            workshop = workshops.workshop_dict(conn, participant.workshop_id)
            if room is None or workshop is None:
                return None
            if presence.open_sockets(conn, participant.id, now_ms()) >= socket_cap:
                raise TooManySockets
            presence.opened(conn, socket_id, self.process_id, participant.id, room_id, now_ms(),
                            participant.role)
            seq = room_seq(conn, room_id) or 0
            state = self.cache.current(conn, room_id, seq)
            counts = presence.ready_counts(conn, room_id, now_ms(), state.ready)
            redaction = RoomRedaction.of(state, workshops.disclosure(
                conn, participant.workshop_id, workshop["small_groups"]))
            viewer = Viewer(participant.id, participant.role)
            replay: list[Event] = []
            view: dict[str, Any] | None = None
            if since is not None and 0 <= since <= seq and seq - since <= REPLAY_MAX:
                # The event at `since` is read too: a socket that dropped after a
                # settings change but before its fresh welcome holds boards
                # rendered under the old author display.
                window = events_after(conn, room_id, max(since - 1, 0), seq)
                replay = [e for e in window if e.seq > since]
                # A replay is rendered for the author display of now; what the client
                # got up to `since` under another one would stay (live viewers get a
                # fresh welcome for it), so across a settings change: the whole state.
                # An erasure rewrote who wrote what: likewise.
                settings_changed = since > 0 and any(
                    e.op in ("workshop.settings", "participant.erased") for e in window)
                if len(replay) != seq - since or settings_changed:
                    replay = []
                    view = state_view(state, viewer, redaction.disclosure, now_ms(),
                                      counts=counts)
            else:
                view = state_view(state, viewer, redaction.disclosure, now_ms(), counts=counts)
            return Welcome(workshop, room, seq, view, replay, redaction,
                           actions_view(state, viewer, redaction.disclosure),
                           {**workshops.hackathon_of(conn, workshop, state.hackathon),
                            # Preferences and scores are of pitches: with none, none to read.
                            "mine": workshops.my_hackathon(conn, workshop["id"], participant.id)
                            if state.hackathon.pitches else {"prefers": [], "scores": {}}})

    async def welcome(self, participant: Participant, room_id: str, since: int | None,
                      socket_id: str, socket_cap: int) -> Welcome | None:
        """The room as `participant` may see it, and their presence in it, in one
        transaction; `TooManySockets` when they have `socket_cap` open already."""
        return await self.call(self._welcome, participant, room_id, since, socket_id,
                               socket_cap)

    def _reader_board(self, participant: Participant, room_id: str) -> ReaderBoard | None:
        with self.reader.begin() as conn:
            room = workshops.room_dict(conn, room_id, participant.workshop_id)
            workshop = workshops.workshop_dict(conn, participant.workshop_id)
            if room is None or workshop is None:
                return None
            state = self.cache.current(conn, room_id, room_seq(conn, room_id) or 0)
            view = state_view(state, Viewer(participant.id, participant.role),
                              workshops.disclosure(conn, participant.workshop_id), now_ms(),
                              presence.present(conn, room_id, now_ms()))
            view.pop("my_votes", None)
            view.pop("my_scores", None)
            view["results_by_group"] = results_by_group(
                state, workshops.participants_of(conn, participant.workshop_id))
            people = workshops.participant_dicts(conn, participant.workshop_id)
            return ReaderBoard(workshop, room, view, people)

    async def reader_board(self, participant: Participant, room_id: str) -> ReaderBoard | None:
        """A room of `participant`'s workshop as they may see it; None if not of it."""
        return await self.call(self._reader_board, participant, room_id)

    async def workshop_boards(self, workshop_id: str) -> WorkshopBoards | None:
        """The workshop's rooms for its report; None if there is no such workshop."""
        return await self.read(workshop_boards, self.cache, workshop_id)

    def _fresh_welcomes(self, room_id: str, workshop_id: str,
                        participants: list[Participant]) -> FreshWelcomes | None:
        with self.reader.begin() as conn:
            room = workshops.room_dict(conn, room_id, workshop_id)
            workshop = workshops.workshop_dict(conn, workshop_id)
            if room is None or workshop is None:
                return None
            state = self.cache.current(conn, room_id, room_seq(conn, room_id) or 0)
            disclosure = workshops.disclosure(conn, workshop_id)
            now = now_ms()
            here = presence.present(conn, room_id, now)
            views = {p.id: state_view(state, Viewer(p.id, p.role), disclosure, now, here)
                     for p in participants}
            return FreshWelcomes(workshop, room, state.seq, views,
                                 workshops.hackathon_of(conn, workshop, state.hackathon),
                                 workshops.my_hackathons(conn, workshop_id,
                                                         [p.id for p in participants]))

    async def fresh_welcomes(self, room_id: str, workshop_id: str,
                             participants: list[Participant]) -> FreshWelcomes | None:
        """The room's board now, as each of `participants` may see it (no presence
        written: they are in the room already)."""
        return await self.call(self._fresh_welcomes, room_id, workshop_id, participants)

    async def erase(self, workshop_id: str, participant_id: str) -> None:
        """Erase a participant (`store.erasure`); every room gets its events.
        Raises `erasure.NoSuchParticipant` or `erasure.AlreadyErased`."""
        def run() -> list[Event]:
            with write_transaction(self.engine) as conn:
                return erasure.erase(conn, self.cache, now_ms(), workshop_id, participant_id)
        events = await self.call(run)
        self.on_events(events)

    async def events_between(self, room_id: str, after: int, upto: int | None) -> list[Event]:
        return await self.read(events_after, room_id, after, upto)

    async def room_seqs(self, room_ids: list[str]) -> dict[str, int]:
        return await self.read(room_seqs, room_ids)

    async def room_exists(self, room_id: str) -> bool:
        return await self.read(workshops.room_exists, room_id)

    async def participant_by_token(self, token: str) -> Participant | None:
        return await self.read(workshops.participant_by_token, token)

    async def plenary_room_id(self, workshop_id: str) -> str | None:
        return await self.read(workshops.plenary_room_id, workshop_id)

    async def snapshots_of_room(self, room_id: str,
                                workshop_id: str) -> list[dict[str, Any]] | None:
        return await self.read(snapshots.snapshots_of_room, room_id, workshop_id)

    async def snapshot(self, snapshot_id: str,
                       workshop_id: str) -> snapshots.StoredSnapshot | None:
        """Unredacted: the caller redacts it for its reader (`board.redaction.snapshot_view`)."""
        return await self.read(snapshots.snapshot, snapshot_id, workshop_id)

    async def overview(self, workshop_id: str,
                       known: dict[str, int] | None = None) -> list[dict[str, Any]]:
        """Every room of the workshop with its counts and who is in it (facilitators'),
        and the preview of each room whose seq is not the one `known` maps it to."""
        return await self.read(overview.overview, workshop_id, now_ms(), self.cache,
                               known or {})

    async def presence_closed(self, socket_id: str) -> None:
        await self.tx(presence.closed, socket_id)

    async def present(self, room_id: str) -> dict[str, Any]:
        """The room's presence frame: who has a socket open, and the ready counts."""
        def read(conn: Connection) -> dict[str, Any]:
            people = presence.present(conn, room_id, now_ms())
            done = conn.execute(select(ROOM.c.ready).where(ROOM.c.id == room_id)).scalar()
            return {"type": "presence", "participants": people,
                    "ready": ready_counts(set(orjson.loads(done or "[]")), people)}
        return await self.read(read)

    async def beat(self) -> list[str]:
        return await self.tx(presence.beat, self.process_id, now_ms())

    async def forget_process(self) -> None:
        await self.tx(presence.forget_process, self.process_id)

    async def due_timers(self) -> list[tuple[str, str]]:
        def query(conn: Connection) -> list[tuple[str, str]]:
            rows = conn.execute(select(ROOM.c.id, ROOM.c.workshop_id).where(
                ROOM.c.timer_status == "running", ROOM.c.timer_ends_at <= now_ms()))
            return [(r.id, r.workshop_id) for r in rows]
        return await self.read(query)

    async def sweep_refs(self) -> None:
        def sweep(conn: Connection) -> None:
            conn.execute(delete(ACCEPTED_REF).where(
                ACCEPTED_REF.c.created < now_ms() - REF_RETENTION_MS))
        await self.tx(sweep)

    async def delete_workshop(self, workshop_id: str) -> purge.Deleted | None:
        """Delete the workshop at once (`DELETE /api/workshops/{id}`); None if none."""
        def run() -> purge.Deleted | None:
            with write_transaction(self.engine) as conn:
                deleted = purge.delete_workshop(conn, workshop_id, "deleted", now_ms())
            if deleted is not None:
                self.cache.drop(deleted.ids)
            return deleted
        return await self.call(run)

    async def delete_expired(self, default_days: int) -> list[purge.Deleted]:
        """Delete every workshop whose retention ran out (`store.purge.delete_due`)."""
        def run() -> list[purge.Deleted]:
            deleted = purge.delete_due(self.engine, now_ms(), default_days)
            self.cache.drop(set().union(*(d.ids for d in deleted)))
            return deleted
        return await self.call(run)

    def connections_in_use(self) -> int:
        """Connections checked out of this process's pools right now."""
        engines = {id(self.engine): self.engine, id(self.reader): self.reader}.values()
        return sum(getattr(e.pool, "checkedout", lambda: 0)() for e in engines)

    async def ping_db(self) -> bool:
        try:
            await self.read(lambda conn: conn.execute(text("SELECT 1")))
            return True
        except Exception:
            return False
