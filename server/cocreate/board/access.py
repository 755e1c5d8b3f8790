"""Who may open which room, watch the overview, relay cursors and drags, and lead views.

Op permissions live with each op (`board.ops`); these are the rules of the
socket itself, checked on the server before anything is sent.
"""

from __future__ import annotations

from cocreate.board.actions import COMMIT_OPS
from cocreate.board.errors import BoardError
from cocreate.board.ops import EVERYONE, FACILITATOR, ROOM_OPS
from cocreate.board.participants import Participant
from cocreate.board.queries import QUERY_OPS
from cocreate.board.redaction import Disclosure
from cocreate.board.workshop import WORKSHOP_OPS


def check_may_send(op: str, participant: Participant) -> None:
    """`unknown_op` or `forbidden`, as the rules would answer, for where no board is
    at hand (a sender who was moved and has not said hello for the new room)."""
    if op in COMMIT_OPS:
        roles = EVERYONE
    elif op in WORKSHOP_OPS:
        # action.add may be open to participants by a setting: the store checks that.
        roles = FACILITATOR
    elif op in ROOM_OPS:
        roles = ROOM_OPS[op][1]
    elif op in QUERY_OPS:
        roles = QUERY_OPS[op]
    else:
        raise BoardError("unknown_op", f"there is no op called {op!r}")
    if participant.role not in roles:
        who = "a facilitator" if roles == FACILITATOR else "a participant or facilitator"
        raise BoardError("forbidden", f"only {who} may send {op}")


def may_open_room(participant: Participant, room_id: str, plenary_room_id: str | None) -> bool:
    """A participant may open their own room and the plenary; a facilitator or a
    wall any room of their workshop (the store checks it is of their workshop)."""
    if participant.role != "participant":
        return True
    return room_id in (participant.room_id, plenary_room_id)


def check_may_watch_overview(participant: Participant) -> None:
    if participant.role != "facilitator":
        raise BoardError("forbidden", "only a facilitator may watch every room")


def may_relay(participant: Participant) -> bool:
    """A wall only watches: its cursor is nobody's business."""
    return participant.role != "wall"


def check_may_lead(participant: Participant) -> None:
    """Only a facilitator's view is relayed for others to follow."""
    if participant.role != "facilitator":
        raise BoardError("forbidden", "only a facilitator's view can be followed")


def relay_actor(participant: Participant, disclosure: Disclosure) -> str | None:
    """The actor a cursor or drag frame names: none unless authors are named,
    since a drag or a cursor over a note would tell whose note it probably is."""
    return participant.id if disclosure.authors == "named" else None
