"""Questions a client asks about its room's board, answered to it alone: no
change, no event, nothing logged (`clusters.suggest`, `notes.similar`).

The rules here say who may ask, check what they sent, and pick the notes an
answer may draw on; computing the answer is `cocreate.grouping`'s (CPU work, on
a worker thread). An answer never draws on a note its reader may not see:
private notes of a private round stay out of suggestions for the facilitator
(they are not on the shared board yet), and similar notes for a participant are
only the notes their own board shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cocreate.board import validate
from cocreate.board.errors import BoardError
from cocreate.board.limits import NOTE_TEXT_MAX
from cocreate.board.state import Actor, BoardState

EVERYONE = frozenset({"participant", "facilitator"})
FACILITATOR = frozenset({"facilitator"})
# op name -> roles allowed to send it
QUERY_OPS: dict[str, frozenset[str]] = {
    "clusters.suggest": FACILITATOR,
    "notes.similar": EVERYONE,
}
DEFAULT_GRANULARITY = 0.5


@dataclass(frozen=True)
class NoteText:
    """What an answer needs of a note."""

    id: str
    text: str


@dataclass(frozen=True)
class SuggestRequest:
    granularity: float
    all: bool


def check_may_ask(op: str, actor: Actor) -> None:
    if actor.role not in QUERY_OPS[op]:
        who = "a facilitator" if QUERY_OPS[op] == FACILITATOR else "a participant or facilitator"
        raise BoardError("forbidden", f"only {who} may send {op}")


def suggest_request(data: dict[str, Any]) -> SuggestRequest:
    """`{"granularity"?: 0..1, "all"?: bool}`: 0 asks for fewer, larger groups."""
    validate.expect(data, granularity="num?", all="bool?")
    granularity = validate.number(data, "granularity", DEFAULT_GRANULARITY)
    if not 0 <= granularity <= 1:
        raise BoardError("invalid", "'granularity' must be between 0 and 1")
    return SuggestRequest(granularity, validate.boolean(data, "all", False))


def similar_request(data: dict[str, Any], hints_on: bool) -> str:
    """The text being written, `{"text"}`; refused while the workshop has the hints off."""
    validate.expect(data, text="str")
    if not hints_on:
        raise BoardError("invalid", "similar-note hints are turned off in this workshop")
    return validate.text(data, "text", NOTE_TEXT_MAX, what="text").strip()


def suggestion_notes(state: BoardState, request: SuggestRequest) -> list[NoteText]:
    """The room's public notes not in a cluster (with `all`, clustered ones too)."""
    return [NoteText(n.id, n.text) for n in state.notes.values()
            if not n.private and (request.all or n.cluster is None)]


def similar_notes(state: BoardState, actor: Actor) -> list[NoteText]:
    """The notes the asker's board shows: public ones and, in a private round, their own."""
    return [NoteText(n.id, n.text) for n in state.notes.values()
            if not n.private or n.author == actor.id]
