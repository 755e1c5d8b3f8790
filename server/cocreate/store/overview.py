"""The facilitator's all-rooms overview: counts per room, read in one go.

Archived rooms are left out. `present.participants` names who is connected
where, so the console needs no socket in every room (a socket there would
list the facilitator among every room's people). A room's preview (its board
in small, `board.preview`) is built only for rooms whose seq differs from the
one the watching socket last got a preview at: boards come from this
process's cache, so an unchanged room costs nothing.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, and_, func, select

from cocreate.board.preview import preview
from cocreate.board.state import Timer
from cocreate.store.board_cache import BoardCache
from cocreate.store.presence import PROCESS_TIMEOUT_MS
from cocreate.store.tables import CLUSTER, NOTE, OPEN_SOCKET, PARTICIPANT, ROOM, SCORE, VOTE
from cocreate.store.tables import EVENT_LOG as EVENT
from cocreate.store.tables import PROCESS_BEAT as BEAT


def _counts(conn: Connection, table: Any, value: Any, workshop_id: str) -> dict[str, int]:
    q = (select(table.c.room_id, value).join(ROOM, ROOM.c.id == table.c.room_id)
         .where(ROOM.c.workshop_id == workshop_id).group_by(table.c.room_id))
    return {r[0]: int(r[1] or 0) for r in conn.execute(q)}


def overview(conn: Connection, workshop_id: str, now: int, cache: BoardCache | None = None,
             known: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """Every O of the workshop; with a `cache`, a `preview` in each room whose
    seq is not the one `known` maps it to."""
    rooms = conn.execute(
        select(ROOM.c.id, ROOM.c.name, ROOM.c.plenary, ROOM.c.seq, ROOM.c.timer_status,
               ROOM.c.timer_label, ROOM.c.timer_duration_ms, ROOM.c.timer_ends_at,
               ROOM.c.timer_remaining_ms, ROOM.c.voting_status, ROOM.c.voting_hidden,
               ROOM.c.voting_revealed, ROOM.c.ready, EVENT.c.ts)
        .outerjoin(EVENT, and_(EVENT.c.room_id == ROOM.c.id, EVENT.c.seq == ROOM.c.seq))
        .where(ROOM.c.workshop_id == workshop_id, ROOM.c.archived.is_(False))
        .order_by(ROOM.c.position, ROOM.c.id)).all()
    notes = _counts(conn, NOTE, func.count(), workshop_id)
    clusters = _counts(conn, CLUSTER, func.count(), workshop_id)
    votes = _counts(conn, VOTE, func.sum(VOTE.c.count), workshop_id)
    # A matrix vote's progress: one per person and note scored (never which or how).
    for room_id, n in _counts(conn, SCORE, func.count(), workshop_id).items():
        votes[room_id] = votes.get(room_id, 0) + n
    live = select(BEAT.c.id).where(BEAT.c.seen >= now - PROCESS_TIMEOUT_MS)
    present = conn.execute(
        select(OPEN_SOCKET.c.room_id, PARTICIPANT.c.id, PARTICIPANT.c.group, PARTICIPANT.c.site,
               PARTICIPANT.c.role)
        .join(PARTICIPANT, PARTICIPANT.c.id == OPEN_SOCKET.c.participant_id)
        .where(PARTICIPANT.c.workshop_id == workshop_id, OPEN_SOCKET.c.process_id.in_(live))
        .distinct()).all()
    people: dict[str, dict[str, Any]] = {}
    for room_id, pid, group, site, role in present:
        if role != "participant":
            continue  # facilitators visit rooms and walls watch them: not the room's people
        entry = people.setdefault(room_id, {"total": 0, "remote": 0, "groups": {},
                                            "participants": []})
        entry["participants"].append(pid)
        entry["total"] += 1
        entry["remote"] += site == "remote"
        key = group or "—"
        entry["groups"][key] = entry["groups"].get(key, 0) + 1
    for entry in people.values():
        entry["participants"].sort()  # the overview is resent only when it changed
    out = []
    for r in rooms:
        here = people.get(r.id, {"total": 0, "remote": 0, "groups": {}, "participants": []})
        done = set(orjson.loads(r.ready or "[]")) & set(here["participants"])
        room: dict[str, Any] = {
            "id": r.id, "name": r.name, "plenary": r.plenary, "seq": r.seq,
            "notes": notes.get(r.id, 0), "clusters": clusters.get(r.id, 0),
            "votes": votes.get(r.id, 0), "last_activity": r.ts,
            "timer": r.timer_status, "voting": r.voting_status,
            "clock": Timer.from_dict({
                "status": r.timer_status, "label": r.timer_label,
                "duration_ms": r.timer_duration_ms, "ends_at": r.timer_ends_at,
                "remaining_ms": r.timer_remaining_ms}).event_data(),
            "hidden_vote": bool(r.voting_status != "idle" and r.voting_hidden
                                and not r.voting_revealed),
            "ready": {"done": len(done), "of": here["total"]},
            "present": here}
        if cache is not None and (known or {}).get(r.id) != r.seq:
            room["preview"] = preview(cache.current(conn, r.id, r.seq))
        out.append(room)
    return out
