"""Matrix votes: two criteria, scores 1-5, means hidden until the reveal."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from cocreate import board
from cocreate.board.limits import CRITERION_MAX, SCORE_MAX
from cocreate.board.redaction import (
    Disclosure,
    Viewer,
    event_audience,
    render_event,
    snapshot_view,
    state_view,
)
from cocreate.board.state import Actor, BoardState, Event
from support.rules import context, run_op

NOW = 1_700_000_000_000
FAC = Actor("fac", "facilitator", "Fran")
ANN = Actor("ann", "participant", "Ann", "Residents")
BOB = Actor("bob", "participant", "Bob", "Council")
NAMED = Disclosure("named")
CRITERIA = ["Impact", "Feasibility"]


def run(state: BoardState, op: str, data: dict[str, Any], actor: Actor) -> list[Event]:
    return run_op(state, op, data, actor, NOW)


def refused(state: BoardState, op: str, data: dict[str, Any], actor: Actor = ANN) -> str:
    before = copy.deepcopy(state)
    with pytest.raises(board.BoardError) as info:
        board.decide(state, op, data, actor, context(NOW))
    assert state == before
    return info.value.code


def seen_by(event: Event, viewer: Actor) -> dict[str, Any]:
    v = Viewer(viewer.id, viewer.role)
    return render_event(event, event_audience(event, v, NAMED, {}), NAMED)


def score(state: BoardState, actor: Actor, note: str, impact: int | None,
          feasibility: int = 3) -> Event:
    scores = None if impact is None else {"Impact": impact, "Feasibility": feasibility}
    (event,) = run(state, "vote.score", {"note": note, "scores": scores}, actor)
    return event


@pytest.fixture
def state() -> BoardState:
    return BoardState("room")


@pytest.fixture
def notes(state: BoardState) -> list[str]:
    return [str(run(state, "note.add", {"text": t}, FAC)[0].data["id"]) for t in ("a", "b")]


def start(state: BoardState, hidden: bool = False, **extra: Any) -> dict[str, Any]:
    (event,) = run(state, "voting.start",
                   {"kind": "matrix", "criteria": CRITERIA, "hidden": hidden, **extra}, FAC)
    return event.data


# voting.start


def test_a_matrix_vote_starts_with_its_criteria(state: BoardState) -> None:
    data = start(state)
    assert data == {"status": "open", "budget": 0, "max_per_note": 0, "hidden": False,
                    "revealed": False, "target": "notes", "kind": "matrix",
                    "criteria": CRITERIA, "tally": {}, "results": {}}
    assert state.voting_dict() == data


def test_a_dot_vote_is_still_the_default(state: BoardState) -> None:
    (event,) = run(state, "voting.start", {"budget": 3}, FAC)
    assert "kind" not in event.data and "criteria" not in event.data
    assert state.voting.kind == "dots"


@pytest.mark.parametrize(("criteria", "code"), [
    (["Impact"], "invalid"),
    (["Impact", "Cost", "Time"], "invalid"),
    (["Impact", " impact "], "invalid"),
    (["Impact", "   "], "invalid"),
    (["Impact", "x" * (CRITERION_MAX + 1)], "invalid"),
    (["Impact", "a\x00b"], "invalid"),
    ("Impact", "bad_message"),
    (["Impact", 3], "bad_message"),
    (None, "bad_message"),
])
def test_criteria_are_two_different_short_names(state: BoardState, criteria: Any,
                                                code: str) -> None:
    data = {"kind": "matrix", "criteria": criteria}
    assert refused(state, "voting.start", data, FAC) == code


def test_criteria_are_trimmed_and_may_be_as_long_as_the_limit(state: BoardState) -> None:
    data = start(state, criteria=["  Impact ", "y" * CRITERION_MAX])
    assert data["criteria"] == ["Impact", "y" * CRITERION_MAX]


def test_a_matrix_vote_scores_notes_only(state: BoardState) -> None:
    data = {"kind": "matrix", "criteria": CRITERIA, "target": "clusters"}
    assert refused(state, "voting.start", data, FAC) == "invalid"
    assert refused(state, "voting.start", {"kind": "ranked", "budget": 3}, FAC) == "invalid"


def test_only_a_facilitator_starts_one(state: BoardState) -> None:
    assert refused(state, "voting.start", {"kind": "matrix", "criteria": CRITERIA}) == \
        "forbidden"


# vote.score


def test_scores_give_means_and_counts(state: BoardState, notes: list[str]) -> None:
    start(state)
    score(state, ANN, notes[0], 5, 2)
    event = score(state, BOB, notes[0], 2, 3)
    assert event.data["result"] == {"means": {"Impact": 3.5, "Feasibility": 2.5}, "count": 2}
    assert state.results() == {notes[0]: {"means": {"Impact": 3.5, "Feasibility": 2.5},
                                          "count": 2}}


def test_scoring_again_replaces_ones_scores(state: BoardState, notes: list[str]) -> None:
    start(state)
    score(state, ANN, notes[0], 1, 1)
    event = score(state, ANN, notes[0], 4, 5)
    assert event.data["my_scores"] == {notes[0]: {"Impact": 4, "Feasibility": 5}}
    assert state.results()[notes[0]] == {"means": {"Impact": 4.0, "Feasibility": 5.0},
                                         "count": 1}


def test_null_scores_take_them_back(state: BoardState, notes: list[str]) -> None:
    start(state)
    score(state, ANN, notes[0], 4)
    score(state, ANN, notes[1], 2)
    event = score(state, ANN, notes[0], None)
    assert event.data["scores"] is None and event.data["result"] is None
    assert event.data["my_scores"] == {notes[1]: {"Impact": 2, "Feasibility": 3}}
    assert set(state.results()) == {notes[1]}
    assert refused(state, "vote.score", {"note": notes[0], "scores": None}) == "invalid"


@pytest.mark.parametrize(("scores", "code"), [
    ({"Impact": 0, "Feasibility": 3}, "invalid"),
    ({"Impact": SCORE_MAX + 1, "Feasibility": 3}, "invalid"),
    ({"Impact": 3}, "invalid"),
    ({"Impact": 3, "Cost": 3}, "invalid"),
    ({"Impact": 3, "Feasibility": 3, "Cost": 3}, "invalid"),
    ({"Impact": 2.5, "Feasibility": 3}, "bad_message"),
    ({"Impact": True, "Feasibility": 3}, "bad_message"),
    ([3, 3], "bad_message"),
])
def test_bad_scores_are_refused(state: BoardState, notes: list[str], scores: Any,
                                code: str) -> None:
    start(state)
    assert refused(state, "vote.score", {"note": notes[0], "scores": scores}) == code


def test_scores_are_required_and_the_note_must_exist(state: BoardState,
                                                     notes: list[str]) -> None:
    start(state)
    assert refused(state, "vote.score", {"note": notes[0]}) == "bad_message"
    assert refused(state, "vote.score", {"note": "nope", "scores": None}) == "not_found"


def test_scoring_needs_an_open_matrix_vote(state: BoardState, notes: list[str]) -> None:
    data = {"note": notes[0], "scores": {"Impact": 3, "Feasibility": 3}}
    assert refused(state, "vote.score", data) == "voting_closed"
    run(state, "voting.start", {"budget": 3}, FAC)
    assert refused(state, "vote.score", data) == "invalid"
    start(state)
    assert refused(state, "vote.add", {"note": notes[0]}) == "invalid"
    run(state, "voting.stop", {}, FAC)
    assert refused(state, "vote.score", data) == "voting_closed"
    assert refused(state, "vote.score", {**data, "scores": {"Impact": 9, "Feasibility": 1}}) \
        == "invalid"


def test_a_wall_may_not_score(state: BoardState, notes: list[str]) -> None:
    start(state)
    wall = Actor("wall", "wall")
    data = {"note": notes[0], "scores": {"Impact": 3, "Feasibility": 3}}
    assert refused(state, "vote.score", data, wall) == "forbidden"


def test_deleting_a_note_takes_its_scores(state: BoardState, notes: list[str]) -> None:
    start(state)
    score(state, ANN, notes[0], 4)
    run(state, "note.delete", {"id": notes[0]}, FAC)
    assert state.results() == {}
    assert state.voting_dict()["results"] == {}


def test_a_new_vote_clears_the_scores(state: BoardState, notes: list[str]) -> None:
    start(state)
    score(state, ANN, notes[0], 4)
    run(state, "voting.start", {"budget": 2}, FAC)
    assert state.scores == {} and state.voting.kind == "dots"


# rounds carry a matrix vote


def test_a_round_runs_a_matrix_vote_and_its_end_closes_it(state: BoardState,
                                                           notes: list[str]) -> None:
    (agenda,) = run(state, "agenda.set", {"rounds": [
        {"title": "Score", "seconds": 60,
         "voting": {"kind": "matrix", "criteria": CRITERIA, "hidden": True}}]}, FAC)
    assert agenda.data["rounds"][0]["voting"] == {"kind": "matrix", "criteria": CRITERIA,
                                                  "hidden": True}
    (begin,) = run(state, "round.start", {}, FAC)
    assert begin.data["voting"]["kind"] == "matrix" and begin.data["voting"]["results"] is None
    score(state, ANN, notes[0], 5, 1)
    (end,) = run(state, "round.end", {}, FAC)
    assert end.data["voting"]["status"] == "closed" and end.data["voting"]["results"] is None
    (reveal,) = run(state, "voting.reveal", {}, FAC)
    assert reveal.data["results"] == {notes[0]: {"means": {"Impact": 5.0, "Feasibility": 1.0},
                                                 "count": 1}}


def test_a_round_with_bad_criteria_is_refused(state: BoardState) -> None:
    rounds = [{"title": "Score", "voting": {"kind": "matrix", "criteria": ["A", "a"]}}]
    assert refused(state, "agenda.set", {"rounds": rounds}, FAC) == "invalid"


# what each viewer learns


def test_hidden_scores_reach_only_the_voter(state: BoardState, notes: list[str]) -> None:
    start(state, hidden=True)
    event = score(state, ANN, notes[0], 5, 1)
    mine = seen_by(event, ANN)
    assert mine["data"] == {"note": notes[0], "scores": {"Impact": 5, "Feasibility": 1},
                            "my_scores": {notes[0]: {"Impact": 5, "Feasibility": 1}}}
    for other in (BOB, FAC, Actor("wall", "wall")):
        frame = seen_by(event, other)
        assert frame["data"] == {} and frame["actor"] is None
        assert notes[0] not in json.dumps(frame)


def test_public_scores_show_the_notes_means(state: BoardState, notes: list[str]) -> None:
    start(state)
    event = score(state, ANN, notes[0], 5, 1)
    frame = seen_by(event, BOB)
    assert frame["actor"] == "ann"
    assert frame["data"] == {"note": notes[0],
                             "result": {"means": {"Impact": 5.0, "Feasibility": 1.0},
                                        "count": 1}}
    assert "my_scores" not in frame["data"]


def test_a_welcome_hides_the_means_until_the_reveal(state: BoardState,
                                                    notes: list[str]) -> None:
    start(state, hidden=True)
    score(state, ANN, notes[0], 5, 1)
    for viewer in (BOB, FAC):
        view = state_view(state, Viewer(viewer.id, viewer.role), NAMED, NOW)
        assert view["voting"]["results"] is None
        assert view["my_scores"] == {}
    ann = state_view(state, Viewer("ann", "participant"), NAMED, NOW)
    assert ann["my_scores"] == {notes[0]: {"Impact": 5, "Feasibility": 1}}
    run(state, "voting.stop", {}, FAC)
    assert state.voting_dict()["results"] is None
    (reveal,) = run(state, "voting.reveal", {}, FAC)
    assert reveal.data["results"][notes[0]]["means"] == {"Impact": 5.0, "Feasibility": 1.0}
    view = state_view(state, Viewer("bob", "participant"), NAMED, NOW)
    assert view["voting"]["results"] == reveal.data["results"]


def test_a_dot_votes_welcome_has_no_scores(state: BoardState) -> None:
    run(state, "voting.start", {"budget": 2}, FAC)
    assert "my_scores" not in state_view(state, Viewer("ann", "participant"), NAMED, NOW)


def test_a_snapshot_keeps_hidden_means_out_until_revealed(state: BoardState,
                                                          notes: list[str]) -> None:
    start(state, hidden=True)
    score(state, ANN, notes[0], 5, 1)
    snap = state.snapshot()
    assert snap["voting"]["results"][notes[0]]["count"] == 1  # stored whole, for restore
    for viewer in (FAC, BOB):
        seen = snapshot_view(snap, Viewer(viewer.id, viewer.role), NAMED)
        assert seen["voting"]["results"] is None and seen["voting"]["tally"] is None
        assert "Impact\": 5" not in json.dumps(seen)
    run(state, "voting.stop", {}, FAC)
    run(state, "voting.reveal", {}, FAC)
    seen = snapshot_view(state.snapshot(), Viewer("bob", "participant"), NAMED)
    assert seen["voting"]["results"][notes[0]]["means"]["Impact"] == 5.0


def test_a_snapshot_caught_closed_shows_what_the_later_reveal_published(
        state: BoardState, notes: list[str]) -> None:
    start(state, hidden=True)
    score(state, ANN, notes[0], 5, 1)
    score(state, BOB, notes[1], 2, 2)
    run(state, "voting.stop", {}, FAC)
    snap = state.snapshot()
    run(state, "note.delete", {"id": notes[1]}, FAC)
    (reveal,) = run(state, "voting.reveal", {}, FAC)
    seen = snapshot_view(snap, Viewer("fac", "facilitator"), NAMED, reveal.data["tally"],
                         reveal.data["results"])
    # Only what the reveal published: the note deleted before it stays out.
    assert seen["voting"]["results"] == {notes[0]: {"means": {"Impact": 5.0,
                                                              "Feasibility": 1.0}, "count": 1}}
    assert snapshot_view(snap, Viewer("fac", "facilitator"), NAMED)["voting"]["results"] is None
