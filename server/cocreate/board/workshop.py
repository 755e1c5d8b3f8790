"""Workshop-level rules: rooms, moves between them, announcements, settings.

Their events go to every room of the workshop; the store appends one copy to
each room's log in a single transaction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from cocreate.board import validate
from cocreate.board.errors import BoardError
from cocreate.board.limits import ANNOUNCE_MAX, ROOMS_MAX, TITLE_MAX
from cocreate.board.mixing import STRATEGIES, MixingError, Person, split_rooms
from cocreate.board.participants import Participant
from cocreate.board.rule import Context
from cocreate.board.settings import changed_settings
from cocreate.board.state import Actor

WORKSHOP_OPS = frozenset({"room.add", "room.assign", "rooms.split", "rooms.recall", "announce",
                          "workshop.settings", "participant.remove"})


@dataclass(frozen=True)
class RoomInfo:
    id: str
    name: str
    plenary: bool

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "plenary": self.plenary}


@dataclass
class WorkshopState:
    id: str
    plenary_room_id: str
    rooms: list[RoomInfo]
    participants: list[Participant]
    # title, challenge, constraints, groups, authors, facilitator_sees_authors
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class WorkshopChange:
    op: str
    data: dict[str, Any]
    new_rooms: list[RoomInfo] = field(default_factory=list)
    moves: dict[str, str] = field(default_factory=dict)
    removals: list[str] = field(default_factory=list)


def decide_workshop(workshop: WorkshopState, op: str, data: dict[str, Any], actor: Actor,
                    ctx: Context, rng: random.Random | None = None) -> WorkshopChange:
    if op not in WORKSHOP_OPS:
        raise BoardError("unknown_op", f"there is no op called {op!r}")
    if actor.role != "facilitator":
        raise BoardError("forbidden", f"only a facilitator may send {op}")
    if op == "room.add":
        room = RoomInfo(ctx.new_id(), validate.text(data, "name", TITLE_MAX, what="room name"),
                        False)
        return WorkshopChange(op, {"room": room.as_dict()}, new_rooms=[room])
    if op == "room.assign":
        pid = validate.ident(data, "participant")
        room_id = validate.ident(data, "room")
        if not any(p.id == pid for p in workshop.participants):
            raise BoardError("not_found", "no such participant in this workshop")
        if not any(r.id == room_id for r in workshop.rooms):
            raise BoardError("not_found", "no such room in this workshop")
        return WorkshopChange(op, {"participant": pid, "room": room_id}, moves={pid: room_id})
    if op == "rooms.split":
        return _split(workshop, data, ctx, rng or random.Random())
    if op == "rooms.recall":
        plenary = workshop.plenary_room_id
        moves = {p.id: plenary for p in workshop.participants
                 if p.role == "participant" and p.room_id != plenary}
        return WorkshopChange(op, {"room": plenary}, moves=moves)
    if op == "workshop.settings":
        return WorkshopChange(op, changed_settings(workshop.settings, data))
    if op == "participant.remove":
        return _remove(workshop, data)
    text = validate.text(data, "text", ANNOUNCE_MAX, what="announcement")
    return WorkshopChange(op, {"text": text})


def _remove(workshop: WorkshopState, data: dict[str, Any]) -> WorkshopChange:
    """Who is removed loses their token and sockets; what they wrote stays. A
    facilitator cannot be removed, so a workshop never loses its last one."""
    pid = validate.ident(data, "participant")
    person = next((p for p in workshop.participants if p.id == pid), None)
    if person is None:
        raise BoardError("not_found", "no such participant in this workshop")
    if person.role == "facilitator":
        raise BoardError("invalid", "a facilitator cannot be removed")
    return WorkshopChange("participant.remove", {"participant": pid}, removals=[pid])


def _split(workshop: WorkshopState, data: dict[str, Any], ctx: Context,
           rng: random.Random) -> WorkshopChange:
    count = validate.integer(data, "count")
    strategy = validate.choice(data, "strategy", STRATEGIES, "mix")
    balance = _balance(data, strategy)
    if not 1 <= count <= ROOMS_MAX:
        raise BoardError("invalid", f"split into 1 to {ROOMS_MAX} rooms")
    taken = len([r for r in workshop.rooms if not r.plenary])
    rooms = [RoomInfo(ctx.new_id(), f"Room {taken + i + 1}", False) for i in range(count)]
    people = [Person(p.id, p.group, p.organisation, p.site) for p in workshop.participants
              if p.role == "participant"]
    try:
        assignments = split_rooms(people, [r.id for r in rooms],
                                  "random" if strategy == "random" else "mix", rng,
                                  balance_sites="site" in balance)
    except MixingError as e:
        raise BoardError("invalid", str(e)) from None
    return WorkshopChange("rooms.split",
                          {"assignments": assignments, "rooms": [r.as_dict() for r in rooms]},
                          new_rooms=rooms, moves=dict(assignments))


BALANCES = ("group", "site")


def _balance(data: dict[str, Any], strategy: str) -> list[str]:
    """What a mixed split balances across rooms: stakeholder groups always, and
    on-site and remote people with "site"."""
    balance = validate.text_list(data, "balance", 8, len(BALANCES)) if "balance" in data \
        else ["group"]
    if any(b not in BALANCES for b in balance):
        raise BoardError("invalid", "'balance' may hold 'group' and 'site'")
    if "site" in balance and strategy != "mix":
        raise BoardError("invalid", "only the mix strategy balances sites")
    return balance
