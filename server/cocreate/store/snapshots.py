"""Reading a room's snapshots (saved at round ends and on demand).

The stored row keeps the whole board (`BoardState.snapshot()`, what a restore
needs). A read hands back that board with what its redaction needs: the
workshop's author settings of now and, for a hidden vote the snapshot caught
closed and unrevealed, the tally its later `voting.reveal` published. The
redaction itself (`board.redaction.snapshot_view`) runs before anything leaves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, select

from cocreate.ids import looks_like_id
from cocreate.store.tables import EVENT_LOG, ROOM, SNAPSHOT, WORKSHOP

# The events that end the life of a vote session as a snapshot caught it:
# a reveal of it, or the start of another (`round.start` only with a vote).
_SESSION_OPS = ("voting.reveal", "voting.start", "round.start")


@dataclass(frozen=True)
class StoredSnapshot:
    """One snapshot row, unredacted, with what reading it needs."""

    id: str
    room: str
    name: str
    seq: int
    created: int
    state: dict[str, Any]  # the whole board as stored: never sent as it is
    authors: str  # the workshop's `authors` now
    facilitator_sees_authors: bool  # and its `facilitator_sees_authors` now
    # What `voting.reveal` published of the hidden vote the snapshot caught, if
    # that very session was revealed after it; None otherwise.
    revealed_tally: dict[str, int] | None
    # The same for a matrix vote's `results`.
    revealed_results: dict[str, Any] | None = None

    def meta(self) -> dict[str, Any]:
        return {"id": self.id, "room": self.room, "name": self.name, "seq": self.seq,
                "created": self.created}


def snapshots_of_room(conn: Connection, room_id: str,
                      workshop_id: str) -> list[dict[str, Any]] | None:
    """Newest first, names only (no board); None when the room is not of that workshop."""
    if not looks_like_id(room_id):
        return None
    found = conn.execute(select(ROOM.c.id).where(ROOM.c.id == room_id,
                                                 ROOM.c.workshop_id == workshop_id)).first()
    if found is None:
        return None
    rows = conn.execute(select(SNAPSHOT.c.id, SNAPSHOT.c.name, SNAPSHOT.c.seq, SNAPSHOT.c.created)
                        .where(SNAPSHOT.c.room_id == room_id)
                        .order_by(SNAPSHOT.c.created.desc(), SNAPSHOT.c.seq.desc()))
    return [{"id": r.id, "name": r.name, "seq": r.seq, "created": r.created} for r in rows]


def revealed_after(conn: Connection, room_id: str, seq: int) -> dict[str, int] | None:
    """The tally of the `voting.reveal` of the vote session current at `seq`, if the
    room's first session event after `seq` is that reveal; None otherwise."""
    data = _reveal_after(conn, room_id, seq)
    tally = None if data is None else data.get("tally")
    return tally if isinstance(tally, dict) else None


def _reveal_after(conn: Connection, room_id: str, seq: int) -> dict[str, Any] | None:
    """The data of that `voting.reveal`, or None."""
    rows = conn.execute(select(EVENT_LOG.c.op, EVENT_LOG.c.data)
                        .where(EVENT_LOG.c.room_id == room_id, EVENT_LOG.c.seq > seq,
                               EVENT_LOG.c.op.in_(_SESSION_OPS))
                        .order_by(EVENT_LOG.c.seq))
    for row in rows:
        data = orjson.loads(row.data)
        if row.op == "round.start" and data.get("voting") is None:
            continue  # a round without a vote leaves the session as it was
        if row.op != "voting.reveal":
            return None
        return data if isinstance(data, dict) else None
    return None


def snapshot(conn: Connection, snapshot_id: str, workshop_id: str) -> StoredSnapshot | None:
    """The snapshot, unredacted, with its workshop's settings; None unless it is of
    that workshop."""
    if not looks_like_id(snapshot_id):
        return None
    row = conn.execute(select(SNAPSHOT, ROOM.c.workshop_id, WORKSHOP.c.authors,
                              WORKSHOP.c.facilitator_sees_authors)
                       .join(ROOM, ROOM.c.id == SNAPSHOT.c.room_id)
                       .join(WORKSHOP, WORKSHOP.c.id == ROOM.c.workshop_id)
                       .where(SNAPSHOT.c.id == snapshot_id)).mappings().first()
    if row is None or row["workshop_id"] != workshop_id:
        return None
    state: dict[str, Any] = orjson.loads(row["state"])
    voting = state.get("voting") or {}
    reveal = None
    if voting.get("hidden") and not voting.get("revealed") and voting.get("status") == "closed":
        reveal = _reveal_after(conn, row["room_id"], row["seq"])
    tally = None if reveal is None else reveal.get("tally")
    results = None if reveal is None else reveal.get("results")
    return StoredSnapshot(row["id"], row["room_id"], row["name"], row["seq"], row["created"],
                          state, row["authors"], bool(row["facilitator_sees_authors"]),
                          tally if isinstance(tally, dict) else None,
                          results if isinstance(results, dict) else None)


def room_snapshot(conn: Connection, snapshot_id: str, room_id: str) -> dict[str, Any] | None:
    """A snapshot of that room as a restore reads it (`board.rule.Context.snapshot`)."""
    if not looks_like_id(snapshot_id):
        return None
    row = conn.execute(select(SNAPSHOT.c.id, SNAPSHOT.c.name, SNAPSHOT.c.state)
                       .where(SNAPSHOT.c.id == snapshot_id,
                              SNAPSHOT.c.room_id == room_id)).first()
    if row is None:
        return None
    return {"id": row.id, "name": row.name, "state": orjson.loads(row.state)}
