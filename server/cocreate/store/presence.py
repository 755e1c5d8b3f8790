"""Who has a socket open in which room, across every process.

Each open socket is a row tagged with its process; each process beats every
few seconds, and rows of a process that stopped beating (killed, say) stop
counting after PROCESS_TIMEOUT_MS and are swept.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from cocreate.store.tables import OPEN_SOCKET, PARTICIPANT
from cocreate.store.tables import PROCESS_BEAT as BEAT
from cocreate.store.workshops import participant_of_row

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
        select(OPEN_SOCKET.c.room_id).where(OPEN_SOCKET.c.process_id.in_(dead)).distinct())]
    conn.execute(delete(OPEN_SOCKET).where(OPEN_SOCKET.c.process_id.in_(dead)))
    conn.execute(delete(BEAT).where(BEAT.c.id.in_(dead)))
    return rooms


# Built once: every welcome runs these, and building them cost more than
# running them (py-spy of a hall joining).
_LIVE = select(BEAT.c.id).where(BEAT.c.seen >= bindparam("since"))
_LOCK_PARTICIPANT = select(PARTICIPANT.c.id).where(
    PARTICIPANT.c.id == bindparam("participant_id")).with_for_update()
_OPEN_SOCKETS = select(func.count()).select_from(OPEN_SOCKET).where(
    OPEN_SOCKET.c.participant_id == bindparam("participant_id"),
    OPEN_SOCKET.c.process_id.in_(_LIVE))
_PRESENT_COUNT = select(func.count(func.distinct(OPEN_SOCKET.c.participant_id))).where(
    OPEN_SOCKET.c.room_id == bindparam("room_id"), OPEN_SOCKET.c.role == "participant",
    OPEN_SOCKET.c.process_id.in_(_LIVE))
_READY_COUNT = _PRESENT_COUNT.where(
    OPEN_SOCKET.c.participant_id.in_(bindparam("ready", expanding=True)))
_OPENED = insert(OPEN_SOCKET)


def open_sockets(conn: Connection, participant_id: str, now: int) -> int:
    """Sockets the participant has open on live processes; their row is locked
    first, so two processes admitting the same participant count in turn."""
    conn.execute(_LOCK_PARTICIPANT, {"participant_id": participant_id})
    count: int = conn.execute(_OPEN_SOCKETS, {"participant_id": participant_id,
                                              "since": now - PROCESS_TIMEOUT_MS}).scalar_one()
    return count


def opened(conn: Connection, socket_id: str, process_id: str, participant_id: str,
           room_id: str, now: int, role: str) -> None:
    conn.execute(_OPENED, {"id": socket_id, "process_id": process_id,
                           "participant_id": participant_id, "room_id": room_id,
                           "opened": now, "role": role})


def closed(conn: Connection, socket_id: str) -> None:
    conn.execute(delete(OPEN_SOCKET).where(OPEN_SOCKET.c.id == socket_id))


def forget_process(conn: Connection, process_id: str) -> None:
    conn.execute(delete(OPEN_SOCKET).where(OPEN_SOCKET.c.process_id == process_id))
    conn.execute(delete(BEAT).where(BEAT.c.id == process_id))


def ready_counts(conn: Connection, room_id: str, now: int, ready: set[str]) -> dict[str, int]:
    """`board.ready.ready_counts` of the room, counted by the database in one
    index (each welcome in a hall asks, and reading everyone present for two
    numbers costs a row each)."""
    names = {"room_id": room_id, "since": now - PROCESS_TIMEOUT_MS}
    of: int = conn.execute(_PRESENT_COUNT, names).scalar_one()
    done = 0
    wanted = sorted(ready)
    for at in range(0, len(wanted), 500):
        done += conn.execute(_READY_COUNT, {**names, "ready": wanted[at:at + 500]}).scalar_one()
    return {"done": done, "of": of}


def present(conn: Connection, room_id: str, now: int) -> list[dict[str, Any]]:
    """The protocol's P list of everyone with a live socket in the room."""
    live = select(BEAT.c.id).where(BEAT.c.seen >= now - PROCESS_TIMEOUT_MS)
    ids = select(OPEN_SOCKET.c.participant_id).where(
        OPEN_SOCKET.c.room_id == room_id, OPEN_SOCKET.c.process_id.in_(live))
    rows = conn.execute(select(PARTICIPANT).where(PARTICIPANT.c.id.in_(ids))
                        .order_by(PARTICIPANT.c.name, PARTICIPANT.c.id)).mappings()
    return [participant_of_row(r).as_dict() for r in rows]
