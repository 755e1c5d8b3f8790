"""Matrix votes: each person scores notes on two criteria, 1 to `SCORE_MAX`.

A matrix session is a `Voting` of kind "matrix"; its criteria are named when it
starts (e.g. impact and feasibility). The mean of each criterion places a note
on a 2x2 matrix once everyone may see the results, hidden until the reveal
like dot votes. Scoring again replaces one's scores on that note, and
`"scores": null` takes them back.
"""

from __future__ import annotations

from typing import Any

from cocreate.board import validate
from cocreate.board.errors import BoardError
from cocreate.board.limits import CRITERION_MAX, SCORE_MAX
from cocreate.board.rule import Change, Context
from cocreate.board.state import Actor, BoardState, Event


def criteria(data: dict[str, Any]) -> tuple[str, str]:
    """The two criterion names of `voting.start`: trimmed, 1..CRITERION_MAX
    characters, different from each other (ignoring case)."""
    raw = data.get("criteria")
    if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
        raise BoardError("bad_message", "'criteria' must be a list of two strings")
    if len(raw) != 2:
        raise BoardError("invalid", "a matrix vote has exactly two criteria")
    names = [validate.clean(c, "a criterion").strip() for c in raw]
    if not all(1 <= len(n) <= CRITERION_MAX for n in names):
        raise BoardError("invalid", f"a criterion is 1 to {CRITERION_MAX} characters")
    if names[0].casefold() == names[1].casefold():
        raise BoardError("invalid", "the two criteria must differ")
    return names[0], names[1]


def _scores(state: BoardState, data: dict[str, Any]) -> tuple[int, int] | None:
    """The sender's two scores in the session's criterion order, or None to take
    them back. Outside a matrix session the names cannot be checked, only the
    values."""
    if "scores" not in data:
        raise BoardError("bad_message", "'scores' is required (null takes your scores back)")
    raw = data["scores"]
    if raw is None:
        return None
    if not isinstance(raw, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in raw.values()):
        raise BoardError("bad_message", "'scores' must map each criterion to an integer")
    if not all(1 <= v <= SCORE_MAX for v in raw.values()):
        raise BoardError("invalid", f"a score is from 1 to {SCORE_MAX}")
    names = state.voting.criteria
    if state.voting.kind == "matrix" and len(names) == 2:
        if set(raw) != set(names):
            raise BoardError("invalid", f"score both criteria: {names[0]} and {names[1]}")
        return raw[names[0]], raw[names[1]]
    if len(raw) != 2:
        raise BoardError("invalid", "score both criteria")
    first, second = raw.values()
    return first, second


def vote_score(state: BoardState, data: dict[str, Any], actor: Actor,
               ctx: Context) -> list[Change]:
    validate.expect(data, note="id")
    note = validate.ident(data, "note")
    if note not in state.notes:
        raise BoardError("not_found", "that note does not exist")
    pair = _scores(state, data)
    v = state.voting
    if v.status == "open" and v.kind != "matrix":
        raise BoardError("invalid", "this vote is with dots: send vote.add")
    if v.status != "open":
        raise BoardError("voting_closed", "voting is not open")
    mine = dict(state.scores.get(actor.id, {}))
    if pair is None:
        if note not in mine:
            raise BoardError("invalid", "you have not scored that note")
        del mine[note]
    else:
        mine[note] = pair
    after = BoardState(state.room_id, voting=v, scores={**state.scores, actor.id: mine})
    names = v.criteria
    return [Change("vote.score", {
        "note": note, "voter": actor.id,
        "scores": None if pair is None else dict(zip(names, pair, strict=True)),
        "my_scores": {n: dict(zip(names, p, strict=True)) for n, p in mine.items()},
        "result": after.results().get(note),
        "hidden": v.hidden and not v.revealed})]


def my_scores(state: BoardState, viewer: str) -> dict[str, dict[str, int]]:
    names = state.voting.criteria
    return {n: dict(zip(names, p, strict=True))
            for n, p in state.scores.get(viewer, {}).items()}


def apply(state: BoardState, event: Event) -> None:
    d = event.data
    mine = state.scores.setdefault(d["voter"], {})
    if d["scores"] is None:
        mine.pop(d["note"], None)
    else:
        mine[d["note"]] = (d["scores"][state.voting.criteria[0]],
                           d["scores"][state.voting.criteria[1]])
    if not mine:
        del state.scores[d["voter"]]
