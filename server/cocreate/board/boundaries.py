"""Boundaries of possibility: flags on what lies outside one, proposals to push one.

A workshop's constraints are its boundaries (`board.settings` gives each an
id). A facilitator flags a note or an action as outside a boundary, with a reason; anyone
may propose to push a boundary, and those proposals are what the report lists
as boundaries to discuss with decision makers. Both belong to the workshop, so
every room and the console see all of them.

What may be flagged is a target `{kind: id}`: the store fills
`WorkshopState.targets` with the ids of each kind the sender may flag (the
public notes of their room, and the workshop's actions), so another kind of
target is one more entry there.
A proposal carries no author: who sent it is the event's actor, shown as the
workshop's author display allows.
"""

from __future__ import annotations

from typing import Any

from cocreate.board import validate
from cocreate.board.errors import BoardError
from cocreate.board.limits import CHALLENGE_TEXT_MAX, CHALLENGES_MAX, FLAGS_MAX, REASON_MAX
from cocreate.board.rooms import WorkshopChange, WorkshopState
from cocreate.board.rule import Context
from cocreate.board.settings import current_boundaries

TARGET_KINDS = ("note", "action")
OPS = frozenset({"constraint.flag", "constraint.unflag", "constraint.challenge"})


def _target_shape(data: dict[str, Any]) -> dict[str, str]:
    target = data.get("target")
    if (not isinstance(target, dict) or len(target) != 1 or next(iter(target)) not in TARGET_KINDS
            or not isinstance(next(iter(target.values())), str) or not next(iter(target.values()))):
        raise BoardError("bad_message", "'target' must be {\"note\": id} or {\"action\": id}")
    return dict(target)


def _target(workshop: WorkshopState, data: dict[str, Any]) -> dict[str, str]:
    target = _target_shape(data)
    kind, target_id = next(iter(target.items()))
    if target_id not in workshop.targets.get(kind, frozenset()):
        raise BoardError("not_found", f"no such {kind} to flag here")
    return target


def _boundary(workshop: WorkshopState, data: dict[str, Any], *, required: bool = True) -> str:
    bid = validate.ident(data, "boundary") if required else validate.optional_ident(
        data, "boundary")
    if bid is not None and not any(b["id"] == bid for b in current_boundaries(workshop.settings)):
        raise BoardError("not_found", "no such boundary in this workshop")
    return bid or ""


def constraint_flag(workshop: WorkshopState, data: dict[str, Any], room_id: str,
                    ctx: Context) -> WorkshopChange:
    """Flag a target as outside a boundary; flagging it again for that boundary
    replaces the reason."""
    validate.expect(data, boundary="str", reason="str")
    target = _target(workshop, data)
    boundary = _boundary(workshop, data)
    reason = validate.text(data, "reason", REASON_MAX, what="reason").strip()
    flag = {"target": target, "boundary": boundary, "reason": reason, "room": room_id,
            "at": ctx.now}
    kept = [f for f in workshop.flags if (f["target"], f["boundary"]) != (target, boundary)]
    if len(kept) >= FLAGS_MAX:
        raise BoardError("invalid", f"a workshop holds at most {FLAGS_MAX} flags")
    return WorkshopChange("constraint.flag", flag, flags=[*kept, flag])


def constraint_unflag(workshop: WorkshopState, data: dict[str, Any]) -> WorkshopChange:
    """Take a target's flag for one boundary off, or with no boundary all its flags."""
    validate.expect(data, boundary="id?")
    target = _target_shape(data)
    boundary = _boundary(workshop, data, required=False)
    kept = [f for f in workshop.flags
            if f["target"] != target or (boundary and f["boundary"] != boundary)]
    if len(kept) == len(workshop.flags):
        raise BoardError("not_found", "that is not flagged")
    return WorkshopChange("constraint.unflag", {"target": target, "boundary": boundary or None},
                          flags=kept)


def constraint_challenge(workshop: WorkshopState, data: dict[str, Any], room_id: str,
                         ctx: Context) -> WorkshopChange:
    validate.expect(data, boundary="str", text="str")
    boundary = _boundary(workshop, data)
    text = validate.text(data, "text", CHALLENGE_TEXT_MAX, what="proposal").strip()
    if len(workshop.challenges) >= CHALLENGES_MAX:
        raise BoardError("invalid", f"a workshop holds at most {CHALLENGES_MAX} proposals")
    challenge = {"id": ctx.new_id(), "boundary": boundary, "text": text, "room": room_id,
                 "created": ctx.now}
    return WorkshopChange("constraint.challenge", challenge,
                          challenges=[*workshop.challenges, challenge])
