"""Rounds: the agenda, starting and ending rounds, private ideation."""

from __future__ import annotations

import pytest

from cocreate import board
from cocreate.board.errors import BoardError
from cocreate.board.redaction import Disclosure, Viewer, state_view
from cocreate.board.state import Actor, BoardState, Event
from support.rules import accept, context, run_op

FAC = Actor("fac", "facilitator", "Fran")
ANN = Actor("ann", "participant", "Ann", "NGO")
BOB = Actor("bob", "participant", "Bob", "City")


def run(state: BoardState, op: str, data: dict, actor: Actor, now: int = 1_000) -> list[Event]:
    return run_op(state, op, data, actor, now)


AGENDA = {"rounds": [
    {"title": "Silent ideation", "seconds": 420, "private": True},
    {"title": "Cluster", "seconds": 600},
    {"title": "Dot vote", "seconds": 300, "lock": True,
     "voting": {"budget": 5, "max_per_note": 2, "hidden": True}},
]}


@pytest.fixture
def state() -> BoardState:
    s = BoardState("room")
    run(s, "agenda.set", AGENDA, FAC)
    return s


def test_starting_a_round_sets_timer_lock_privacy_and_voting(state: BoardState) -> None:
    (start,) = run(state, "round.start", {}, FAC, now=5_000)
    assert start.data["index"] == 0
    assert state.timer.status == "running" and state.timer.ends_at == 5_000 + 420_000
    assert state.timer.label == "Silent ideation"
    assert state.private_round and not state.locked
    run(state, "round.start", {"index": 2}, FAC)
    assert state.locked and not state.private_round
    assert (state.voting.status, state.voting.budget, state.voting.max_per_note,
            state.voting.hidden) == ("open", 5, 2, True)


def test_private_notes_are_hidden_until_the_round_ends(state: BoardState) -> None:
    run(state, "round.start", {}, FAC)
    (added,) = run(state, "note.add", {"text": "secret"}, ANN)
    note_id = added.data["id"]
    bob_sees = state_view(state, Viewer("bob", "participant"), Disclosure(), 0)
    assert note_id not in [n["id"] for n in bob_sees["notes"]]
    ann_sees = state_view(state, Viewer("ann", "participant"), Disclosure(), 0)
    assert [n["text"] for n in ann_sees["notes"]] == ["secret"]
    events = run(state, "round.end", {}, FAC)
    assert [e.op for e in events] == ["notes.reveal", "round.end"]
    assert events[0].data["notes"][0]["text"] == "secret"
    assert events[1].data["snapshot"]["name"] == "After: Silent ideation"
    bob_sees = state_view(state, Viewer("bob", "participant"), Disclosure(), 0)
    assert [n["text"] for n in bob_sees["notes"]] == ["secret"]
    assert not state.private_round and state.timer.status == "idle"


def test_next_round_after_an_ended_one_is_the_first_not_done(state: BoardState) -> None:
    run(state, "round.start", {}, FAC)
    run(state, "round.end", {}, FAC)
    (start,) = [e for e in run(state, "round.start", {}, FAC) if e.op == "round.start"]
    assert start.data["index"] == 1
    events = run(state, "round.start", {}, FAC)  # ends round 2, starts round 3
    assert [e.op for e in events] == ["round.end", "round.start"]
    assert events[-1].data["index"] == 2
    run(state, "round.end", {}, FAC)
    assert [r["done"] for r in state.agenda] == [True, True, True]
    with pytest.raises(BoardError) as refused:
        run(state, "round.start", {}, FAC)
    assert refused.value.code == "invalid"


def test_ending_a_vote_round_closes_the_vote_and_keeps_it_hidden(state: BoardState) -> None:
    (added,) = run(state, "note.add", {"text": "idea"}, ANN)
    run(state, "round.start", {"index": 2}, FAC)
    run(state, "vote.add", {"note": added.data["id"]}, BOB)
    (end,) = run(state, "round.end", {}, FAC)
    assert end.data["voting"]["status"] == "closed"
    assert end.data["voting"]["tally"] is None
    assert state.tally() == {added.data["id"]: 1}
    assert not state.locked


