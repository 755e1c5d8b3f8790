"""Dot voting: sessions, budgets, per-note limits, hidden votes and what each viewer learns."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cocreate import board
from cocreate.board.redaction import Disclosure, Viewer, event_audience, render_event, state_view
from cocreate.board.state import Actor, BoardState, Event
from support.rules import context, run_op

NOW = 1_700_000_000_000
FAC = Actor("fac", "facilitator", "Fran")
ANN = Actor("ann", "participant", "Ann", "Residents")
BOB = Actor("bob", "participant", "Bob", "Council")
NAMED = Disclosure("named")

def run(state: BoardState, op: str, data: dict[str, Any], actor: Actor,
        now: int = NOW) -> list[Event]:
    return run_op(state, op, data, actor, now)


def refused(state: BoardState, op: str, data: dict[str, Any], actor: Actor) -> str:
    before = copy.deepcopy(state)
    with pytest.raises(board.BoardError) as info:
        board.decide(state, op, data, actor, context(NOW))
    assert state == before
    return info.value.code


def add_note(state: BoardState, actor: Actor = FAC, text: str = "idea") -> str:
    (event,) = run(state, "note.add", {"text": text}, actor)
    return str(event.data["id"])


def vote(state: BoardState, actor: Actor, target: str, op: str = "vote.add") -> Event:
    (event,) = run(state, op, {"note": target}, actor)
    return event


def seen_by(event: Event, viewer: Actor, disclosure: Disclosure = NAMED) -> dict[str, Any]:
    """The event frame `viewer` receives."""
    v = Viewer(viewer.id, viewer.role)
    return render_event(event, event_audience(event, v, disclosure, {}), disclosure)


@pytest.fixture
def state() -> BoardState:
    return BoardState("room")


def _open(state: BoardState, **data: Any) -> dict[str, Any]:
    (event,) = run(state, "voting.start", {"budget": 3, **data}, FAC)
    return event.data


# voting.start


def test_voting_starts_idle(state: BoardState) -> None:
    assert state.voting_dict() == {"status": "idle", "budget": 0, "max_per_note": 0,
                                   "hidden": False, "revealed": False, "target": "notes",
                                   "tally": None}


def test_voting_start_defaults(state: BoardState) -> None:
    data = _open(state)
    assert data == {"status": "open", "budget": 3, "max_per_note": 3, "hidden": False,
                    "revealed": False, "target": "notes", "tally": {}}
    assert state.voting_dict() == data


def test_voting_start_hidden_has_no_tally(state: BoardState) -> None:
    data = _open(state, max_per_note=1, hidden=True)
    assert (data["max_per_note"], data["hidden"], data["tally"]) == (1, True, None)
    assert state.voting_dict()["tally"] is None


@pytest.mark.parametrize("data, code", [
    ({}, "bad_message"),
    ({"budget": "3"}, "bad_message"),
    ({"budget": 3.0}, "bad_message"),
    ({"budget": 3, "max_per_note": "1"}, "bad_message"),
    ({"budget": 3, "hidden": "yes"}, "bad_message"),
    ({"budget": 0}, "invalid"),
    ({"budget": -1}, "invalid"),
    ({"budget": 101}, "invalid"),
    ({"budget": 3, "max_per_note": 0}, "invalid"),
    ({"budget": 3, "max_per_note": 4}, "invalid"),
    ({"budget": 3, "target": "people"}, "invalid"),
])
def test_voting_start_refusals(state: BoardState, data: dict[str, Any], code: str) -> None:
    assert refused(state, "voting.start", data, FAC) == code


def test_voting_start_limits_are_inclusive(state: BoardState) -> None:
    assert _open(state, budget=100, max_per_note=100)["budget"] == 100
    assert _open(state, budget=1)["budget"] == 1


def test_voting_start_clears_votes(state: BoardState) -> None:
    nid = add_note(state)
    _open(state)
    vote(state, ANN, nid)
    vote(state, BOB, nid)
    run(state, "voting.stop", {}, FAC)
    assert state.tally() == {nid: 2}
    data = _open(state)
    assert data["tally"] == {}
    assert state.votes == {} and state.tally() == {}
    vote(state, ANN, nid)
    _open(state)  # restarting an open session clears it too
    assert state.votes == {}


# vote.add / vote.remove


def test_vote_add_and_remove(state: BoardState) -> None:
    nid = add_note(state)
    _open(state)
    event = vote(state, ANN, nid)
    assert event.actor == "ann"
    assert event.data == {"note": nid, "voter": "ann", "delta": 1, "votes": 1,
                          "my_votes": {nid: 1}, "hidden": False}
    event = vote(state, BOB, nid)
    assert event.data["votes"] == 2 and event.data["my_votes"] == {nid: 1}
    event = vote(state, ANN, nid, "vote.remove")
    assert event.data == {"note": nid, "voter": "ann", "delta": -1, "votes": 1,
                          "my_votes": {}, "hidden": False}
    assert state.votes.get("ann", {}) == {} and state.votes["bob"] == {nid: 1}
    assert state.tally() == {nid: 1}


def test_votes_outside_an_open_session_are_voting_closed(state: BoardState) -> None:
    nid = add_note(state)
    assert refused(state, "vote.add", {"note": nid}, ANN) == "voting_closed"
    assert refused(state, "vote.remove", {"note": nid}, ANN) == "voting_closed"
    _open(state)
    vote(state, ANN, nid)
    run(state, "voting.stop", {}, FAC)
    assert refused(state, "vote.add", {"note": nid}, ANN) == "voting_closed"
    assert refused(state, "vote.remove", {"note": nid}, ANN) == "voting_closed"
    run(state, "voting.reveal", {}, FAC)
    assert refused(state, "vote.add", {"note": nid}, ANN) == "voting_closed"


def test_vote_refusals_before_voting_closed(state: BoardState) -> None:
    assert refused(state, "vote.add", {"note": "nope"}, ANN) == "not_found"
    assert refused(state, "vote.add", {}, ANN) == "bad_message"
    assert refused(state, "vote.add", {"note": 5}, ANN) == "bad_message"
    assert refused(state, "vote.remove", {"note": "nope"}, ANN) == "not_found"


def test_vote_remove_without_a_vote_is_invalid(state: BoardState) -> None:
    nid = add_note(state)
    _open(state)
    assert refused(state, "vote.remove", {"note": nid}, ANN) == "invalid"
    vote(state, BOB, nid)  # someone else's vote does not count
    assert refused(state, "vote.remove", {"note": nid}, ANN) == "invalid"


def test_budget_and_per_note_limit(state: BoardState) -> None:
    a, b, c = add_note(state), add_note(state), add_note(state)
    _open(state, budget=3, max_per_note=2)
    vote(state, ANN, a)
    vote(state, ANN, a)
    assert refused(state, "vote.add", {"note": a}, ANN) == "vote_note_limit"
    vote(state, ANN, b)
    assert refused(state, "vote.add", {"note": c}, ANN) == "vote_budget"
    # Both limits apply on `a`: vote_budget is checked first.
    assert refused(state, "vote.add", {"note": a}, ANN) == "vote_budget"
    # Budgets are per voter.
    vote(state, BOB, a)
    vote(state, BOB, a)
    vote(state, BOB, c)
    assert state.tally() == {a: 4, b: 1, c: 1}
    # Taking a vote back frees budget.
    vote(state, ANN, b, "vote.remove")
    vote(state, ANN, c)
    assert state.votes["ann"] == {a: 2, c: 1}


def test_max_per_note_defaults_to_the_budget(state: BoardState) -> None:
    nid = add_note(state)
    _open(state, budget=2)
    vote(state, ANN, nid)
    vote(state, ANN, nid)
    assert refused(state, "vote.add", {"note": nid}, ANN) == "vote_budget"


def test_facilitator_votes_too(state: BoardState) -> None:
    nid = add_note(state)
    _open(state)
    vote(state, FAC, nid)
    assert state.votes == {"fac": {nid: 1}}


# voting.stop / voting.reveal


def test_voting_stop_closes_with_the_tally(state: BoardState) -> None:
    nid = add_note(state)
    _open(state)
    vote(state, ANN, nid)
    (event,) = run(state, "voting.stop", {}, FAC)
    assert event.data == {"status": "closed", "budget": 3, "max_per_note": 3, "hidden": False,
                          "revealed": False, "target": "notes", "tally": {nid: 1}}
    assert state.voting.status == "closed"
    assert state.votes == {"ann": {nid: 1}}  # stopping keeps the votes


def test_voting_stop_refused_unless_open(state: BoardState) -> None:
    assert refused(state, "voting.stop", {}, FAC) == "voting_closed"
    _open(state)
    run(state, "voting.stop", {}, FAC)
    assert refused(state, "voting.stop", {}, FAC) == "voting_closed"


def test_reveal_only_when_closed(state: BoardState) -> None:
    nid = add_note(state)
    assert refused(state, "voting.reveal", {}, FAC) == "invalid"
    _open(state, hidden=True)
    vote(state, ANN, nid)
    assert refused(state, "voting.reveal", {}, FAC) == "invalid"
    (stop,) = run(state, "voting.stop", {}, FAC)
    assert stop.data["tally"] is None and stop.data["revealed"] is False
    assert state.voting_dict()["tally"] is None
    (reveal,) = run(state, "voting.reveal", {}, FAC)
    assert reveal.data["status"] == "closed" and reveal.data["revealed"] is True
    assert reveal.data["tally"] == {nid: 1}
    assert state.voting_dict()["tally"] == {nid: 1}


def test_reveal_of_a_public_vote(state: BoardState) -> None:
    nid = add_note(state)
    _open(state)
    vote(state, ANN, nid)
    run(state, "voting.stop", {}, FAC)
    (event,) = run(state, "voting.reveal", {}, FAC)
    assert event.data["tally"] == {nid: 1} and event.data["revealed"] is True


# Deleted targets


def test_votes_on_a_deleted_note_disappear(state: BoardState) -> None:
    a, b = add_note(state), add_note(state)
    _open(state, budget=2)
    vote(state, ANN, a)
    vote(state, ANN, b)
    vote(state, BOB, a)
    assert refused(state, "vote.add", {"note": a}, ANN) == "vote_budget"
    run(state, "note.delete", {"id": a}, FAC)
    assert state.tally() == {b: 1}
    assert state.votes_on(a) == 0
    assert state.voting_dict()["tally"] == {b: 1}
    assert refused(state, "vote.add", {"note": a}, ANN) == "not_found"
    assert refused(state, "vote.remove", {"note": a}, ANN) == "not_found"
    # The deleted note's vote is back in Ann's budget.
    vote(state, ANN, b)
    assert state.votes["ann"] == {b: 2}


def test_deleting_a_cluster_leaves_note_votes_alone(state: BoardState) -> None:
    nid = add_note(state)
    (c,) = run(state, "cluster.add", {"title": "T", "notes": [nid]}, FAC)
    _open(state)
    vote(state, ANN, nid)
    run(state, "cluster.delete", {"id": c.data["id"]}, FAC)
    assert state.tally() == {nid: 1}


# Voting on clusters


def _cluster(state: BoardState, title: str = "Theme") -> str:
    (event,) = run(state, "cluster.add", {"title": title}, FAC)
    return str(event.data["id"])


def test_cluster_target_voting(state: BoardState) -> None:
    nid = add_note(state)
    cid, other = _cluster(state), _cluster(state, "Other")
    data = _open(state, budget=2, max_per_note=1, target="clusters")
    assert data["target"] == "clusters"
    event = vote(state, ANN, cid)
    assert event.data["note"] == cid and event.data["votes"] == 1
    assert refused(state, "vote.add", {"note": nid}, ANN) == "not_found"
    assert refused(state, "vote.add", {"note": cid}, ANN) == "vote_note_limit"
    vote(state, ANN, other)
    assert refused(state, "vote.add", {"note": cid}, ANN) == "vote_budget"
    vote(state, BOB, cid)
    assert state.tally() == {cid: 2, other: 1}
    run(state, "cluster.delete", {"id": cid}, FAC)
    assert state.tally() == {other: 1}
    vote(state, ANN, other, "vote.remove")
    assert state.tally() == {}


def test_a_new_notes_session_stops_cluster_targets(state: BoardState) -> None:
    nid = add_note(state)
    cid = _cluster(state)
    _open(state, target="clusters")
    vote(state, ANN, cid)
    _open(state)
    assert state.voting.target == "notes"
    assert refused(state, "vote.add", {"note": cid}, ANN) == "not_found"
    vote(state, ANN, nid)


# What each viewer learns


def test_hidden_vote_is_empty_with_no_actor_for_everyone_but_the_voter(state: BoardState) -> None:
    nid = add_note(state)
    _open(state, hidden=True)
    event = vote(state, ANN, nid)
    for other in (BOB, FAC, Actor("wall", "wall")):
        frame = seen_by(event, other)
        assert frame["data"] == {} and frame["actor"] is None
        assert frame["seq"] == event.seq and frame["op"] == "vote.add"
    mine = seen_by(event, ANN)
    assert mine["data"] == {"note": nid, "my_votes": {nid: 1}}
    assert mine["actor"] == "ann"
    removed = vote(state, ANN, nid, "vote.remove")
    assert seen_by(removed, BOB)["data"] == {}
    assert seen_by(removed, ANN)["data"] == {"note": nid, "my_votes": {}}


def test_hidden_vote_stays_hidden_whatever_the_author_mode(state: BoardState) -> None:
    nid = add_note(state)
    _open(state, hidden=True)
    event = vote(state, ANN, nid)
    for mode in ("named", "group", "hidden"):
        assert seen_by(event, FAC, Disclosure(mode))["data"] == {}


def test_public_vote_shows_the_note_total(state: BoardState) -> None:
    nid = add_note(state)
    _open(state)
    vote(state, BOB, nid)
    event = vote(state, ANN, nid)
    frame = seen_by(event, BOB)
    assert frame["data"] == {"note": nid, "votes": 2}
    assert frame["actor"] == "ann"
    assert seen_by(event, FAC)["data"] == {"note": nid, "votes": 2}
    assert seen_by(event, ANN)["data"] == {"note": nid, "my_votes": {nid: 1}, "votes": 2}


def test_vote_frames_are_shared_per_audience(state: BoardState) -> None:
    nid = add_note(state)
    _open(state, hidden=True)
    event = vote(state, ANN, nid)
    keys = {event_audience(event, Viewer(a.id, a.role), NAMED, {}) for a in (BOB, FAC)}
    assert len(keys) == 1
    assert event_audience(event, Viewer("ann", "participant"), NAMED, {}) not in keys


def test_state_view_of_hidden_votes(state: BoardState) -> None:
    nid = add_note(state)
    _open(state, hidden=True, budget=2)
    vote(state, ANN, nid)
    vote(state, ANN, nid)
    for viewer, mine in ((ANN, {nid: 2}), (BOB, {}), (FAC, {})):
        s = state_view(state, Viewer(viewer.id, viewer.role), NAMED, NOW)
        assert s["voting"]["tally"] is None
        assert s["my_votes"] == mine
    run(state, "voting.stop", {}, FAC)
    s = state_view(state, Viewer("bob", "participant"), NAMED, NOW)
    assert s["voting"]["tally"] is None
    run(state, "voting.reveal", {}, FAC)
    s = state_view(state, Viewer("bob", "participant"), NAMED, NOW)
    assert s["voting"]["tally"] == {nid: 2} and s["voting"]["revealed"] is True


def test_state_view_of_public_votes(state: BoardState) -> None:
    nid = add_note(state)
    _open(state)
    vote(state, ANN, nid)
    s = state_view(state, Viewer("bob", "participant"), NAMED, NOW)
    assert s["voting"]["tally"] == {nid: 1} and s["my_votes"] == {}
