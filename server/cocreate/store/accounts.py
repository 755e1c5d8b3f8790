"""Workshops, participants and tokens."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from cocreate.board.views import Disclosure
from cocreate.store import tables as t
from cocreate.store.transaction import new_id
from cocreate.tokens import new_join_code, new_token, normalise_join_code, token_hash

WORKSHOP = t.Workshop.__table__
ROOM = t.Room.__table__
PARTICIPANT = t.Participant.__table__

DEFAULT_GROUPS = [
    "Public administration",
    "NGO / civil society",
    "Private sector",
    "Labour union",
    "Political representative",
    "Citizen / end user",
]


@dataclass(frozen=True)
class Member:
    """A participant as the socket layer knows it after authentication."""

    id: str
    workshop_id: str
    name: str
    role: str
    group: str | None
    organisation: str | None
    site: str
    room_id: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "group": self.group, "role": self.role,
                "room": self.room_id, "organisation": self.organisation, "site": self.site}


def _now() -> int:
    return int(time.time() * 1000)


def _member(row: Any) -> Member:
    return Member(row["id"], row["workshop_id"], row["name"], row["role"], row["group"],
                  row["organisation"], row["site"], row["room_id"])


def create_workshop(conn: Connection, *, title: str, challenge: str, constraints: list[str],
                    groups: list[str], authors: str, facilitator_name: str) -> dict[str, Any]:
    workshop_id, room_id, facilitator_id = new_id(), new_id(), new_id()
    token = new_token()
    now = _now()
    for _ in range(20):
        code = new_join_code()
        try:
            with conn.begin_nested():
                conn.execute(insert(WORKSHOP).values(
                    id=workshop_id, title=title, challenge=challenge,
                    constraints=orjson.dumps(constraints).decode(),
                    groups=orjson.dumps(groups).decode(), authors=authors, join_code=code,
                    plenary_room_id=room_id, created=now))
            break
        except IntegrityError:
            continue  # join code taken by a live workshop; draw again
    else:
        raise RuntimeError("could not draw a free join code")
    conn.execute(insert(ROOM).values(id=room_id, workshop_id=workshop_id, name="Plenary",
                                     plenary=True, position=0))
    conn.execute(insert(PARTICIPANT).values(
        id=facilitator_id, workshop_id=workshop_id, name=facilitator_name, role="facilitator",
        room_id=room_id, token_hash=token_hash(token), created=now))
    return {"workshop_id": workshop_id, "join_code": code, "plenary_room_id": room_id,
            "facilitator": {"participant_id": facilitator_id, "token": token}}


def workshop_by_code(conn: Connection, code: str) -> Any:
    return conn.execute(select(WORKSHOP).where(
        WORKSHOP.c.join_code == normalise_join_code(code), WORKSHOP.c.closed.is_(False))
    ).mappings().first()


def join(conn: Connection, workshop: Any, *, name: str, group: str | None,
         organisation: str | None, role: str, site: str) -> dict[str, Any]:
    pid = new_id()
    token = new_token()
    conn.execute(insert(PARTICIPANT).values(
        id=pid, workshop_id=workshop["id"], name=name, role=role, group=group,
        organisation=organisation, site=site, room_id=workshop["plenary_room_id"],
        token_hash=token_hash(token), created=_now()))
    return {"participant_id": pid, "token": token, "workshop_id": workshop["id"],
            "room_id": workshop["plenary_room_id"]}


def member_by_token(conn: Connection, token: str) -> Member | None:
    row = conn.execute(select(PARTICIPANT).where(PARTICIPANT.c.token_hash == token_hash(token))
                       ).mappings().first()
    return _member(row) if row else None


def member_by_id(conn: Connection, participant_id: str) -> Member | None:
    row = conn.execute(select(PARTICIPANT).where(PARTICIPANT.c.id == participant_id)
                       ).mappings().first()
    return _member(row) if row else None


def workshop_dict(conn: Connection, workshop_id: str) -> dict[str, Any] | None:
    """The protocol's W shape."""
    w = conn.execute(select(WORKSHOP).where(WORKSHOP.c.id == workshop_id)).mappings().first()
    if w is None:
        return None
    rooms = conn.execute(select(ROOM.c.id, ROOM.c.name, ROOM.c.plenary)
                         .where(ROOM.c.workshop_id == workshop_id)
                         .order_by(ROOM.c.position, ROOM.c.id)).all()
    return {
        "id": w["id"], "title": w["title"], "challenge": w["challenge"],
        "constraints": orjson.loads(w["constraints"]), "groups": orjson.loads(w["groups"]),
        "authors": w["authors"], "facilitator_sees_authors": w["facilitator_sees_authors"],
        "join_code": w["join_code"], "plenary_room_id": w["plenary_room_id"],
        "rooms": [{"id": r.id, "name": r.name, "plenary": r.plenary} for r in rooms],
    }


def disclosure(conn: Connection, workshop_id: str) -> Disclosure:
    row = conn.execute(select(WORKSHOP.c.authors, WORKSHOP.c.facilitator_sees_authors)
                       .where(WORKSHOP.c.id == workshop_id)).first()
    return Disclosure(row.authors, row.facilitator_sees_authors) if row else Disclosure()


def room_of_workshop(conn: Connection, room_id: str, workshop_id: str) -> Any:
    return conn.execute(select(ROOM.c.id, ROOM.c.name, ROOM.c.plenary).where(
        ROOM.c.id == room_id, ROOM.c.workshop_id == workshop_id)).first()
