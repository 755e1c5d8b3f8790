"""Reading a room's board and its event log from the database."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, RowMapping, bindparam, func, select, text

from cocreate.board.actions import Action
from cocreate.board.hackathon import Hackathon, Pitch
from cocreate.board.jury import Jury
from cocreate.board.state import BoardState, Cluster, Event, Note, NoteOwner, Timer, Voting
from cocreate.store.tables import (
    ACTION,
    CLUSTER,
    EVENT_LOG,
    JURY_SCORE,
    NOTE,
    PITCH,
    ROOM,
    SCORE,
    TEAM_MEMBER,
    VOTE,
    WORKSHOP,
)

# In the log, an event's `owner` is kept inside its data under these keys (as
# the first schema did), so logs written before and after read the same.
OWNER_AUTHOR_KEY = "_author"
OWNER_PRIVATE_KEY = "_private"


def load_board(conn: Connection, room_id: str) -> BoardState | None:
    room = conn.execute(select(ROOM).where(ROOM.c.id == room_id)).mappings().first()
    if room is None:
        return None
    state = BoardState(room_id=room_id, seq=room["seq"], locked=room["locked"],
                       private_round=room["private_round"], agenda=orjson.loads(room["agenda"]),
                       round_index=room["round_index"], ready=set(orjson.loads(room["ready"])))
    state.timer = Timer.from_dict({"status": room["timer_status"], "label": room["timer_label"],
                                   "duration_ms": room["timer_duration_ms"],
                                   "ends_at": room["timer_ends_at"],
                                   "remaining_ms": room["timer_remaining_ms"]})
    state.voting = Voting.from_dict({"status": room["voting_status"],
                                     "budget": room["voting_budget"],
                                     "max_per_note": room["voting_max_per_note"],
                                     "hidden": room["voting_hidden"],
                                     "revealed": room["voting_revealed"],
                                     "target": room["voting_target"],
                                     "kind": room["voting_kind"],
                                     "criteria": orjson.loads(room["voting_criteria"])})
    rows = conn.execute(select(NOTE).where(NOTE.c.room_id == room_id)
                        .order_by(NOTE.c.created, NOTE.c.id)).mappings()
    for n in rows:
        state.notes[n["id"]] = Note(n["id"], n["text"], n["color"], n["x"], n["y"],
                                    n["cluster_id"], n["author_id"], n["created"], n["updated"],
                                    n["author_group"], n["private"],
                                    _note_source(n["source_room"], n["source_note"]))
    for c in conn.execute(select(CLUSTER).where(CLUSTER.c.room_id == room_id)).mappings():
        source = None if c["source_room"] is None else {"room": c["source_room"]}
        state.clusters[c["id"]] = Cluster(c["id"], c["title"], c["x"], c["y"], source)
    for v in conn.execute(select(VOTE).where(VOTE.c.room_id == room_id)).mappings():
        state.votes.setdefault(v["participant_id"], {})[v["target_id"]] = v["count"]
    for s in conn.execute(select(SCORE).where(SCORE.c.room_id == room_id)).mappings():
        state.scores.setdefault(s["participant_id"], {})[s["target_id"]] = (s["first"],
                                                                             s["second"])
    state.actions = load_actions(conn, room["workshop_id"])
    state.hackathon = load_hackathon(conn, room["workshop_id"])
    return state


def load_hackathon(conn: Connection, workshop_id: str) -> Hackathon:
    """The workshop's hackathon: its phase, presented pitch, and pitches oldest first."""
    w = conn.execute(select(WORKSHOP.c.hackathon_phase, WORKSHOP.c.presenting,
                            WORKSHOP.c.jury_criteria, WORKSHOP.c.jury_result)
                     .where(WORKSHOP.c.id == workshop_id)).one()
    hack = Hackathon(w.hackathon_phase,
                     presenting=None if w.presenting is None else orjson.loads(w.presenting))
    # The board knows how many jurors scored each pitch, never what they gave.
    scored = conn.execute(select(JURY_SCORE.c.pitch_id, func.count())
                          .where(JURY_SCORE.c.workshop_id == workshop_id)
                          .group_by(JURY_SCORE.c.pitch_id)).all()
    hack.jury = Jury(orjson.loads(w.jury_criteria or "[]"), {r[0]: r[1] for r in scored},
                     None if w.jury_result is None else orjson.loads(w.jury_result))
    members: dict[str, list[str]] = {}
    for m in conn.execute(select(TEAM_MEMBER.c.pitch_id, TEAM_MEMBER.c.participant_id)
                          .where(TEAM_MEMBER.c.workshop_id == workshop_id)
                          .order_by(TEAM_MEMBER.c.position)):
        members.setdefault(m.pitch_id, []).append(m.participant_id)
    for p in conn.execute(select(PITCH).where(PITCH.c.workshop_id == workshop_id)
                          .order_by(PITCH.c.created, PITCH.c.id)).mappings():
        hack.pitches[p["id"]] = Pitch(
            p["id"], p["title"], p["text"], p["holder_id"], members.get(p["id"], []),
            orjson.loads(p["needs"]), None if p["source"] is None else orjson.loads(p["source"]),
            p["created"], p["updated"])
    return hack


