"""Workshop-level rules: rooms, moves between them, announcements, settings.

Their events go to every room of the workshop; the store appends one copy to
each room's log in a single transaction.
"""

from __future__ import annotations

import random
from typing import Any

from cocreate.board import rooms, themes, validate
from cocreate.board.errors import BoardError
from cocreate.board.limits import ANNOUNCE_MAX
from cocreate.board.rooms import RoomInfo, WorkshopChange, WorkshopState
from cocreate.board.rule import Context
from cocreate.board.settings import changed_settings
from cocreate.board.state import Actor, BoardState

__all__ = ["BOARD_READING_OPS", "WORKSHOP_OPS", "RoomInfo", "WorkshopChange", "WorkshopState",
           "decide_workshop"]

WORKSHOP_OPS = frozenset({"room.add", "room.assign", "room.rename", "room.archive",
                          "rooms.split", "rooms.recall", "announce", "workshop.settings",
                          "participant.remove", "summon", "rooms.collect"})
# Workshop ops whose rules read rooms' boards: the store passes every room's.
BOARD_READING_OPS = frozenset({"rooms.split", "rooms.collect"})


def decide_workshop(workshop: WorkshopState, op: str, data: dict[str, Any], actor: Actor,
                    ctx: Context, rng: random.Random | None = None,
                    room_id: str = "",
                    boards: dict[str, BoardState] | None = None) -> WorkshopChange:
    """`room_id` is the room of the sender's socket (where a summon brings people);
    `boards` the board of every room, for the `BOARD_READING_OPS`."""
    if op not in WORKSHOP_OPS:
        raise BoardError("unknown_op", f"there is no op called {op!r}")
    if actor.role != "facilitator":
        raise BoardError("forbidden", f"only a facilitator may send {op}")
    if op == "room.add":
        return rooms.room_add(workshop, data, ctx)
    if op == "room.assign":
        return rooms.room_assign(workshop, data)
    if op == "room.rename":
        return rooms.room_rename(workshop, data)
    if op == "room.archive":
        return rooms.room_archive(workshop, data)
    if op == "rooms.split" and data.get("strategy") == "themes":
        return themes.split_by_themes(workshop, data, boards or {}, ctx, rng or random.Random())
    if op == "rooms.split":
        return rooms.rooms_split(workshop, data, ctx, rng or random.Random())
    if op == "rooms.collect":
        return themes.rooms_collect(workshop, data, boards or {}, ctx)
    if op == "rooms.recall":
        return rooms.rooms_recall(workshop)
    if op == "workshop.settings":
        return WorkshopChange(op, changed_settings(workshop.settings, data))
    if op == "participant.remove":
        return _remove(workshop, data)
    if op == "summon":
        return rooms.summon(workshop, data, room_id)
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
