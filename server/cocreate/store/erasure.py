"""Erasing a participant: one transaction over every room of their workshop.

The boards follow events (`board.erasure`); the rows and what the log and the
snapshots stored before are rewritten here, so no table keeps their name or
organisation (nor, under the `delete` policy, what they wrote). Their row stays,
blank, so ids in the log still resolve and the log's order holds.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, delete, select, update

from cocreate import board
from cocreate.board import erasure
from cocreate.board.rule import Change, Context
from cocreate.board.state import BoardState, Event
from cocreate.ids import new_id, token_hash
from cocreate.store.board_cache import BoardCache
from cocreate.store.reads import room_seqs
from cocreate.store.tables import (
    ACCEPTED_REF,
    ACTION,
    ENCOUNTER,
    EVENT_LOG,
    JURY_SCORE,
    NOTE,
    OPEN_SOCKET,
    PARTICIPANT,
    ROOM,
    SCORE,
    SNAPSHOT,
    TEAM_PREFERENCE,
    VOTE,
    WORKSHOP,
)
from cocreate.store.workshops import small_groups, workshop_language
from cocreate.store.writes import Writes, append_event, write_room, write_rows


class NoSuchParticipant(Exception):
    """Not a participant of that workshop."""


class AlreadyErased(Exception):
    """Erased before: nothing of them is left to erase."""


def erase(conn: Connection, cache: BoardCache, now: int, workshop_id: str,
          participant_id: str) -> list[Event]:
    """Erase `participant_id` of `workshop_id`; the events the rooms get."""
    person = conn.execute(select(PARTICIPANT).where(
        PARTICIPANT.c.id == participant_id, PARTICIPANT.c.workshop_id == workshop_id)
        .with_for_update()).mappings().first()
    if person is None:
        raise NoSuchParticipant
    if person["erased"]:
        raise AlreadyErased
    policy = conn.execute(select(WORKSHOP.c.erase_policy)
                          .where(WORKSHOP.c.id == workshop_id)).scalar()
    delete_notes = policy != "anonymise"
    room_ids = list(conn.execute(select(ROOM.c.id).where(ROOM.c.workshop_id == workshop_id)
                                 .order_by(ROOM.c.id)).scalars())
    words = {w for w in (person["name"], person["organisation"]) if w}
    try:
        _blank_participant(conn, participant_id)
        events = _erase_on_boards(conn, cache, now, workshop_id, participant_id,
                                  room_ids, delete_notes)
        _rewrite_history(conn, room_ids, participant_id, words, delete_notes)
        _clear_rows(conn, workshop_id, room_ids, participant_id, words)
    finally:
        # Reloaded from the rewritten rows on the next read (and if this rolls back).
        cache.drop(set(room_ids))
    return events


def _erase_on_boards(conn: Connection, cache: BoardCache, now: int, workshop_id: str,
                     participant_id: str, room_ids: list[str],
                     delete_notes: bool) -> list[Event]:
    writes = Writes()
    ctx = Context(now, new_id, workshop_language(conn, workshop_id))
    groups = small_groups(conn, workshop_id)
    events: list[Event] = []
    for room_id, seq in room_seqs(conn, room_ids, lock=True).items():
        state = cache.current(conn, room_id, seq)
        while delete_notes:
            change = erasure.next_deletion(state, participant_id, ctx)
            if change is None:
                break
            events.append(_append(writes, state, change, now))
        events.append(_append(writes, state, erasure.erased_change(participant_id, groups), now))
        write_room(writes, state)
    writes.flush(conn)
    return events


def _append(writes: Writes, state: BoardState, change: Change, now: int) -> Event:
    event = Event(state.room_id, state.seq + 1, change.op, None, now, change.data, change.owner)
    board.apply(state, event)
    write_rows(writes, event, state)
    append_event(writes, event)
    return event


def _rewrite_history(conn: Connection, room_ids: list[str], participant_id: str,
                     words: set[str], delete_notes: bool) -> None:
    """Every stored payload of the workshop's rooms, scrubbed (`erasure.scrub`)."""
    logged = conn.execute(select(EVENT_LOG.c.room_id, EVENT_LOG.c.seq, EVENT_LOG.c.op,
                                 EVENT_LOG.c.data)
                          .where(EVENT_LOG.c.room_id.in_(room_ids))).all()
    added = [orjson.loads(r.data) for r in logged if r.op == "note.add"]
    note_ids = erasure.notes_written(added, participant_id)

    def scrubbed(raw: str) -> str | None:
        value = orjson.loads(raw)
        clean = erasure.scrub(value, participant_id, words, note_ids, delete_notes)
        return None if clean == value else orjson.dumps(clean).decode()

    for r in logged:
        data = scrubbed(r.data)
        if data is not None:
            conn.execute(update(EVENT_LOG).where(EVENT_LOG.c.room_id == r.room_id,
                                                 EVENT_LOG.c.seq == r.seq).values(data=data))
    for s in conn.execute(select(SNAPSHOT.c.id, SNAPSHOT.c.state)
                          .where(SNAPSHOT.c.room_id.in_(room_ids))).all():
        state = scrubbed(s.state)
        if state is not None:
            conn.execute(update(SNAPSHOT).where(SNAPSHOT.c.id == s.id).values(state=state))