def test_round_ops_are_for_facilitators_and_need_an_agenda() -> None:
    s = BoardState("room")
    for op in ("agenda.set", "round.start", "round.end", "notes.reveal", "snapshot.save"):
        with pytest.raises(BoardError) as refused:
            run(s, op, {}, ANN)
        assert refused.value.code == "forbidden"
    with pytest.raises(BoardError) as refused:
        run(s, "round.start", {}, FAC)
    assert refused.value.code == "invalid"
    with pytest.raises(BoardError) as refused:
        run(s, "round.end", {}, FAC)
    assert refused.value.code == "invalid"
    with pytest.raises(BoardError) as refused:
        run(s, "agenda.set", {"rounds": [{"title": ""}]}, FAC)
    assert refused.value.code == "invalid"
    with pytest.raises(BoardError) as refused:
        run(s, "agenda.set", {"rounds": "no"}, FAC)
    assert refused.value.code == "bad_message"


def test_agenda_set_keeps_done_for_rounds_that_keep_their_id(state: BoardState) -> None:
    run(state, "round.start", {}, FAC)
    run(state, "round.end", {}, FAC)
    kept = [dict(r) for r in state.agenda]
    run(state, "agenda.set", {"rounds": kept + [{"title": "Discuss"}]}, FAC)
    assert [r["done"] for r in state.agenda] == [True, False, False, False]


def test_next_round_follows_the_round_that_ended_last_not_the_first(state: BoardState) -> None:
    run(state, "round.start", {"index": 1}, FAC)  # the facilitator skips round 1
    run(state, "round.end", {}, FAC)
    (start,) = [e for e in run(state, "round.start", {}, FAC) if e.op == "round.start"]
    assert start.data["index"] == 2
    run(state, "round.end", {}, FAC)
    # past the last round, the one left out comes next
    (start,) = [e for e in run(state, "round.start", {}, FAC) if e.op == "round.start"]
    assert start.data["index"] == 0


def test_agenda_set_keeps_which_round_ended_last(state: BoardState) -> None:
    run(state, "round.start", {"index": 1}, FAC)
    run(state, "round.end", {}, FAC)
    run(state, "agenda.set", {"rounds": [dict(r) for r in state.agenda]}, FAC)
    (start,) = [e for e in run(state, "round.start", {}, FAC) if e.op == "round.start"]
    assert start.data["index"] == 2


def test_revealing_private_notes_ends_the_rounds_privacy(state: BoardState) -> None:
    run(state, "round.start", {}, FAC)
    run(state, "note.add", {"text": "secret"}, ANN)
    run(state, "notes.reveal", {}, FAC)
    assert not state.private_round
    run(state, "note.add", {"text": "said aloud"}, ANN)
    bob_sees = state_view(state, Viewer("bob", "participant"), Disclosure(), 0)
    assert sorted(n["text"] for n in bob_sees["notes"]) == ["said aloud", "secret"]
    assert not bob_sees["private_round"]


def _tick(state: BoardState, now: int) -> list[Event]:
    """What the server's due-timer loop does: decide timer.end, apply its events."""
    return accept(state, board.decide_server(state, "timer.end", context(now)), None, now)


def test_a_lock_at_end_round_locks_the_board_once_when_its_time_runs_out() -> None:
    s = BoardState("room")
    run(s, "agenda.set", {"rounds": [{"title": "Write", "seconds": 60, "lock_at_end": True}]},
        FAC)
    assert s.agenda[0]["lock_at_end"] and not s.agenda[0]["lock"]
    run(s, "round.start", {}, FAC, now=1_000)
    assert not s.locked  # `lock` still means "locked while it runs"
    events = _tick(s, 61_000)
    assert [(e.op, e.actor) for e in events] == [("timer.end", None), ("board.lock", None)]
    assert s.locked
    with pytest.raises(BoardError) as again:  # a second process sees it is no longer due
        _tick(s, 61_200)
    assert again.value.code == "invalid"
    with pytest.raises(BoardError) as locked:
        run(s, "note.add", {"text": "too late"}, ANN)
    assert locked.value.code == "locked"


def test_a_round_without_lock_at_end_stays_open_when_its_time_runs_out(
        state: BoardState) -> None:
    run(state, "round.start", {}, FAC, now=1_000)
    assert [e.op for e in _tick(state, 1_000 + 420_000)] == ["timer.end"]
    assert not state.locked


def test_time_added_into_the_past_also_locks_a_lock_at_end_round() -> None:
    s = BoardState("room")
    run(s, "agenda.set", {"rounds": [{"title": "Write", "seconds": 60, "lock_at_end": True}]},
        FAC)
    run(s, "round.start", {}, FAC, now=1_000)
    events = run(s, "timer.add", {"seconds": -120}, FAC, now=2_000)
    assert [e.op for e in events] == ["timer.add", "timer.end", "board.lock"]
    assert s.locked
