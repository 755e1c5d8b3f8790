"""Series of workshops and follow-up links in the database (rules: board/series.py).

A series row names no workshop; its events name it by `workshop.series_id`, and
carried actions are rows of the event they were carried into. Deleting every
row of one workshop therefore leaves the series, the other events and their
actions as they are.
"""

from __future__ import annotations

import time
from typing import Any

import orjson
from sqlalchemy import Connection, delete, insert, select, update

from cocreate.board import series as rules
from cocreate.board.actions import Action, date_of
from cocreate.ids import looks_like_id, new_id, new_token, token_hash
from cocreate.store import workshops
from cocreate.store.reads import load_actions
from cocreate.store.tables import (
    ACTION,
    FOLLOWUP_LINK,
    ROOM,
    SERIES,
    WORKSHOP,
)


def _now() -> int:
    return int(time.time() * 1000)


def _action_row(workshop_id: str, action: Action) -> dict[str, Any]:
    d = action.as_dict()
    return {"id": action.id, "workshop_id": workshop_id, "title": d["title"],
            "owner_group": d["owner_group"], "owner_org": d["owner_org"],
            "owner_person": d["owner_person"], "parties": orjson.dumps(d["parties"]).decode(),
            "source": None, "due": d["due"], "status": d["status"], "percent": d["percent"],
            "commits": orjson.dumps(d["commits"]).decode(),
            "progress": orjson.dumps(d["progress"]).decode(), "author_id": None,
            "created": d["created"], "updated": d["updated"],
            "series_action": d["series_action"]}


def create_next_event(conn: Connection, previous_id: str, settings: dict[str, Any],
                      facilitator_name: str, organiser_id: str | None,
                      retention_days: int | None = None) -> dict[str, Any]:
    """The next event of the series `previous_id` is in (a series starts with it if it
    is in none): a new workshop with the previous one's open actions carried in and a
    plenary agenda that starts by reviewing them."""
    previous = conn.execute(select(WORKSHOP.c.title, WORKSHOP.c.series_id,
                                   WORKSHOP.c.organiser_id)
                            .where(WORKSHOP.c.id == previous_id)).one()
    now = _now()
    series_id = previous.series_id
    if series_id is None:
        series_id = new_id()
        conn.execute(insert(SERIES).values(id=series_id, created=now,
                                           organiser_id=previous.organiser_id or organiser_id))
        conn.execute(update(WORKSHOP).where(WORKSHOP.c.id == previous_id)
                     .values(series_id=series_id))
    made = workshops.create_workshop(conn, settings, facilitator_name, organiser_id,
                                     retention_days)
    workshop_id = made["workshop_id"]
    conn.execute(update(WORKSHOP).where(WORKSHOP.c.id == workshop_id)
                 .values(series_id=series_id))
    language = settings["language"]
    rows = [_action_row(workshop_id, rules.carried(a, new_id(), now + i, previous.title,
                                                   language))
            for i, a in enumerate(a for a in load_actions(conn, previous_id).values()
                                  if rules.is_open(a))]
    if rows:
        conn.execute(insert(ACTION), rows)
    agenda = [rules.review_round(language, new_id())]
    conn.execute(update(ROOM).where(ROOM.c.id == made["plenary_room_id"])
                 .values(agenda=orjson.dumps(agenda).decode()))
    made["series_id"] = series_id
    return made


def series_of_workshop(conn: Connection, workshop_id: str) -> str | None:
    series_id: str | None = conn.execute(select(WORKSHOP.c.series_id)
                                         .where(WORKSHOP.c.id == workshop_id)).scalar()
    return series_id


def series_readable(conn: Connection, series_id: str, facilitator_workshop: str | None,
                    organiser_id: str | None) -> bool | None:
    """None when there is no such series; otherwise whether a facilitator of
    `facilitator_workshop`, or the organiser `organiser_id`, may read it."""
    if not looks_like_id(series_id):
        return None
    owner = conn.execute(select(SERIES.c.id, SERIES.c.organiser_id)
                         .where(SERIES.c.id == series_id)).first()
    if owner is None:
        return None
    events = conn.execute(select(WORKSHOP.c.id, WORKSHOP.c.organiser_id)
                          .where(WORKSHOP.c.series_id == series_id)).all()
    if facilitator_workshop is not None and any(e.id == facilitator_workshop for e in events):
        return True
    return organiser_id is not None and (owner.organiser_id == organiser_id
                                         or any(e.organiser_id == organiser_id for e in events))


def series_page(conn: Connection, series_id: str) -> dict[str, Any]:
    rows = conn.execute(select(WORKSHOP.c.id, WORKSHOP.c.title, WORKSHOP.c.created,
                               WORKSHOP.c.closed)
                        .where(WORKSHOP.c.series_id == series_id)
                        .order_by(WORKSHOP.c.created, WORKSHOP.c.id)).all()
    events = [{"id": r.id, "title": r.title, "date": date_of(r.created),
               "status": "closed" if r.closed else "open"} for r in rows]
    actions = {r.id: list(load_actions(conn, r.id).values()) for r in rows}
    return rules.series_view(series_id, events, actions)


def issue_followup(conn: Connection, workshop_id: str) -> str:
    """A new follow-up token for the workshop; the one before stops working."""
    token = new_token()
    conn.execute(delete(FOLLOWUP_LINK).where(FOLLOWUP_LINK.c.workshop_id == workshop_id))
    conn.execute(insert(FOLLOWUP_LINK).values(workshop_id=workshop_id,
                                              token_hash=token_hash(token), created=_now()))
    return token


def revoke_followup(conn: Connection, workshop_id: str) -> None:
    conn.execute(delete(FOLLOWUP_LINK).where(FOLLOWUP_LINK.c.workshop_id == workshop_id))


def followup(conn: Connection, token: str) -> dict[str, Any] | None:
    """What the follow-up link `token` shows, or None for a token that is not (or no
    longer) a link of a workshop that exists."""
    workshop_id = conn.execute(select(FOLLOWUP_LINK.c.workshop_id)
                               .where(FOLLOWUP_LINK.c.token_hash == token_hash(token))).scalar()
    workshop = workshops.workshop_dict(conn, workshop_id) if workshop_id else None
    if workshop is None:
        return None
    return rules.followup_view(workshop, list(load_actions(conn, workshop["id"]).values()))