def _clear_rows(conn: Connection, workshop_id: str, room_ids: list[str],
                participant_id: str, words: set[str]) -> None:
    """The rows that name them or hold what they did, and their own row, blanked."""
    in_rooms = (VOTE.c.room_id.in_(room_ids), VOTE.c.participant_id == participant_id)
    conn.execute(delete(VOTE).where(*in_rooms))
    conn.execute(delete(SCORE).where(SCORE.c.room_id.in_(room_ids),
                                     SCORE.c.participant_id == participant_id))
    conn.execute(update(NOTE).where(NOTE.c.room_id.in_(room_ids),
                                    NOTE.c.author_id == participant_id)
                 .values(author_id=None, author_group=None))
    for a in conn.execute(select(ACTION).where(ACTION.c.workshop_id == workshop_id)).mappings():
        values = _scrubbed_action(dict(a), participant_id, words)
        if values:
            conn.execute(update(ACTION).where(ACTION.c.id == a["id"]).values(**values))
    for column in (WORKSHOP.c.flags, WORKSHOP.c.challenges):
        raw = conn.execute(select(column).where(WORKSHOP.c.id == workshop_id)).scalar() or "[]"
        clean = erasure.scrub(orjson.loads(raw), participant_id, words, set(), False)
        conn.execute(update(WORKSHOP).where(WORKSHOP.c.id == workshop_id)
                     .values({column.name: orjson.dumps(clean).decode()}))
    conn.execute(delete(ENCOUNTER).where(ENCOUNTER.c.workshop_id == workshop_id,
                                         (ENCOUNTER.c.a == participant_id)
                                         | (ENCOUNTER.c.b == participant_id)))
    conn.execute(delete(ACCEPTED_REF).where(ACCEPTED_REF.c.participant_id == participant_id))
    # A juror's scores are theirs (a closed jury's ranking keeps only the means).
    conn.execute(delete(JURY_SCORE).where(JURY_SCORE.c.juror_id == participant_id))
    conn.execute(delete(TEAM_PREFERENCE).where(TEAM_PREFERENCE.c.workshop_id == workshop_id,
                                               TEAM_PREFERENCE.c.participant_id
                                               == participant_id))
    conn.execute(delete(OPEN_SOCKET).where(OPEN_SOCKET.c.participant_id == participant_id))


def _blank_participant(conn: Connection, participant_id: str) -> None:
    conn.execute(update(PARTICIPANT).where(PARTICIPANT.c.id == participant_id).values(
        # Removed: the token no longer opens anything (its hash stays, so a repeat
        # erase with it answers 410 rather than a bare 401).
        name="", group=None, organisation=None, removed=True, erased=True))


def _scrubbed_action(row: dict[str, Any], participant_id: str,
                     words: set[str]) -> dict[str, Any]:
    """The columns of an action row that change: who committed and reported
    progress loses their person (the group stays), and an owner named after them."""
    out: dict[str, Any] = {}
    for key in ("commits", "progress"):
        entries = orjson.loads(row[key])
        clean = erasure.scrub(entries, participant_id, words, set(), False)
        if clean != entries:
            out[key] = orjson.dumps(clean).decode()
    for key in ("owner_person", "owner_org"):
        if row[key] in words:
            out[key] = None
    if row["author_id"] == participant_id:
        out["author_id"] = None
    return out


def erased_token(conn: Connection, token: str) -> bool:
    """Whether `token` belonged to someone since erased."""
    return conn.execute(select(PARTICIPANT.c.id).where(
        PARTICIPANT.c.token_hash == token_hash(token), PARTICIPANT.c.erased.is_(True))
    ).first() is not None
