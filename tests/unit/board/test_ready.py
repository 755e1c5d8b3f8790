"""The ready-check: who is done, counts for everyone, names for no one else."""

from __future__ import annotations

import pytest

from cocreate.board.errors import BoardError
from cocreate.board.ready import ready_counts
from cocreate.board.redaction import (
    Disclosure,
    Viewer,
    event_audience,
    render_event,
    state_view,
)
from cocreate.board.state import Actor, BoardState, Event
from support.rules import run_op

NOW = 1_700_000_000_000
FAC = Actor("fac", "facilitator", "Fran")
ANN = Actor("ann", "participant", "Ann", "Residents")
BOB = Actor("bob", "participant", "Bob", "Council")
WALL = Actor("wall", "wall", "Projector")
PRESENT = [{"id": "ann", "role": "participant"}, {"id": "bob", "role": "participant"},
           {"id": "fac", "role": "facilitator"}, {"id": "wall", "role": "wall"}]


def _ready(state: BoardState, actor: Actor, value: bool = True) -> Event:
    (event,) = run_op(state, "ready.set", {"ready": value}, actor, NOW)
    return event


def test_done_and_undone_are_counted_over_participants_with_a_socket() -> None:
    state = BoardState("r1")
    _ready(state, ANN)
    assert state.ready == {"ann"}
    assert ready_counts(state.ready, PRESENT) == {"done": 1, "of": 2}
    _ready(state, BOB)
    _ready(state, ANN, False)
    assert state.ready == {"bob"}
    # Bob's socket closed: he is still done, but not counted while away.
    assert ready_counts(state.ready, PRESENT[:1] + PRESENT[2:]) == {"done": 0, "of": 1}


def test_a_round_start_clears_the_ready_check() -> None:
    state = BoardState("r1")
    run_op(state, "agenda.set", {"rounds": [{"title": "Ideas", "seconds": 60}]}, FAC, NOW)
    _ready(state, ANN)
    run_op(state, "round.start", {}, FAC, NOW)
    assert state.ready == set()


@pytest.mark.parametrize("actor, code", [(FAC, "forbidden"), (WALL, "forbidden")])
def test_only_participants_say_they_are_done(actor: Actor, code: str) -> None:
    with pytest.raises(BoardError) as e:
        run_op(BoardState("r1"), "ready.set", {"ready": True}, actor, NOW)
    assert e.value.code == code


@pytest.mark.parametrize("data", [{}, {"ready": "yes"}, {"ready": 1}])
def test_ready_must_be_true_or_false(data: dict[str, object]) -> None:
    with pytest.raises(BoardError) as e:
        run_op(BoardState("r1"), "ready.set", data, ANN, NOW)
    assert e.value.code == "bad_message"


@pytest.mark.parametrize("disclosure", [Disclosure("group"), Disclosure("hidden"),
                                        Disclosure("hidden", facilitator_sees_authors=True)])
def test_without_names_no_one_but_the_sender_learns_who_is_done(
        disclosure: Disclosure) -> None:
    state = BoardState("r1")
    event = _ready(state, ANN)
    for viewer in (Viewer("bob", "participant"), Viewer("fac", "facilitator"),
                   Viewer("wall", "wall")):
        frame = render_event(event, event_audience(event, viewer, disclosure, {}), disclosure)
        assert frame["actor"] is None and frame["data"] == {"ready": True}
        view = state_view(state, viewer, disclosure, NOW, PRESENT)["ready"]
        assert view == {"done": 1, "of": 2, "mine": False}
    mine = render_event(event, event_audience(event, Viewer("ann", "participant"), disclosure,
                                              {}), disclosure)
    assert mine["actor"] == "ann"
    assert state_view(state, Viewer("ann", "participant"), disclosure, NOW,
                      PRESENT)["ready"]["mine"] is True


def test_with_names_the_facilitator_sees_who_is_done_and_participants_do_not() -> None:
    named = Disclosure("named")
    state = BoardState("r1")
    event = _ready(state, ANN)
    fac = render_event(event, event_audience(event, Viewer("fac", "facilitator"), named, {}),
                       named)
    assert fac["actor"] == "ann"
    assert state_view(state, Viewer("fac", "facilitator"), named, NOW,
                      PRESENT)["ready"]["who"] == ["ann"]
    bob = render_event(event, event_audience(event, Viewer("bob", "participant"), named, {}),
                       named)
    assert bob["actor"] is None
    assert "who" not in state_view(state, Viewer("bob", "participant"), named, NOW,
                                   PRESENT)["ready"]
