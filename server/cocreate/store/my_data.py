"""What is stored about one participant, for them to download (GET /api/me/data).

Only their own rows and entries: notes they wrote (copies in other rooms too),
their votes, scores and ready state, their commitments and progress entries on
actions, the boundary challenges they proposed, the hackathon's pitches they hold,
their team, the pitches they would join and (a juror's) scores. Nothing about anyone else.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, select

from cocreate.store.tables import (
    ACTION,
    EVENT_LOG,
    JURY_SCORE,
    NOTE,
    PARTICIPANT,
    PITCH,
    ROOM,
    SCORE,
    TEAM_MEMBER,
    TEAM_PREFERENCE,
    VOTE,
    WORKSHOP,
)


def my_data(conn: Connection, participant_id: str) -> dict[str, Any] | None:
    me = conn.execute(select(PARTICIPANT).where(PARTICIPANT.c.id == participant_id)
                      ).mappings().first()
    if me is None:
        return None
    workshop_id = me["workshop_id"]
    title = conn.execute(select(WORKSHOP.c.title).where(WORKSHOP.c.id == workshop_id)).scalar()
    rooms = {r.id: r for r in conn.execute(select(ROOM.c.id, ROOM.c.name, ROOM.c.ready)
                                           .where(ROOM.c.workshop_id == workshop_id))}
    room_ids = list(rooms)

    def room(room_id: str) -> dict[str, str]:
        return {"id": room_id, "name": rooms[room_id].name if room_id in rooms else ""}

    notes = conn.execute(select(NOTE).where(NOTE.c.room_id.in_(room_ids),
                                            NOTE.c.author_id == participant_id)
                         .order_by(NOTE.c.created, NOTE.c.id)).mappings().all()
    votes = conn.execute(select(VOTE).where(VOTE.c.room_id.in_(room_ids),
                                            VOTE.c.participant_id == participant_id)).all()
    scores = conn.execute(select(SCORE).where(SCORE.c.room_id.in_(room_ids),
                                              SCORE.c.participant_id == participant_id)).all()
    actions = conn.execute(select(ACTION).where(ACTION.c.workshop_id == workshop_id)
                           .order_by(ACTION.c.created, ACTION.c.id)).mappings().all()
    return {
        "workshop": {"id": workshop_id, "title": title},
        "participant": {"id": me["id"], "name": me["name"], "role": me["role"],
                        "group": me["group"], "organisation": me["organisation"],
                        "site": me["site"], "room": room(me["room_id"]),
                        "joined": me["created"]},
        "notes": [{"id": n["id"], "room": room(n["room_id"]), "text": n["text"],
                   "color": n["color"], "private": n["private"], "created": n["created"],
                   "updated": n["updated"],
                   "copy_of": None if n["source_note"] is None
                   else {"room": n["source_room"], "note": n["source_note"]}}
                  for n in notes],
        "votes": [{"room": room(v.room_id), "target": v.target_id, "count": v.count}
                  for v in votes],
        "scores": [{"room": room(s.room_id), "note": s.target_id,
                    "scores": [s.first, s.second]} for s in scores],
        "ready_in": [room(r.id) for r in rooms.values()
                     if participant_id in orjson.loads(r.ready or "[]")],
        "actions": _my_actions(actions, participant_id),
        "challenges": _my_challenges(conn, room_ids, participant_id),
        "hackathon": _my_hackathon(conn, workshop_id, participant_id),
    }


def _my_hackathon(conn: Connection, workshop_id: str, participant_id: str) -> dict[str, Any]:
    held = conn.execute(select(PITCH.c.id, PITCH.c.title, PITCH.c.text).where(
        PITCH.c.workshop_id == workshop_id, PITCH.c.holder_id == participant_id)
        .order_by(PITCH.c.created)).all()
    team = conn.execute(select(TEAM_MEMBER.c.pitch_id).where(
        TEAM_MEMBER.c.workshop_id == workshop_id,
        TEAM_MEMBER.c.participant_id == participant_id)).scalar()
    prefers = conn.execute(select(TEAM_PREFERENCE.c.pitches).where(
        TEAM_PREFERENCE.c.workshop_id == workshop_id,
        TEAM_PREFERENCE.c.participant_id == participant_id)).scalar()
    scores = conn.execute(select(JURY_SCORE.c.pitch_id, JURY_SCORE.c.scores).where(
        JURY_SCORE.c.workshop_id == workshop_id, JURY_SCORE.c.juror_id == participant_id)
        .order_by(JURY_SCORE.c.pitch_id)).all()
    return {"pitches": [{"id": p.id, "title": p.title, "text": p.text} for p in held],
            "team": team, "prefers": orjson.loads(prefers) if prefers else [],
            "jury_scores": [{"pitch": s.pitch_id, "scores": orjson.loads(s.scores)}
                            for s in scores]}


def _my_actions(actions: Any, participant_id: str) -> list[dict[str, Any]]:
    """Each action they added, committed their group to or reported progress on:
    only their own commitments and entries."""
    out = []
    for a in actions:
        commits = [{"group": c.get("group"), "ts": c.get("ts")}
                   for c in orjson.loads(a["commits"]) if c.get("participant") == participant_id]
        progress = [{k: p.get(k) for k in ("text", "percent", "ts")}
                    for p in orjson.loads(a["progress"]) if p.get("participant") == participant_id]
        added = a["author_id"] == participant_id
        if commits or progress or added:
            out.append({"id": a["id"], "title": a["title"], "added_by_you": added,
                        "commitments": commits, "progress": progress})
    return out


def _my_challenges(conn: Connection, room_ids: list[str],
                   participant_id: str) -> list[dict[str, Any]]:
    """Proposals to push a boundary they sent (each room's log holds a copy)."""
    rows = conn.execute(select(EVENT_LOG.c.data).where(
        EVENT_LOG.c.room_id.in_(room_ids), EVENT_LOG.c.op == "constraint.challenge",
        EVENT_LOG.c.actor == participant_id).order_by(EVENT_LOG.c.ts)).scalars()
    found: dict[str, dict[str, Any]] = {}
    for raw in rows:
        d = orjson.loads(raw)
        found.setdefault(d["id"], {k: d.get(k) for k in ("id", "boundary", "text", "created")})
    return list(found.values())


def role_of(conn: Connection, workshop_id: str, participant_id: str) -> str | None:
    """The role of a participant of that workshop; None for anyone else."""
    role: str | None = conn.execute(select(PARTICIPANT.c.role).where(
        PARTICIPANT.c.id == participant_id, PARTICIPANT.c.workshop_id == workshop_id)).scalar()
    return role
