"""Who has a socket open in which room, across every process.

Each open socket is a row tagged with its process; each process beats every
few seconds, and rows of a process that stopped beating (killed, say) stop
counting after PROCESS_TIMEOUT_MS and are swept.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from cocreate.store import tables as t

CONNECTION = t.Connection.__table__
BEAT = t.ProcessBeat.__table__
PARTICIPANT = t.Participant.__table__

PROCESS_TIMEOUT_MS = 25_000


def beat(conn: Connection, process_id: str, now: int) -> list[str]:
    """Record this process as alive; sweep dead ones. Returns rooms that lost people."""
    if conn.execute(update(BEAT).where(BEAT.c.id == process_id).values(seen=now)).rowcount == 0:
        conn.execute(insert(BEAT).values(id=process_id, seen=now))
    dead = [r.id for r in conn.execute(select(BEAT.c.id).where(
        BEAT.c.seen < now - PROCESS_TIMEOUT_MS))]
    if not dead:
        return []
    rooms = [r.room_id for r in conn.execute(
        select(CONNECTION.c.room_id).where(CONNECTION.c.process_id.in_(dead)).distinct())]
    conn.execute(delete(CONNECTION).where(CONNECTION.c.process_id.in_(dead)))
    conn.execute(delete(BEAT).where(BEAT.c.id.in_(dead)))
    return rooms


def opened(conn: Connection, connection_id: str, process_id: str, participant_id: str,
           room_id: str, now: int) -> None:
    conn.execute(insert(CONNECTION).values(id=connection_id, process_id=process_id,
                                           participant_id=participant_id, room_id=room_id,
                                           opened=now))


def closed(conn: Connection, connection_id: str) -> None:
    conn.execute(delete(CONNECTION).where(CONNECTION.c.id == connection_id))


def forget_process(conn: Connection, process_id: str) -> None:
    conn.execute(delete(CONNECTION).where(CONNECTION.c.process_id == process_id))
    conn.execute(delete(BEAT).where(BEAT.c.id == process_id))


def present(conn: Connection, room_id: str, now: int) -> list[dict[str, Any]]:
    """The protocol's P list of everyone with a live socket in the room."""
    live = select(BEAT.c.id).where(BEAT.c.seen >= now - PROCESS_TIMEOUT_MS)
    ids = select(CONNECTION.c.participant_id).where(
        CONNECTION.c.room_id == room_id, CONNECTION.c.process_id.in_(live))
    rows = conn.execute(select(PARTICIPANT).where(PARTICIPANT.c.id.in_(ids))
                        .order_by(PARTICIPANT.c.name, PARTICIPANT.c.id)).mappings()
    return [{"id": r["id"], "name": r["name"], "group": r["group"], "role": r["role"],
             "room": r["room_id"], "organisation": r["organisation"], "site": r["site"]}
            for r in rows]
