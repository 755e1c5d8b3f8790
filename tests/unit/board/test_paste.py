"""`notes.paste`: many lines as notes in one event, under the rules of `note.add`."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cocreate import board
from cocreate.board import layout, limits
from cocreate.board.redaction import Disclosure, RoomRedaction, Viewer, event_audience, render_event
from cocreate.board.state import Actor, BoardState
from support.rules import context, run_op

NOW = 1_700_000_000_000
FAC = Actor("fac", "facilitator", "Fran", "Facilitation")
ANN = Actor("ann", "participant", "Ann", "Residents")
BOB = Actor("bob", "participant", "Bob", "Council")
WALL = Actor("wall", "wall", "Projector")


def refused(state: BoardState, data: dict[str, Any], actor: Actor) -> str:
    before = copy.deepcopy(state)
    with pytest.raises(board.BoardError) as info:
        board.decide(state, "notes.paste", data, actor, context(NOW))
    assert state == before
    return info.value.code


def test_each_line_becomes_a_note_of_its_sender_in_one_event_in_a_grid() -> None:
    state = BoardState("r")
    (event,) = run_op(state, "notes.paste", {"lines": ["Bikes", "", "  ", "Trams", "Buses"],
                                             "color": "blue", "x": 100, "y": 100}, ANN, NOW)
    assert event.op == "notes.paste"
    assert [n["text"] for n in event.data["notes"]] == ["Bikes", "Trams", "Buses"]
    assert [n.text for n in state.notes.values()] == ["Bikes", "Trams", "Buses"]
    assert {(n.author, n.author_group, n.color) for n in state.notes.values()} == {
        ("ann", "Residents", "blue")}
    boxes = [layout.note_box(n.x, n.y) for n in state.notes.values()]
    assert not any(a.clashes(b, margin=0) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert len({n.y for n in state.notes.values()}) == 2  # 3 lines: 2 columns, 2 rows


def test_pasted_into_a_cluster_the_notes_join_its_frame() -> None:
    state = BoardState("r")
    (made,) = run_op(state, "cluster.add", {"title": "Transport"}, FAC, NOW)
    run_op(state, "notes.paste", {"lines": ["A", "B"], "cluster": made.data["id"]}, BOB, NOW)
    assert {n.cluster for n in state.notes.values()} == {made.data["id"]}


def test_the_rules_of_note_add_hold() -> None:
    state = BoardState("r")
    assert refused(state, {"lines": "A\nB"}, ANN) == "bad_message"
    assert refused(state, {"lines": [1, 2]}, ANN) == "bad_message"
    assert refused(state, {"lines": ["", " "]}, ANN) == "invalid"
    assert refused(state, {"lines": ["x"] * (limits.PASTE_LINES_MAX + 1)}, ANN) == "invalid"
    assert refused(state, {"lines": ["ok", "x" * (limits.NOTE_TEXT_MAX + 1)]}, ANN) == "invalid"
    assert refused(state, {"lines": ["ok"], "cluster": "nope"}, ANN) == "not_found"
    assert refused(state, {"lines": ["ok"]}, WALL) == "forbidden"
    run_op(state, "board.lock", {}, FAC, NOW)
    assert refused(state, {"lines": ["ok"]}, ANN) == "locked"
    run_op(state, "notes.paste", {"lines": ["x"] * limits.PASTE_LINES_MAX}, FAC, NOW)
    assert len(state.notes) == limits.PASTE_LINES_MAX


def test_in_a_private_round_others_see_only_that_notes_came() -> None:
    state = BoardState("r", private_round=True)
    redaction = RoomRedaction.of(state, Disclosure())
    (event,) = run_op(state, "notes.paste", {"lines": ["Secret", "Also"]}, ANN, NOW)
    assert all(n.private for n in state.notes.values())
    redaction.after(event)
    assert set(redaction.private_authors.values()) == {"ann"}
    bob = event_audience(event, Viewer("bob", "participant"), Disclosure(), {})
    frame = render_event(event, bob, Disclosure())
    assert "Secret" not in str(frame) and frame["actor"] is None
    assert [set(n) for n in frame["data"]["notes"]] == [{"id", "private"}] * 2
    own = render_event(event, event_audience(event, Viewer("ann", "participant"),
                                             Disclosure(), {}), Disclosure())
    assert [n["text"] for n in own["data"]["notes"]] == ["Secret", "Also"]


def test_hidden_authors_stay_hidden_in_the_event() -> None:
    state = BoardState("r")
    (event,) = run_op(state, "notes.paste", {"lines": ["Mine"]}, ANN, NOW)
    hidden = Disclosure("hidden", False)
    frame = render_event(event, event_audience(event, Viewer("bob", "participant"), hidden, {}),
                         hidden)
    assert frame["actor"] is None and frame["data"]["notes"][0]["author"] is None