def jury_scores(conn: Connection, workshop_id: str) -> dict[str, dict[str, dict[str, int]]]:
    """Every juror's scores, by juror and pitch: for the jury's rules alone (secret
    until the close), and for the report once it is closed."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for r in conn.execute(select(JURY_SCORE.c.juror_id, JURY_SCORE.c.pitch_id,
                                 JURY_SCORE.c.scores)
                          .where(JURY_SCORE.c.workshop_id == workshop_id)
                          .order_by(JURY_SCORE.c.juror_id, JURY_SCORE.c.pitch_id)):
        out.setdefault(r.juror_id, {})[r.pitch_id] = orjson.loads(r.scores)
    return out


def load_actions(conn: Connection, workshop_id: str) -> dict[str, Action]:
    """The workshop's actions, oldest first (every room's board holds them)."""
    rows = conn.execute(select(ACTION).where(ACTION.c.workshop_id == workshop_id)
                        .order_by(ACTION.c.created, ACTION.c.id)).mappings()
    out = {}
    for a in rows:
        out[a["id"]] = Action.from_dict({
            "id": a["id"], "title": a["title"], "owner_group": a["owner_group"],
            "owner_org": a["owner_org"], "owner_person": a["owner_person"],
            "parties": orjson.loads(a["parties"]),
            "source": None if a["source"] is None else orjson.loads(a["source"]),
            "due": a["due"], "status": a["status"], "percent": a["percent"],
            "commits": orjson.loads(a["commits"]), "progress": orjson.loads(a["progress"]),
            "author": a["author_id"], "created": a["created"], "updated": a["updated"],
            "series_action": a["series_action"]})
    return out
def _note_source(room: str | None, note: str | None) -> dict[str, str] | None:
    return None if room is None or note is None else {"room": room, "note": note}


def event_from_row(row: RowMapping) -> Event:
    data: dict[str, Any] = orjson.loads(row["data"])
    owner = None
    if OWNER_PRIVATE_KEY in data:
        owner = NoteOwner(data.pop(OWNER_AUTHOR_KEY, None), bool(data.pop(OWNER_PRIVATE_KEY)))
    return Event(row["room_id"], row["seq"], row["op"], row["actor"], row["ts"], data, owner)


def events_after(conn: Connection, room_id: str, after: int,
                 upto: int | None = None) -> list[Event]:
    q = select(EVENT_LOG).where(EVENT_LOG.c.room_id == room_id, EVENT_LOG.c.seq > after)
    if upto is not None:
        q = q.where(EVENT_LOG.c.seq <= upto)
    return [event_from_row(r) for r in conn.execute(q.order_by(EVENT_LOG.c.seq)).mappings()]


# Built once: the op path runs these in every batch, and building a statement
# costs more than running it on SQLite (py-spy of durable A).
_ROOM_SEQ = select(ROOM.c.seq).where(ROOM.c.id == bindparam("room_id"))
_ROOM_SEQ_LOCKED = _ROOM_SEQ.with_for_update()
_ROOM_SEQS = (select(ROOM.c.id, ROOM.c.seq)
              .where(ROOM.c.id.in_(bindparam("room_ids", expanding=True))).order_by(ROOM.c.id))
_ROOM_SEQS_LOCKED = _ROOM_SEQS.with_for_update()
_WORKSHOP_FLAGS = (select(WORKSHOP.c.id, WORKSHOP.c.closed, WORKSHOP.c.language)
                   .where(WORKSHOP.c.id.in_(bindparam("workshop_ids", expanding=True))))


# Spans of many rooms' logs in one statement, joined to a VALUES list (whose
# columns both SQLite and PostgreSQL name column1..3): a batch whose rooms the
# other process wrote then reads them in one round trip, not one per room.
SPANS_MAX = 300


def events_in_spans(conn: Connection,
                    spans: list[tuple[str, int, int]]) -> dict[str, list[Event]]:
    """Each room's events with after < seq <= upto, for (room, after, upto) spans."""
    found: dict[str, list[Event]] = {room_id: [] for room_id, _, _ in spans}
    for start in range(0, len(spans), SPANS_MAX):
        chunk = spans[start:start + SPANS_MAX]
        values = ", ".join(f"(:r{i}, :a{i}, :u{i})" for i in range(len(chunk)))
        params: dict[str, Any] = {}
        for i, (room_id, after, upto) in enumerate(chunk):
            params.update({f"r{i}": room_id, f"a{i}": after, f"u{i}": upto})
        rows = conn.execute(text(
            "SELECT e.room_id, e.seq, e.op, e.actor, e.ts, e.data FROM event_log AS e "
            f"JOIN (VALUES {values}) AS v ON e.room_id = v.column1 "
            "AND e.seq > v.column2 AND e.seq <= v.column3 ORDER BY e.room_id, e.seq"), params)
        for row in rows.mappings():
            found[row["room_id"]].append(event_from_row(row))
    return found


def room_seq(conn: Connection, room_id: str, *, lock: bool = False) -> int | None:
    seq: int | None = conn.execute(_ROOM_SEQ_LOCKED if lock else _ROOM_SEQ,
                                   {"room_id": room_id}).scalar()
    return seq


def room_seqs(conn: Connection, room_ids: list[str], *, lock: bool = False) -> dict[str, int]:
    """Seqs of the rooms that exist among `room_ids`; locked in id order when asked."""
    rows = conn.execute(_ROOM_SEQS_LOCKED if lock else _ROOM_SEQS, {"room_ids": room_ids})
    return {room_id: seq for room_id, seq in rows}


def workshop_flags(conn: Connection,
                   workshop_ids: list[str]) -> dict[str, tuple[bool, str | None]]:
    """Whether each workshop is closed, and its language (None: never set)."""
    rows = conn.execute(_WORKSHOP_FLAGS, {"workshop_ids": workshop_ids})
    return {r.id: (bool(r.closed), r.language) for r in rows}
