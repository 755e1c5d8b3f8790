"""Dot voting: budgets, per-note limits and hidden votes.

Votes go to notes, or to clusters or the workshop's actions when a session
starts with `"target": "clusters"` or `"actions"`; either way the op names the
target in `note`. Votes on actions are the room's own, like every vote.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cocreate.board import matrix, validate
from cocreate.board.errors import BoardError
from cocreate.board.limits import BUDGET_MAX
from cocreate.board.rule import Change, Context
from cocreate.board.state import Actor, BoardState, Event, VoteTarget, Voting

VOTE_KINDS = ("dots", "matrix")
VOTE_TARGETS: tuple[VoteTarget, ...] = ("notes", "clusters", "actions")
_KIND = {"notes": "note", "clusters": "cluster", "actions": "action"}


def _target(state: BoardState, data: dict[str, Any]) -> str:
    validate.expect(data, note="id")
    target = validate.ident(data, "note")
    pools: dict[str, Any] = {"notes": state.notes, "clusters": state.clusters,
                             "actions": state.actions}
    if target not in pools[state.voting.target]:
        raise BoardError("not_found", f"that {_KIND[state.voting.target]} does not exist")
    return target


def _require_open(state: BoardState) -> None:
    if state.voting.status == "open" and state.voting.kind == "matrix":
        raise BoardError("invalid", "this vote is scored on two criteria: send vote.score")
    if state.voting.status != "open":
        raise BoardError("voting_closed", "voting is not open")


def _vote_data(state: BoardState, actor: Actor, target: str, delta: int) -> dict[str, Any]:
    mine = dict(state.votes.get(actor.id, {}))
    mine[target] = mine.get(target, 0) + delta
    if mine[target] == 0:
        del mine[target]
    return {"note": target, "voter": actor.id, "delta": delta,
            "votes": state.votes_on(target) + delta, "my_votes": mine,
            "hidden": state.voting.hidden and not state.voting.revealed}


def vote_add(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    target = _target(state, data)
    _require_open(state)
    mine = state.votes.get(actor.id, {})
    if sum(mine.values()) >= state.voting.budget:
        raise BoardError("vote_budget", f"you have used all {state.voting.budget} of your votes")
    if mine.get(target, 0) >= state.voting.max_per_note:
        raise BoardError("vote_note_limit",
                         f"at most {state.voting.max_per_note} votes may go to one note")
    return [Change("vote.add", _vote_data(state, actor, target, +1))]


def vote_remove(state: BoardState, data: dict[str, Any], actor: Actor,
                ctx: Context) -> list[Change]:
    target = _target(state, data)
    _require_open(state)
    if state.votes.get(actor.id, {}).get(target, 0) <= 0:
        raise BoardError("invalid", "you have no vote on that note to take back")
    return [Change("vote.remove", _vote_data(state, actor, target, -1))]


def open_session(data: dict[str, Any]) -> Voting:
    """A new open session from `{"budget", "max_per_note"?, "hidden"?, "target"?}`
    (dots) or `{"kind": "matrix", "criteria": [name, name], "hidden"?}`, as
    `voting.start` and a round's `voting` give it."""
    validate.expect(data, budget="int?", max_per_note="int?", hidden="bool?", target="str?",
                    kind="str?")
    kind = validate.choice(data, "kind", VOTE_KINDS, "dots")
    if kind == "matrix":
        names = matrix.criteria(data)
        if validate.choice(data, "target", VOTE_TARGETS, "notes") != "notes":
            raise BoardError("invalid", "a matrix vote scores notes")
        return Voting("open", 0, 0, validate.boolean(data, "hidden", False), False, "notes",
                      "matrix", names)
    budget = validate.integer(data, "budget")
    max_per_note = validate.integer(data, "max_per_note", budget)
    hidden = validate.boolean(data, "hidden", False)
    target = validate.choice(data, "target", VOTE_TARGETS, "notes")
    if not 1 <= budget <= BUDGET_MAX:
        raise BoardError("invalid", f"the budget must be between 1 and {BUDGET_MAX}")
    if not 1 <= max_per_note <= budget:
        raise BoardError("invalid", "the per-note limit must be between 1 and the budget")
    return Voting("open", budget, max_per_note, hidden, False,
                  next(t for t in VOTE_TARGETS if t == target))


def closed(voting: Voting) -> Voting:
    return replace(voting, status="closed")


def session_dict(voting: Voting) -> dict[str, Any]:
    """What a round's agenda keeps of a session (its settings, not its state)."""
    if voting.kind == "matrix":
        return {"kind": "matrix", "criteria": list(voting.criteria), "hidden": voting.hidden}
    return {"budget": voting.budget, "max_per_note": voting.max_per_note,
            "hidden": voting.hidden, "target": voting.target}


def voting_start(state: BoardState, data: dict[str, Any], actor: Actor,
                 ctx: Context) -> list[Change]:
    return [Change("voting.start", open_session(data).as_dict({}))]


def voting_stop(state: BoardState, data: dict[str, Any], actor: Actor,
                ctx: Context) -> list[Change]:
    if state.voting.status != "open":
        raise BoardError("voting_closed", "voting is not open")
    return [Change("voting.stop", state.voting_as(closed(state.voting)))]


def voting_reveal(state: BoardState, data: dict[str, Any], actor: Actor,
                  ctx: Context) -> list[Change]:
    v = state.voting
    if v.status != "closed":
        raise BoardError("invalid", "stop the vote before revealing it")
    return [Change("voting.reveal", state.voting_as(replace(v, status="closed", revealed=True)))]


def apply(state: BoardState, event: Event) -> None:
    d = event.data
    if event.op == "vote.score":
        matrix.apply(state, event)
    elif event.op in ("vote.add", "vote.remove"):
        mine = state.votes.setdefault(d["voter"], {})
        mine[d["note"]] = mine.get(d["note"], 0) + d["delta"]
        if mine[d["note"]] <= 0:
            del mine[d["note"]]
    elif event.op in ("voting.start", "voting.stop", "voting.reveal"):
        if event.op == "voting.start":
            state.votes = {}
            state.scores = {}
        state.voting = Voting.from_dict(d)
