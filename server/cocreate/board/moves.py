"""Where a room.assign, rooms.split, rooms.rotate, rooms.recall, room.archive, summon or
teams.to_rooms event sends one participant."""

from __future__ import annotations

from cocreate.board.participants import Participant
from cocreate.board.state import Event

MOVE_OPS = frozenset({"room.assign", "rooms.split", "rooms.rotate", "rooms.recall", "room.archive",
                      "summon", "teams.to_rooms"})


def destination(event: Event, participant: Participant) -> str | None:
    """The room `event` sends `participant` to, or None if it leaves them be.

    A recall brings participants back to the plenary, and so does archiving
    their room; facilitators and walls stay where they are.
    """
    d = event.data
    if event.op == "room.assign":
        return d["room"] if d["participant"] == participant.id else None
    if event.op in ("rooms.split", "room.archive", "rooms.rotate", "teams.to_rooms"):
        key = "assignments" if event.op in ("rooms.split", "teams.to_rooms") else "moves"
        target = d[key].get(participant.id)
        return target if isinstance(target, str) else None
    if event.op == "rooms.recall":
        return d["room"] if participant.role == "participant" else None
    if event.op == "summon":
        return d["room"] if d["all"] and participant.role == "participant" else None
    return None


def summoned(event: Event, participant: Participant, room_id: str) -> bool:
    """Whether a summon event, delivered in `room_id`, calls `participant`: the
    participants of its room, or with `all` of every room."""
    return (event.op == "summon" and participant.role == "participant"
            and (event.data["all"] or event.data["room"] == room_id))
