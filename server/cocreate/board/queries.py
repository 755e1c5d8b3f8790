"""Questions a client asks about its room's board, answered to it alone: no
change, no event, nothing logged (`clusters.suggest`, `notes.similar`,
`teams.suggest`).

The rules here say who may ask, check what they sent, and pick what an answer
may draw on; computing it is `cocreate.grouping`'s and `cocreate.team_suggestion`'s
(CPU work, off the event loop). An answer never draws on a note its reader may
not see: private notes of a private round stay out of suggestions for the
facilitator (they are not on the shared board yet), and similar notes for a
participant are only the notes their own board shows. Suggested teams place the
participants in no team yet (not jurors, not removed), drawing on the pitches
they said they would join.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cocreate.board import teams, validate
from cocreate.board.errors import BoardError
from cocreate.board.hackathon import Hackathon
from cocreate.board.limits import NOTE_TEXT_MAX
from cocreate.board.participants import Participant
from cocreate.board.state import Actor, BoardState

EVERYONE = frozenset({"participant", "facilitator"})
FACILITATOR = frozenset({"facilitator"})
# op name -> roles allowed to send it
QUERY_OPS: dict[str, frozenset[str]] = {
    "clusters.suggest": FACILITATOR,
    "notes.similar": EVERYONE,
    "teams.suggest": FACILITATOR,
}
TEAM_SUGGEST_PHASES = ("teams",)
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


@dataclass(frozen=True)
class TeamQuestion:
    """What the team suggestion is worked out from, as plain data (it goes to a worker
    process): each pitch as `(id, members, needs)`, the group of everyone named, the
    people to place, the rule, and those people's preferred pitches."""

    pitches: list[tuple[str, list[str], list[str]]]
    groups_of: dict[str, str | None]
    free: list[str]
    rule: dict[str, Any]
    preferences: dict[str, list[str]]


def team_question(hack: Hackathon, everyone: list[Participant], present: set[str],
                  settings: dict[str, Any], preferences: dict[str, list[str]]) -> TeamQuestion:
    """`teams.suggest` in the teams phase only. `everyone` is who ever joined (a removed
    member stays in their team and counts for it, as the pitch shows it), `present`
    the ids of those not removed. Placed are participants (role `participant`) who are
    present and in no team, in the order they joined; holders are in their own."""
    if hack.phase not in TEAM_SUGGEST_PHASES:
        raise BoardError("invalid", f"teams.suggest is accepted in the "
                                    f"{' or '.join(TEAM_SUGGEST_PHASES)} phase; this is the "
                                    f"{hack.phase} phase")
    in_team = {m for p in hack.pitches.values() for m in p.members}
    free = [p.id for p in everyone
            if p.role == "participant" and p.id in present and p.id not in in_team]
    groups_of = {p.id: p.group for p in everyone if p.id in in_team or p.id in free}
    pitches = [(p.id, list(p.members), list(p.needs)) for p in hack.pitches.values()]
    liked = {pid: [q for q in preferences.get(pid, []) if q in hack.pitches] for pid in free}
    return TeamQuestion(pitches, groups_of, free,
                        teams.team_rule(settings.get("team_rule"), settings.get("groups") or []),
                        {pid: q for pid, q in liked.items() if q})
