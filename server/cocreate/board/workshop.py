"""Workshop-level rules: rooms, moves between them, announcements.

Their events go to every room of the workshop; the store appends one copy to
each room's log in a single transaction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from cocreate.board import fields
from cocreate.board.errors import BoardError
from cocreate.board.state import Actor
from cocreate.board.types import Context

ANNOUNCE_MAX = 1000
ROOMS_MAX = 50
WORKSHOP_OPS = frozenset({"room.add", "room.assign", "rooms.split", "rooms.recall", "announce",
                          "workshop.settings"})
CHALLENGE_MAX = 5000
SETTINGS_KEYS = ("title", "challenge", "constraints", "groups", "authors",
                 "facilitator_sees_authors")


@dataclass(frozen=True)
class RoomInfo:
    id: str
    name: str
    plenary: bool

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "plenary": self.plenary}


@dataclass(frozen=True)
class Member:
    id: str
    role: str
    room: str
    group: str | None = None
    organisation: str | None = None


@dataclass
class WorkshopState:
    id: str
    plenary_room_id: str
    rooms: list[RoomInfo]
    members: list[Member]
    # title, challenge, constraints, groups, authors, facilitator_sees_authors
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class WorkshopChange:
    op: str
    data: dict[str, Any]
    new_rooms: list[RoomInfo] = field(default_factory=list)
    moves: dict[str, str] = field(default_factory=dict)


def _room_name(data: dict[str, Any]) -> str:
    return fields.text(data, "name", fields.TITLE_MAX, what="room name")


def decide_workshop(ws: WorkshopState, op: str, data: dict[str, Any], actor: Actor,
                    ctx: Context, rng: random.Random | None = None) -> WorkshopChange:
    if op not in WORKSHOP_OPS:
        raise BoardError("unknown_op", f"there is no op called {op!r}")
    if actor.role != "facilitator":
        raise BoardError("forbidden", f"only a facilitator may send {op}")
    if op == "room.add":
        room = RoomInfo(ctx.new_id(), _room_name(data), False)
        return WorkshopChange(op, {"room": room.as_dict()}, new_rooms=[room])
    if op == "room.assign":
        pid = fields.ident(data, "participant")
        room_id = fields.ident(data, "room")
        member = next((m for m in ws.members if m.id == pid), None)
        if member is None:
            raise BoardError("not_found", "no such participant in this workshop")
        if not any(r.id == room_id for r in ws.rooms):
            raise BoardError("not_found", "no such room in this workshop")
        return WorkshopChange(op, {"participant": pid, "room": room_id}, moves={pid: room_id})
    if op == "rooms.split":
        return _split(ws, data, ctx, rng or random.Random())
    if op == "rooms.recall":
        moves = {m.id: ws.plenary_room_id for m in ws.members
                 if m.role == "participant" and m.room != ws.plenary_room_id}
        return WorkshopChange(op, {"room": ws.plenary_room_id}, moves=moves)
    if op == "workshop.settings":
        return WorkshopChange(op, _settings(ws.settings, data))
    text = fields.text(data, "text", ANNOUNCE_MAX, what="announcement")
    return WorkshopChange(op, {"text": text})


def _settings(current: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The workshop's settings after the change; the event carries all of them."""
    out = {k: current.get(k) for k in SETTINGS_KEYS}
    if "title" in data:
        out["title"] = fields.text(data, "title", fields.TITLE_MAX, what="title").strip()
    if "challenge" in data:
        challenge = data["challenge"]
        if not isinstance(challenge, str):
            raise BoardError("bad_message", "'challenge' must be a string")
        if len(challenge) > CHALLENGE_MAX:
            raise BoardError("invalid", f"the challenge is limited to {CHALLENGE_MAX} characters")
        out["challenge"] = challenge.strip()
    for key, limit in (("constraints", 500), ("groups", fields.NAME_MAX)):
        if key in data:
            value = data[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise BoardError("bad_message", f"'{key}' must be a list of strings")
            value = [v.strip() for v in value if v.strip()]
            if len(value) > 50 or any(len(v) > limit for v in value):
                raise BoardError("invalid", f"'{key}': at most 50 items of {limit} characters")
            out[key] = value
    if "authors" in data:
        if data["authors"] not in ("named", "group", "hidden"):
            raise BoardError("invalid", "'authors' must be named, group or hidden")
        out["authors"] = data["authors"]
    if "facilitator_sees_authors" in data:
        out["facilitator_sees_authors"] = fields.boolean(data, "facilitator_sees_authors", True)
    return out


def _split(ws: WorkshopState, data: dict[str, Any], ctx: Context,
           rng: random.Random) -> WorkshopChange:
    from cocreate.board.mixing import MixingError, Person, split_rooms

    count = fields.integer(data, "count")
    strategy = data.get("strategy", "mix")
    if not isinstance(strategy, str):
        raise BoardError("bad_message", "'strategy' must be a string")
    if strategy not in ("mix", "random"):
        raise BoardError("invalid", "strategy must be 'mix' or 'random'")
    if not 1 <= count <= ROOMS_MAX:
        raise BoardError("invalid", f"split into 1 to {ROOMS_MAX} rooms")
    taken = len([r for r in ws.rooms if not r.plenary])
    rooms = [RoomInfo(ctx.new_id(), f"Room {taken + i + 1}", False) for i in range(count)]
    people = [Person(m.id, m.group, m.organisation) for m in ws.members if m.role == "participant"]
    try:
        assignments = split_rooms(people, [r.id for r in rooms], strategy, rng)  # type: ignore[arg-type]
    except MixingError as e:
        raise BoardError("invalid", str(e)) from None
    return WorkshopChange("rooms.split",
                          {"assignments": assignments, "rooms": [r.as_dict() for r in rooms]},
                          new_rooms=rooms, moves=dict(assignments))
