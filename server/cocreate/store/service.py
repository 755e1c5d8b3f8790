"""The store as the async server sees it: one database thread per process.

Every database call of a process runs on one thread, so the cached boards
need no locks and ops queued while a batch commits form the next batch
(one commit for many ops under load, no waiting when idle).
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from sqlalchemy import Connection, delete, select, text

from cocreate import metrics
from cocreate.board.state import Event
from cocreate.board.views import Disclosure, Viewer, state_view
from cocreate.board.workshop import WORKSHOP_OPS
from cocreate.store import accounts, presence
from cocreate.store import tables as t
from cocreate.store.engine import make_engine, write_transaction
from cocreate.store.load import events_after, room_seq
from cocreate.store.migrate import upgrade
from cocreate.store.transaction import Batch, BoardCache, OpRequest, OpResult, new_id

T = TypeVar("T")
BATCH_MAX = 500
REF_RETENTION_MS = 48 * 3600 * 1000
REPLAY_MAX = 5000


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class Welcome:
    workshop: dict[str, Any]
    room: dict[str, Any]
    seq: int
    state: dict[str, Any] | None
    replay: list[Event]
    disclosure: Disclosure
    private_authors: dict[str, str]


class Store:
    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.reader = make_engine(url, for_writes=False) if url.startswith("sqlite") else self.engine
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

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        self.engine.dispose()
        self.reader.dispose()

    async def submit(self, req: OpRequest) -> OpResult:
        """Run one op; resolves once it is committed (or refused)."""
        fut: asyncio.Future[OpResult] = asyncio.get_running_loop().create_future()
        self._pending.append((req, fut))
        if not self._busy:
            self._start_batch()
        return await fut

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
        results = Batch(self.engine, self.cache, now_ms()).run(requests)
        metrics.COMMIT.observe(time.perf_counter() - started)
        metrics.BATCH_SIZE.observe(len(requests))
        for r in results:
            metrics.OPS.labels("accepted" if r.error is None else r.error.code).inc()
        return results

    def _finish_batch(self, batch: list[tuple[OpRequest, asyncio.Future[OpResult]]],
                      done: asyncio.Future[list[OpResult]]) -> None:
        self._busy = False
        results = done.result()
        events = [e for r in results for e in r.events]
        if events:
            self.on_events(events)
        for (_, fut), result in zip(batch, results):
            if not fut.done():
                fut.set_result(result)
        if self._pending:
            self._start_batch()

    def _welcome(self, member: accounts.Member, room_id: str, since: int | None,
                 connection_id: str) -> Welcome | None:
        with write_transaction(self.engine) as conn:
            room = accounts.room_of_workshop(conn, room_id, member.workshop_id)
            workshop = accounts.workshop_dict(conn, member.workshop_id)
            if room is None or workshop is None:
                return None
            presence.opened(conn, connection_id, self.process_id, member.id, room_id, now_ms())
            seq = room_seq(conn, room_id) or 0
            state = self.cache.current(conn, room_id, seq)
            disclosure = accounts.disclosure(conn, member.workshop_id)
            private_authors = {n.id: n.author or "" for n in state.notes.values() if n.private}
            replay: list[Event] = []
            view: dict[str, Any] | None = None
            if since is not None and 0 <= since <= seq and seq - since <= REPLAY_MAX:
                replay = events_after(conn, room_id, since, seq)
                if len(replay) != seq - since:
                    replay = []
                    view = state_view(state, Viewer(member.id, member.role), disclosure, now_ms())
            else:
                view = state_view(state, Viewer(member.id, member.role), disclosure, now_ms())
            return Welcome(workshop, {"id": room.id, "name": room.name, "plenary": room.plenary},
                           seq, view, replay, disclosure, private_authors)

    async def welcome(self, member: accounts.Member, room_id: str, since: int | None,
                      connection_id: str) -> Welcome | None:
        """The room as `member` may see it, and their presence in it, in one transaction."""
        return await self.call(self._welcome, member, room_id, since, connection_id)

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(conn, *args)` in a read-only transaction on the database thread."""
        def run() -> T:
            with self.reader.begin() as conn:
                return fn(conn, *args)
        return await self.call(run)

    async def events_between(self, room_id: str, after: int, upto: int | None) -> list[Event]:
        return await self.read(events_after, room_id, after, upto)

    async def room_seq(self, room_id: str) -> int:
        return await self.read(lambda conn: room_seq(conn, room_id) or 0)

    async def member_by_token(self, token: str) -> accounts.Member | None:
        return await self.read(accounts.member_by_token, token)

    async def member_by_id(self, participant_id: str) -> accounts.Member | None:
        return await self.read(accounts.member_by_id, participant_id)

    async def presence_closed(self, connection_id: str) -> None:
        await self.tx(presence.closed, connection_id)

    async def present(self, room_id: str) -> list[dict[str, Any]]:
        return await self.read(presence.present, room_id, now_ms())

    async def beat(self) -> list[str]:
        return await self.tx(presence.beat, self.process_id, now_ms())

    async def forget_process(self) -> None:
        await self.tx(presence.forget_process, self.process_id)

    async def due_timers(self) -> list[tuple[str, str]]:
        room = t.Room.__table__

        def query(conn: Connection) -> list[tuple[str, str]]:
            rows = conn.execute(select(room.c.id, room.c.workshop_id).where(
                room.c.timer_status == "running", room.c.timer_ends_at <= now_ms()))
            return [(r.id, r.workshop_id) for r in rows]
        return await self.read(query)

    async def sweep_refs(self) -> None:
        ref = t.AcceptedRef.__table__
        await self.tx(lambda conn: conn.execute(
            delete(ref).where(ref.c.created < now_ms() - REF_RETENTION_MS)))

    async def ping_db(self) -> bool:
        try:
            await self.read(lambda conn: conn.execute(text("SELECT 1")))
            return True
        except Exception:
            return False


def participants_of(conn: Connection, workshop_id: str) -> dict[str, dict[str, Any]]:
    p = t.Participant.__table__
    rows = conn.execute(select(p).where(p.c.workshop_id == workshop_id)).mappings()
    return {r["id"]: {"id": r["id"], "name": r["name"], "group": r["group"], "role": r["role"],
                      "room": r["room_id"], "organisation": r["organisation"], "site": r["site"]}
            for r in rows}


def board_for_reader(store: Store, member: accounts.Member,
                     room_id: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any],
                                            dict[str, dict[str, Any]]] | None:
    """(workshop, room, state, participants) as `member` may see them; DB thread only."""
    with store.reader.begin() as conn:
        room = accounts.room_of_workshop(conn, room_id, member.workshop_id)
        workshop = accounts.workshop_dict(conn, member.workshop_id)
        if room is None or workshop is None:
            return None
        state = store.cache.current(conn, room_id, room_seq(conn, room_id) or 0)
        view = state_view(state, Viewer(member.id, member.role),
                          accounts.disclosure(conn, member.workshop_id), now_ms())
        view.pop("my_votes", None)
        people = participants_of(conn, member.workshop_id)
        return workshop, {"id": room.id, "name": room.name, "plenary": room.plenary}, view, people
