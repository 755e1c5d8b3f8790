"""Writing an accepted event's rows, in the op's transaction."""

from __future__ import annotations

import orjson
from sqlalchemy import Connection, delete, insert, update

from cocreate.board.state import BoardState, Event
from cocreate.store import tables as t

ROOM = t.Room.__table__
NOTE = t.Note.__table__
CLUSTER = t.Cluster.__table__
VOTE = t.Vote.__table__
EVENT = t.EventLog.__table__
SNAPSHOT = t.Snapshot.__table__


def append_event(conn: Connection, event: Event) -> None:
    conn.execute(insert(EVENT).values(room_id=event.room, seq=event.seq, op=event.op,
                                      actor=event.actor, ts=event.ts,
                                      data=orjson.dumps(event.data).decode()))


def write_rows(conn: Connection, event: Event, state: BoardState) -> None:
    """The note, cluster and vote rows `event` changes (`state` is after it)."""
    d = event.data
    op = event.op
    room = event.room
    if op == "note.add":
        conn.execute(insert(NOTE).values(
            id=d["id"], room_id=room, text=d["text"], color=d["color"], x=d["x"], y=d["y"],
            cluster_id=d["cluster"], author_id=d["author"], author_group=d.get("author_group"),
            private=d.get("private", False), created=d["created"], updated=d["updated"]))
    elif op == "note.edit":
        conn.execute(update(NOTE).where(NOTE.c.id == d["id"])
                     .values(text=d["text"], color=d["color"], updated=d["updated"]))
    elif op == "note.move":
        conn.execute(update(NOTE).where(NOTE.c.id == d["id"]).values(x=d["x"], y=d["y"]))
    elif op == "note.delete":
        conn.execute(delete(NOTE).where(NOTE.c.id == d["id"]))
        conn.execute(delete(VOTE).where(VOTE.c.room_id == room, VOTE.c.target_id == d["id"]))
    elif op == "note.group":
        conn.execute(update(NOTE).where(NOTE.c.id == d["id"]).values(cluster_id=d["cluster"]))
    elif op == "cluster.add":
        conn.execute(insert(CLUSTER).values(id=d["id"], room_id=room, title=d["title"],
                                            x=d["x"], y=d["y"]))
        if d.get("notes"):
            conn.execute(update(NOTE).where(NOTE.c.id.in_(d["notes"]))
                         .values(cluster_id=d["id"]))
    elif op == "cluster.rename":
        conn.execute(update(CLUSTER).where(CLUSTER.c.id == d["id"]).values(title=d["title"]))
    elif op == "cluster.delete":
        conn.execute(delete(CLUSTER).where(CLUSTER.c.id == d["id"]))
        conn.execute(update(NOTE).where(NOTE.c.room_id == room, NOTE.c.cluster_id == d["id"])
                     .values(cluster_id=None))
        conn.execute(delete(VOTE).where(VOTE.c.room_id == room, VOTE.c.target_id == d["id"]))
    elif op in ("vote.add", "vote.remove"):
        count = state.votes.get(d["voter"], {}).get(d["note"], 0)
        where = (VOTE.c.room_id == room, VOTE.c.participant_id == d["voter"],
                 VOTE.c.target_id == d["note"])
        if count == 0:
            conn.execute(delete(VOTE).where(*where))
        elif conn.execute(update(VOTE).where(*where).values(count=count)).rowcount == 0:
            conn.execute(insert(VOTE).values(room_id=room, participant_id=d["voter"],
                                             target_id=d["note"], count=count))
    elif op == "voting.start" or (op == "round.start" and d.get("voting")):
        conn.execute(delete(VOTE).where(VOTE.c.room_id == room))
    elif op in ("round.end", "snapshot.save"):
        snap = d["snapshot"] if op == "round.end" else d
        conn.execute(insert(SNAPSHOT).values(id=snap["id"], room_id=room, name=snap["name"],
                                             seq=event.seq, created=event.ts,
                                             state=orjson.dumps(state.snapshot()).decode()))
    elif op == "notes.reveal":
        conn.execute(update(NOTE).where(NOTE.c.room_id == room, NOTE.c.private.is_(True))
                     .values(private=False))


def write_room(conn: Connection, state: BoardState) -> None:
    """The room row: its seq and the board's scalar state (lock, timer, voting)."""
    tm, v = state.timer, state.voting
    conn.execute(update(ROOM).where(ROOM.c.id == state.room_id).values(
        seq=state.seq, locked=state.locked, private_round=state.private_round,
        timer_status=tm.status, timer_label=tm.label, timer_duration_ms=tm.duration_ms,
        timer_ends_at=tm.ends_at, timer_remaining_ms=tm.remaining_ms,
        voting_status=v.status, voting_budget=v.budget, voting_max_per_note=v.max_per_note,
        voting_hidden=v.hidden, voting_revealed=v.revealed, voting_target=v.target,
        agenda=orjson.dumps(state.agenda).decode(), round_index=state.round_index))
