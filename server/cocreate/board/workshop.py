"""Workshop-level rules: rooms, moves between them, announcements, settings.

Their events go to every room of the workshop; the store appends one copy to
each room's log in a single transaction.
"""

from __future__ import annotations

import random
from typing import Any

from cocreate.board import (
    actions,
    boundaries,
    cafe,
    hackathon,
    lifecycle,
    rooms,
    team_rooms,
    templates,
    themes,
    validate,
)
from cocreate.board.errors import BoardError
from cocreate.board.limits import ANNOUNCE_MAX
from cocreate.board.rooms import RoomInfo, WorkshopChange, WorkshopState
from cocreate.board.rule import Context
from cocreate.board.settings import changed_settings
from cocreate.board.state import Actor, BoardState

__all__ = ["BOARD_READING_OPS", "EVERYONE_WORKSHOP_OPS", "WORKSHOP_OPS", "RoomInfo",
           "WorkshopChange", "WorkshopState", "decide_workshop"]

WORKSHOP_OPS = (frozenset({"room.add", "room.assign", "room.rename", "room.archive",
                           "rooms.split", "rooms.recall", "announce", "workshop.settings",
                           "participant.remove", "summon", "room.host", "rooms.rotate",
                           "rooms.collect"})
                | templates.TEMPLATE_OPS | lifecycle.LIFECYCLE_OPS | boundaries.OPS
                | actions.ACTION_OPS | hackathon.HACKATHON_OPS)

# Workshop ops anyone of the workshop but a wall may send; the rest are a facilitator's.
EVERYONE_WORKSHOP_OPS = frozenset({"constraint.challenge"})
# Workshop ops whose rules read rooms' boards: the store passes every room's.
BOARD_READING_OPS = frozenset({"rooms.split", "rooms.collect", "teams.to_rooms"})


def decide_workshop(workshop: WorkshopState, op: str, data: dict[str, Any], actor: Actor,
                    ctx: Context, rng: random.Random | None = None,
                    room_id: str = "", agenda: list[dict[str, Any]] | None = None,
                    prepared: cafe.Rotation | None = None,
                    boards: dict[str, BoardState] | None = None) -> WorkshopChange:
    """`room_id` is the room of the sender's socket (where a summon brings people),
    `agenda` that room's (what `template.save` saves by default); `prepared` a
    rotation worked out before the op (see `cafe.rooms_rotate`); `boards` the
    board of every room, for the `BOARD_READING_OPS`."""
    change = _decide(workshop, op, data, actor, ctx, rng or random.Random(), room_id,
                     agenda or [], prepared, boards or {})
    cafe.follow_up(workshop, change)
    return change


def _decide(workshop: WorkshopState, op: str, data: dict[str, Any], actor: Actor,
            ctx: Context, rng: random.Random, room_id: str, agenda: list[dict[str, Any]],
            prepared: cafe.Rotation | None,
            boards: dict[str, BoardState]) -> WorkshopChange:
    if op not in WORKSHOP_OPS:
        raise BoardError("unknown_op", f"there is no op called {op!r}")
    if op in actions.ACTION_OPS:
        return _action(workshop, op, data, actor, ctx)
    if op == team_rooms.OP:  # a hackathon op that makes rooms: it reads every board
        return team_rooms.teams_to_rooms(workshop, actor.role, boards, ctx)
    if op in hackathon.HACKATHON_OPS:
        return _hackathon(workshop, op, data, actor, ctx)
    if op in EVERYONE_WORKSHOP_OPS:
        if actor.role not in ("participant", "facilitator"):
            raise BoardError("forbidden", f"only a participant or facilitator may send {op}")
    elif actor.role != "facilitator":
        raise BoardError("forbidden", f"only a facilitator may send {op}")
    if op == "workshop.close":
        return lifecycle.workshop_close(workshop.closed, ctx.now)
    if op == "workshop.reopen":
        return lifecycle.workshop_reopen(workshop.closed)
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
        return rooms.rooms_split(workshop, data, ctx, rng)
    if op == "rooms.collect":
        return themes.rooms_collect(workshop, data, boards, ctx)
    if op == "rooms.recall":
        return rooms.rooms_recall(workshop)
    if op == "workshop.settings":
        return WorkshopChange(op, changed_settings(workshop.settings, data, ctx.new_id))
    if op == "participant.remove":
        return _remove(workshop, data)
    if op == "summon":
        return rooms.summon(workshop, data, room_id)
    if op == "template.save":
        return templates.template_save(workshop, data, agenda, ctx)
    if op == "template.delete":
        return templates.template_delete(workshop, data)
    if op == "room.host":
        return cafe.room_host(workshop, data)
    if op == "rooms.rotate":
        return cafe.rooms_rotate(workshop, rng, prepared)
    if op == "constraint.flag":
        return boundaries.constraint_flag(workshop, data, room_id, ctx)
    if op == "constraint.unflag":
        return boundaries.constraint_unflag(workshop, data)
    if op == "constraint.challenge":
        return boundaries.constraint_challenge(workshop, data, room_id, ctx)
    text = validate.text(data, "text", ANNOUNCE_MAX, what="announcement")
    return WorkshopChange(op, {"text": text})


def _action(workshop: WorkshopState, op: str, data: dict[str, Any], actor: Actor,
            ctx: Context) -> WorkshopChange:
    """Actions are the workshop's: their rules get every action and the sender's board."""
    change = actions.decide_action(workshop.actions, workshop.settings, workshop.room_board,
                                   op, data, actor, ctx.now, ctx.new_id())
    return WorkshopChange(op, change.data, action=(change.data["id"], change.action))


def _hackathon(workshop: WorkshopState, op: str, data: dict[str, Any], actor: Actor,
               ctx: Context) -> WorkshopChange:
    """The hackathon is the workshop's: its rules get it, everyone in it and the sender's
    board (where a pitch's source note is)."""
    hack = workshop.hackathon or hackathon.Hackathon()
    change = hackathon.decide_hackathon(hack, workshop.participants, workshop.settings,
                                        workshop.room_board, op, data, actor, ctx.now,
                                        ctx.new_id(), workshop.jury_scores, ctx.new_id)
    return WorkshopChange(change.op, change.data, hackathon=change)


def _remove(workshop: WorkshopState, data: dict[str, Any]) -> WorkshopChange:
    """Who is removed loses their token and sockets; what they wrote stays. The
    workshop's first facilitator (who created it) cannot be removed, so a workshop never
    loses its last one; a co-facilitator an organiser added can."""
    pid = validate.ident(data, "participant")
    person = next((p for p in workshop.participants if p.id == pid), None)
    if person is None:
        raise BoardError("not_found", "no such participant in this workshop")
    first = next((p for p in workshop.participants if p.role == "facilitator"), None)
    if person is first:
        raise BoardError("invalid", "the workshop's first facilitator cannot be removed")
    return WorkshopChange("participant.remove", {"participant": pid}, removals=[pid])
