"""Deleting workshops with every row that belongs to them, and reclaiming the space.

Rows belong to a workshop by convention: a table's `workshop_id`, `room_id` or
`participant_id` column names the workshop, one of its rooms, or one of its
participants. Every table of the schema is deleted from by whichever of those columns
it has, children before parents, so a table added later is covered without a change
here (tests/integration/test_lifecycle_purge.py scans every table to prove it). What
stays is one `workshop_deletion` row: the id and the dates, nothing personal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, and_, delete, func, insert, select
from sqlmodel import SQLModel

from cocreate.board import lifecycle
from cocreate.store.engine import write_transaction
from cocreate.store.tables import EVENT_LOG, PARTICIPANT, ROOM, WORKSHOP, WORKSHOP_DELETION

OWNER_COLUMNS = ("workshop_id", "room_id", "participant_id")
CHUNK = 500  # ids in one IN (...): far below SQLite's bound on parameters
REASONS = ("expired", "deleted")


@dataclass
class Deleted:
    """What one deletion removed: the ids (for the Redis keys) and rows per table."""

    workshop_id: str
    ids: set[str] = field(default_factory=set)
    rows: dict[str, int] = field(default_factory=dict)


def due(conn: Connection, now: int, default_days: int) -> list[str]:
    """Ids of the workshops whose retention has run out (board.lifecycle.expired)."""
    # A room's last event is the one at its seq: read through the log's key, not a scan.
    last = (select(ROOM.c.workshop_id, func.max(EVENT_LOG.c.ts).label("last"))
            .join(EVENT_LOG, and_(EVENT_LOG.c.room_id == ROOM.c.id,
                                  EVENT_LOG.c.seq == ROOM.c.seq))
            .group_by(ROOM.c.workshop_id).subquery())
    rows = conn.execute(select(WORKSHOP.c.id, WORKSHOP.c.created, WORKSHOP.c.closed,
                               WORKSHOP.c.closed_at, WORKSHOP.c.retention_days, last.c.last)
                        .outerjoin(last, last.c.workshop_id == WORKSHOP.c.id)
                        .order_by(WORKSHOP.c.id))
    return [r.id for r in rows
            if lifecycle.expired(r.created, r.closed_at if r.closed else None, r.last,
                                 r.retention_days or default_days, now)]


def delete_due(engine: Engine, now: int, default_days: int) -> list[Deleted]:
    """Delete every expired workshop, each in a transaction of its own: a failure part-way
    leaves whole workshops, never half of one."""
    with write_transaction(engine) as conn:
        ids = due(conn, now, default_days)
    out = []
    for workshop_id in ids:
        with write_transaction(engine) as conn:
            deleted = delete_workshop(conn, workshop_id, "expired", now)
        if deleted is not None:
            out.append(deleted)
    return out


def delete_workshop(conn: Connection, workshop_id: str, reason: str,
                    now: int) -> Deleted | None:
    """Delete the workshop and everything of it, in the caller's transaction; None if
    there is no such workshop (another process deleted it first)."""
    assert reason in REASONS, reason
    w = conn.execute(select(WORKSHOP.c.created, WORKSHOP.c.closed, WORKSHOP.c.closed_at)
                     .where(WORKSHOP.c.id == workshop_id).with_for_update()).first()
    if w is None:
        return None
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        # Freed pages are overwritten with zeros, not left for a file reader to find.
        conn.exec_driver_sql("PRAGMA secure_delete=ON")
    owners = {
        "workshop_id": {workshop_id},
        "room_id": set(conn.execute(select(ROOM.c.id).where(
            ROOM.c.workshop_id == workshop_id)).scalars()),
        "participant_id": set(conn.execute(select(PARTICIPANT.c.id).where(
            PARTICIPANT.c.workshop_id == workshop_id)).scalars()),
    }
    deleted = Deleted(workshop_id, set().union(*owners.values()))
    for table in reversed(SQLModel.metadata.sorted_tables):
        n = _delete_owned(conn, table, owners)
        if n:
            deleted.rows[table.name] = n
    # Encounters name two participants (a < b) under the workshop's id: deleted above.
    deleted.rows["workshop"] = conn.execute(
        delete(WORKSHOP).where(WORKSHOP.c.id == workshop_id)).rowcount
    conn.execute(insert(WORKSHOP_DELETION).values(
        workshop_id=workshop_id, created=w.created,
        closed=w.closed_at if w.closed else None, deleted=now, reason=reason))
    if sqlite:
        conn.exec_driver_sql("PRAGMA secure_delete=OFF")
    return deleted


def _delete_owned(conn: Connection, table: Table, owners: dict[str, set[str]]) -> int:
    if table.name in ("workshop", "workshop_deletion"):
        return 0
    columns = [c for c in OWNER_COLUMNS if c in table.c and owners[c]]
    n = 0
    for column in columns:
        for chunk in _chunks(sorted(owners[column])):
            n += conn.execute(delete(table).where(table.c[column].in_(chunk))).rowcount
    return n


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def reclaim(engine: Engine) -> None:
    """Give the deleted rows' space back: SQLite `VACUUM` (rewrites the file without the
    freed pages) and a checkpoint that empties the write-ahead log of the old pages;
    PostgreSQL `VACUUM`, which needs to run outside a transaction."""
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()  # autocommit: the engine issues BEGIN itself, not here
            cur.execute("VACUUM")
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.close()
        finally:
            raw.close()
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM")


def deletion_record(conn: Connection, workshop_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(WORKSHOP_DELETION).where(
        WORKSHOP_DELETION.c.workshop_id == workshop_id)).mappings().first()
    return dict(row) if row else None

