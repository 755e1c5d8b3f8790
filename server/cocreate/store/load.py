"""Reading a room's board and its event log from the database."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, select

from cocreate.board.state import BoardState, Cluster, Event, Note, Timer, Voting
from cocreate.store import tables as t

ROOM = t.Room.__table__
NOTE = t.Note.__table__
CLUSTER = t.Cluster.__table__
VOTE = t.Vote.__table__
EVENT = t.EventLog.__table__


def load_board(conn: Connection, room_id: str) -> BoardState | None:
    room = conn.execute(select(ROOM).where(ROOM.c.id == room_id)).mappings().first()
    if room is None:
        return None
    state = BoardState(room_id=room_id, seq=room["seq"], locked=room["locked"],
                       private_round=room["private_round"], agenda=orjson.loads(room["agenda"]),
                       round_index=room["round_index"])
    state.timer = Timer(room["timer_status"], room["timer_label"], room["timer_duration_ms"],
                        room["timer_ends_at"], room["timer_remaining_ms"])
    state.voting = Voting(room["voting_status"], room["voting_budget"],
                          room["voting_max_per_note"], room["voting_hidden"],
                          room["voting_revealed"], room["voting_target"])
    rows = conn.execute(select(NOTE).where(NOTE.c.room_id == room_id)
                        .order_by(NOTE.c.created, NOTE.c.id)).mappings()
    for n in rows:
        state.notes[n["id"]] = Note(n["id"], n["text"], n["color"], n["x"], n["y"],
                                    n["cluster_id"], n["author_id"], n["created"], n["updated"],
                                    n["author_group"], n["private"])
    for c in conn.execute(select(CLUSTER).where(CLUSTER.c.room_id == room_id)).mappings():
        state.clusters[c["id"]] = Cluster(c["id"], c["title"], c["x"], c["y"])
    for v in conn.execute(select(VOTE).where(VOTE.c.room_id == room_id)).mappings():
        state.votes.setdefault(v["participant_id"], {})[v["target_id"]] = v["count"]
    return state


def event_from_row(row: Any) -> Event:
    return Event(row["room_id"], row["seq"], row["op"], row["actor"], row["ts"],
                 orjson.loads(row["data"]))


def events_after(conn: Connection, room_id: str, after: int, upto: int | None = None) -> list[Event]:
    q = select(EVENT).where(EVENT.c.room_id == room_id, EVENT.c.seq > after)
    if upto is not None:
        q = q.where(EVENT.c.seq <= upto)
    return [event_from_row(r) for r in conn.execute(q.order_by(EVENT.c.seq)).mappings()]


def room_seq(conn: Connection, room_id: str, *, lock: bool = False) -> int | None:
    q = select(ROOM.c.seq).where(ROOM.c.id == room_id)
    if lock:
        q = q.with_for_update()
    return conn.execute(q).scalar()


def room_seqs(conn: Connection, room_ids: list[str], *, lock: bool = False) -> dict[str, int]:
    """Seqs of the rooms that exist among `room_ids`; locked in id order when asked."""
    q = select(ROOM.c.id, ROOM.c.seq).where(ROOM.c.id.in_(room_ids)).order_by(ROOM.c.id)
    if lock:
        q = q.with_for_update()
    return {r.id: r.seq for r in conn.execute(q)}
