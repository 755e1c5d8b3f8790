"""One batch of ops in one database transaction.

For each op: take the room's lock, bring the cached board up to the room's
seq (replaying the log when another process wrote), check the rule, write
the rows, the event-log row and the `(participant, ref)` row. The batch
commits once; only then are acks sent. A database failure rolls the whole
batch back, drops the cached boards it touched, and answers `unavailable`.
"""

from __future__ import annotations

import logging
import random
import secrets
from dataclasses import dataclass, field, replace
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, false, insert, select, update
from sqlalchemy.exc import InterfaceError, OperationalError

from cocreate import board
from cocreate.board.actions import ACTION_OPS
from cocreate.board.cafe import Rotation
from cocreate.board.errors import BoardError
from cocreate.board.hackathon import HACKATHON_OPS, JUROR_OPS
from cocreate.board.hackathon import PARTICIPANT_OPS as HACKATHON_PARTICIPANT_OPS
from cocreate.board.jury import JURY_OPS
from cocreate.board.lifecycle import LIFECYCLE_OPS, refuse_if_closed
from cocreate.board.names import DEFAULT_LANGUAGE
from cocreate.board.rule import Context
from cocreate.board.state import Actor, BoardState, Event, NoteOwner
from cocreate.board.templates import TEMPLATE_OPS
from cocreate.board.workshop import (
    BOARD_READING_OPS,
    EVERYONE_WORKSHOP_OPS,
    WORKSHOP_OPS,
    RoomInfo,
    WorkshopState,
    decide_workshop,
)
from cocreate.ids import new_id
from cocreate.store.board_cache import BoardCache
from cocreate.store.engine import write_transaction
from cocreate.store.reads import jury_scores, room_seq, room_seqs, workshop_flags
from cocreate.store.snapshots import room_snapshot
from cocreate.store.tables import PARTICIPANT, ROOM, WORKSHOP
from cocreate.store.templates import saved_templates, write_template_change
from cocreate.store.workshops import (
    participants_of,
    record_encounters,
    remove_participants,
    set_hosts,
    workshop_met,
    workshop_outcomes,
    workshop_settings,
)
from cocreate.store.writes import (
    REF_SEQ,
    SET_REF_SEQ,
    UNCLAIM_REF,
    Writes,
    append_event,
    claim_refs,
    write_action,
    write_hackathon,
    write_room,
    write_rows,
    write_settings,
)

log = logging.getLogger("cocreate.store.batch")


@dataclass
class OpRequest:
    actor: Actor | None  # None: the server's own op (timer.end)
    workshop_id: str
    room_id: str
    op: str
    data: dict[str, Any]
    ref: str | None = None
    # rooms.rotate: the rotation worked out off the database thread beforehand.
    prepared: Rotation | None = None


@dataclass
class OpResult:
    seq: int | None = None  # the ack's seq
    error: BoardError | None = None
    events: list[Event] = field(default_factory=list)
    duplicate: bool = False


