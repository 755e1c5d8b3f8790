"""Reading a room's snapshots (saved at round ends and on demand)."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, select

from cocreate.store.tables import ROOM, SNAPSHOT


def snapshots_of_room(conn: Connection, room_id: str,
                      workshop_id: str) -> list[dict[str, Any]] | None:
    """Newest first; None when the room is not of that workshop."""
    found = conn.execute(select(ROOM.c.id).where(ROOM.c.id == room_id,
                                                 ROOM.c.workshop_id == workshop_id)).first()
    if found is None:
        return None
    rows = conn.execute(select(SNAPSHOT.c.id, SNAPSHOT.c.name, SNAPSHOT.c.seq, SNAPSHOT.c.created)
                        .where(SNAPSHOT.c.room_id == room_id)
                        .order_by(SNAPSHOT.c.created.desc(), SNAPSHOT.c.seq.desc()))
    return [{"id": r.id, "name": r.name, "seq": r.seq, "created": r.created} for r in rows]


def snapshot(conn: Connection, snapshot_id: str, workshop_id: str) -> dict[str, Any] | None:
    """The snapshot with its unredacted board; None unless it is of that workshop."""
    row = conn.execute(select(SNAPSHOT, ROOM.c.workshop_id)
                       .join(ROOM, ROOM.c.id == SNAPSHOT.c.room_id)
                       .where(SNAPSHOT.c.id == snapshot_id)).mappings().first()
    if row is None or row["workshop_id"] != workshop_id:
        return None
    return {"id": row["id"], "room": row["room_id"], "name": row["name"], "seq": row["seq"],
            "created": row["created"], "state": orjson.loads(row["state"])}