class Batch:
    """Runs a list of ops in one transaction (see the module docstring)."""

    def __init__(self, engine: Engine, cache: BoardCache, now: int) -> None:
        self.engine = engine
        self.cache = cache
        self.now = now
        self._locked: dict[str, BoardState] = {}
        self._dirty: set[str] = set()
        self._writes = Writes()
        self._claimed: dict[tuple[str, str], int] = {}  # ref -> seq of its accepted op
        self.failure: Exception | None = None  # why the transaction did not commit
        self._owned: set[tuple[str, str]] = set()  # refs this batch claimed
        self._languages: dict[str, str] = {}  # workshop id -> its language
        self._closed: dict[str, bool] = {}  # workshop id -> closed, read under the room locks

    def run(self, requests: list[OpRequest]) -> list[OpResult]:
        results: list[OpResult] = []
        try:
            with write_transaction(self.engine) as conn:
                # Lock rooms in one global order so two processes' batches cannot deadlock.
                rooms = sorted({r.room_id for r in requests if r.op not in WORKSHOP_OPS})
                if rooms:
                    seqs = room_seqs(conn, rooms, lock=True)
                    self._locked.update(self.cache.current_many(conn, seqs))
                    self._read_workshops(conn, sorted({
                        r.workshop_id for r in requests if r.op not in WORKSHOP_OPS}))
                self._claim_refs(conn, requests)
                for req in requests:
                    try:
                        results.append(self._one(conn, req))
                    except BoardError as e:
                        results.append(OpResult(error=e))
                self._unclaim_refused()
                for room_id in self._dirty:
                    write_room(self._writes, self._locked[room_id])
                self._writes.flush(conn)
        except Exception as e:
            log.exception("op batch of %d failed; nothing in it was committed", len(requests))
            self.failure = e
            self.cache.drop(set(self._locked))
            err = BoardError("unavailable", "the server could not save that; retry")
            return [OpResult(error=err) for _ in requests]
        return results

    def _board(self, conn: Connection, room_id: str) -> BoardState:
        state = self._locked.get(room_id)
        if state is None:
            seq = room_seq(conn, room_id, lock=True)
            if seq is None:
                raise BoardError("not_found", "that room does not exist")
            state = self.cache.current(conn, room_id, seq)
            self._locked[room_id] = state
        return state

    def _claim_refs(self, conn: Connection, requests: list[OpRequest]) -> None:
        """Claim every ref of the batch in one statement, before deciding any op.

        A concurrent transaction holding the same ref makes the insert wait for
        its commit, then see it, instead of failing the whole batch with a
        duplicate key at the end. Claims go in key order so two batches never
        wait on each other's refs in opposite orders.
        """
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for req in requests:
            if req.actor is not None and req.ref is not None:
                rows.setdefault((req.actor.id, req.ref), {
                    "participant_id": req.actor.id, "ref": req.ref, "room_id": req.room_id,
                    "seq": 0, "created": self.now})
        if rows:
            claimed = conn.execute(claim_refs(conn), [rows[key] for key in sorted(rows)])
            self._owned = {(r.participant_id, r.ref) for r in claimed}

    def _unclaim_refused(self) -> None:
        # A refused op is not remembered: its ref may be sent again.
        for pid, ref in sorted(self._owned - self._claimed.keys()):
            self._writes.add_apart(UNCLAIM_REF, {"_pid": pid, "_ref": ref})

    def _one(self, conn: Connection, req: OpRequest) -> OpResult:
        if req.actor is None or req.ref is None:
            return self._decide(conn, req)
        key = (req.actor.id, req.ref)
        if key in self._claimed:
            return OpResult(seq=self._claimed[key], duplicate=True)
        if key not in self._owned:
            names = {"_pid": req.actor.id, "_ref": req.ref}
            return OpResult(seq=conn.execute(REF_SEQ, names).scalar(), duplicate=True)
        result = self._decide(conn, req)
        assert result.seq is not None
        self._claimed[key] = result.seq
        self._writes.add_apart(SET_REF_SEQ, {"_pid": req.actor.id, "_ref": req.ref,
                                              "seq": result.seq})
        return result

    def _decide(self, conn: Connection, req: OpRequest) -> OpResult:
        if req.op in WORKSHOP_OPS:
            return self._workshop_op(conn, req)
        if req.actor is not None and self._is_closed(conn, req.workshop_id):
            self._refuse_closed(conn, req)
        if board.for_all_rooms(req.op, req.data):
            return self._in_every_room(conn, req)
        state = self._board(conn, req.room_id)
        ctx = Context(self.now, new_id, self._language(conn, req.workshop_id))
        if req.op == "snapshot.restore" and isinstance(req.data.get("id"), str):
            ctx = replace(ctx, snapshot=room_snapshot(conn, req.data["id"], req.room_id))
        if req.actor is None:
            changes = board.decide_server(state, req.op, ctx)
        else:
            changes = board.decide(state, req.op, req.data, req.actor, ctx)
        events = []
        for change in changes:
            actor_id = req.actor.id if (req.actor and change.by_actor) else None
            events.append(self._append(state, change.op, actor_id, change.data, change.owner))
        return OpResult(seq=events[0].seq, events=events)

    def _language(self, conn: Connection, workshop_id: str) -> str:
        if workshop_id not in self._languages:
            self._read_workshops(conn, [workshop_id])
        return self._languages.get(workshop_id, DEFAULT_LANGUAGE)

    def _read_workshops(self, conn: Connection, workshop_ids: list[str]) -> None:
        for wid, (closed, language) in workshop_flags(conn, workshop_ids).items():
            self._closed.setdefault(wid, closed)
            self._languages[wid] = language or DEFAULT_LANGUAGE

    def _refuse_closed(self, conn: Connection, req: OpRequest) -> None:
        """A room op on a closed workshop: decided (and dropped) only so that an error
        that comes before `closed` is the one answered."""
        assert req.actor is not None
        try:
            board.for_all_rooms(req.op, req.data)
            data = {k: v for k, v in req.data.items() if k != "all_rooms"}
            ctx = Context(self.now, new_id, self._language(conn, req.workshop_id))
            board.decide(self._board(conn, req.room_id), req.op, data, req.actor, ctx)
        except BoardError as e:
            refuse_if_closed(True, req.op, req.actor, e)
        refuse_if_closed(True, req.op, req.actor)

    def _is_closed(self, conn: Connection, workshop_id: str) -> bool:
        """Read once a batch, after the batch locked the rooms it writes: a close (which
        locks every room of its workshop) commits wholly before or after this batch."""
        if workshop_id not in self._closed:
            self._read_workshops(conn, [workshop_id])
        return self._closed.get(workshop_id, False)

    def _in_every_room(self, conn: Connection, req: OpRequest) -> OpResult:
        """A room op with `all_rooms`: decided in every room first, so a room that
        refuses it refuses it everywhere, then applied in each, in one transaction."""
        assert req.actor is not None
        data = {k: v for k, v in req.data.items() if k != "all_rooms"}
        rooms = conn.execute(select(ROOM.c.id, ROOM.c.name)
                             .where(ROOM.c.workshop_id == req.workshop_id,
                                    ROOM.c.archived == false())
                             .order_by(ROOM.c.id).with_for_update()).all()
        ctx = Context(self.now, new_id, self._language(conn, req.workshop_id))
        decided = []
        for room in rooms:
            state = self._board(conn, room.id)
            try:
                decided.append((state, board.decide(state, req.op, data, req.actor, ctx)))
            except BoardError as e:
                raise BoardError(e.code, f"{room.name}: {e.message}") from None
        events = []
        ack_seq = None
        for state, changes in decided:
            for change in changes:
                event = self._append(state, change.op, req.actor.id if change.by_actor else None,
                                     change.data, change.owner)
                events.append(event)
                if ack_seq is None and state.room_id == req.room_id:
                    ack_seq = event.seq
        assert ack_seq is not None
        return OpResult(seq=ack_seq, events=events)

    def _append(self, state: BoardState, op: str, actor: str | None, data: dict[str, Any],
                owner: NoteOwner | None = None) -> Event:
        event = Event(state.room_id, state.seq + 1, op, actor, self.now, data, owner)
        board.apply(state, event)
        write_rows(self._writes, event, state)
        append_event(self._writes, event)
        self._dirty.add(state.room_id)
        return event

    def _workshop_op(self, conn: Connection, req: OpRequest) -> OpResult:
        assert req.actor is not None
        if req.actor.role != "facilitator" and req.op not in ACTION_OPS and (
                req.op not in EVERYONE_WORKSHOP_OPS | HACKATHON_PARTICIPANT_OPS | JUROR_OPS
                or req.actor.role == "wall"):
            raise BoardError("forbidden", f"only a facilitator may send {req.op}")
        rooms = conn.execute(select(ROOM.c.id, ROOM.c.name, ROOM.c.plenary, ROOM.c.archived,
                                    ROOM.c.position, ROOM.c.host_id)
                             .where(ROOM.c.workshop_id == req.workshop_id)
                             .order_by(ROOM.c.id).with_for_update()).all()
        # Locked in id order (no deadlock); the rules see them in the console's order.
        ordered = sorted(rooms, key=lambda r: (r.position, r.id))
        infos = [RoomInfo(r.id, r.name, r.plenary, r.archived) for r in ordered]
        plenary = next(r.id for r in infos if r.plenary)
        closed = self._is_closed(conn, req.workshop_id)
        template_op = req.op in TEMPLATE_OPS
        workshop = WorkshopState(req.workshop_id, plenary, infos,
                                 participants_of(conn, req.workshop_id),
                                 workshop_settings(conn, req.workshop_id),
                                 saved_templates(conn, req.workshop_id) if template_op else [],
                                 hosts={r.id: r.host_id for r in rooms if r.host_id},
                                 met=workshop_met(conn, req.workshop_id)
                                 if req.op == "rooms.rotate" else {})
        workshop.flags, workshop.challenges = workshop_outcomes(conn, req.workshop_id)
        workshop.closed = closed
        if req.op == "constraint.flag" and any(r.id == req.room_id for r in infos):
            here = self._board(conn, req.room_id)
            workshop.targets["note"] = frozenset(n.id for n in here.notes.values()
                                                 if not n.private)
            workshop.targets["action"] = frozenset(here.actions)
        if req.op in ACTION_OPS or req.op in HACKATHON_OPS:
            # Every room is locked above, so this board's actions and hackathon are the
            # workshop's now: a second team.join on another process waits and sees the first.
            workshop.room_board = self._board(conn, req.room_id)
            workshop.actions = workshop.room_board.actions
            workshop.hackathon = workshop.room_board.hackathon
            if req.op in JURY_OPS:
                workshop.jury_scores = jury_scores(conn, req.workshop_id)
        # Rooms are locked above, so the boards read here stay as they are until commit.
        boards = ({r.id: self._board(conn, r.id) for r in infos}
                  if req.op in BOARD_READING_OPS else None)
        try:
            change = decide_workshop(workshop, req.op, req.data, req.actor,
                                     Context(self.now, new_id),
                                     random.Random(secrets.randbits(64)), req.room_id,
                                     self._board(conn, req.room_id).agenda, req.prepared,
                                     boards)
        except BoardError as e:
            refuse_if_closed(closed, req.op, req.actor, e)
        refuse_if_closed(closed, req.op, req.actor)
        if template_op:
            write_template_change(conn, req.workshop_id, change)
        position = max((r.position for r in rooms), default=0) + 1
        for room in change.new_rooms:
            conn.execute(insert(ROOM).values(id=room.id, workshop_id=req.workshop_id,
                                             name=room.name, plenary=False, position=position))
            position += 1
        if change.op == "workshop.settings":
            write_settings(conn, req.workshop_id, change.data)
        if change.op in LIFECYCLE_OPS:
            conn.execute(update(WORKSHOP).where(WORKSHOP.c.id == req.workshop_id).values(
                closed=change.data["closed"], closed_at=change.data["closed_at"]))
            self._closed[req.workshop_id] = change.data["closed"]
        if change.flags is not None:
            conn.execute(update(WORKSHOP).where(WORKSHOP.c.id == req.workshop_id)
                         .values(flags=orjson.dumps(change.flags).decode()))
        if change.challenges is not None:
            conn.execute(update(WORKSHOP).where(WORKSHOP.c.id == req.workshop_id)
                         .values(challenges=orjson.dumps(change.challenges).decode()))
        for changed in change.changed_rooms:
            conn.execute(update(ROOM).where(ROOM.c.id == changed.id)
                         .values(name=changed.name, archived=changed.archived))
        if change.action is not None:
            write_action(self._writes, req.workshop_id, *change.action)
        if change.hackathon is not None:
            write_hackathon(self._writes, req.workshop_id, change.hackathon)
        remove_participants(conn, change.removals)
        set_hosts(conn, change.hosts)
        record_encounters(conn, req.workshop_id, change.encounters)
        for pid, room_id in change.moves.items():
            conn.execute(update(PARTICIPANT).where(PARTICIPANT.c.id == pid)
                         .values(room_id=room_id))
        events = []
        ack_seq = None
        for room_id in [r.id for r in infos] + [r.id for r in change.new_rooms]:
            event = self._append(self._board(conn, room_id), change.op, req.actor.id,
                                 change.data)
            events.append(event)
            if room_id == req.room_id:
                ack_seq = event.seq
        for room_id, changes in change.board_changes.items():
            state = self._board(conn, room_id)
            for board_change in changes:
                events.append(self._append(state, board_change.op, req.actor.id,
                                           board_change.data, board_change.owner))
        assert ack_seq is not None
        return OpResult(seq=ack_seq, events=events)


def run_batch(engine: Engine, cache: BoardCache, now: int,
              requests: list[OpRequest]) -> list[OpResult]:
    """Run `requests` in one transaction. If it fails on what an op wrote, rather
    than on the database being away, each op runs again in a transaction of its
    own: an op that fails fails alone, the rest of its batch commits."""
    batch = Batch(engine, cache, now)
    results = batch.run(requests)
    if batch.failure is None or len(requests) == 1 or _database_away(batch.failure):
        return results
    return [Batch(engine, cache, now).run([req])[0] for req in requests]


def _database_away(error: Exception) -> bool:
    return isinstance(error, OperationalError | InterfaceError | TimeoutError | ConnectionError)
