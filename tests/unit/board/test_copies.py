"""Copies of notes as ordinary board events: decided one after another, so that a
replay of the events builds the very board the copies were decided on."""

from __future__ import annotations

import itertools

from cocreate import board
from cocreate.board import layout
from cocreate.board.copies import Draft
from cocreate.board.redaction import Disclosure, Viewer, event_audience, render_event
from cocreate.board.rule import Context
from cocreate.board.state import Actor, BoardState, Event, Note

NOW = 1_700_000_000_000
_ids = itertools.count(1)
CTX = Context(NOW, lambda: f"c{next(_ids)}")


def _original(i: int, author: str = "ann") -> Note:
    return Note(f"n{i}", f"Idea {i}", "green", 0, 0, None, author, 1000 + i, 1000 + i,
                "Residents")


def _board_with_a_note_below_the_origin() -> BoardState:
    state = BoardState("plenary")
    for change in board.decide(state, "note.add", {"text": "In the way", "x": 40, "y": 60},
                               Actor("bob", "participant"), CTX):
        board.apply(state, Event("plenary", state.seq + 1, change.op, "bob", NOW, change.data))
    return state


def test_the_events_rebuild_the_board_they_were_decided_on_and_the_original_is_untouched() -> None:
    state = _board_with_a_note_below_the_origin()
    before = {n.id: (n.x, n.y) for n in state.notes.values()}
    draft = Draft.of(state)
    frame = draft.add_frame("Transport", "b1", 5, CTX)
    for i in range(5):
        draft.add_copy(frame, "b1", _original(i), CTX)
    assert {n.id: (n.x, n.y) for n in state.notes.values()} == before and not state.clusters
    for change in draft.changes:
        board.apply(state, Event("plenary", state.seq + 1, change.op, "fac", NOW, change.data))
    assert {n.id: (n.x, n.y, n.cluster) for n in state.notes.values()} == \
        {n.id: (n.x, n.y, n.cluster) for n in draft.state.notes.values()}
    boxes = [b for _, _, b in layout.Plan(state).items()]
    assert len(boxes) == 2 and not boxes[0].clashes(boxes[1])  # the frame covers nothing
    copies = [n for n in state.notes.values() if n.cluster == frame]
    assert [n.text for n in sorted(copies, key=lambda n: (n.y, n.x))] == \
        [f"Idea {i}" for i in range(5)]
    assert all(n.source == {"room": "b1", "note": f"n{i}"} and n.created == 1000 + i
               for i, n in enumerate(sorted(copies, key=lambda n: (n.y, n.x))))


def test_a_copy_shows_its_author_only_as_the_author_display_rule_allows() -> None:
    draft = Draft.of(BoardState("plenary"))
    frame = draft.add_frame("Transport", "b1", 1, CTX)
    draft.add_copy(frame, "b1", _original(1, author="ann"), CTX)
    change = draft.changes[-1]
    event = Event("plenary", 2, change.op, "fac", NOW, change.data)
    hidden = Disclosure("hidden", facilitator_sees_authors=False)

    def seen_by(viewer: Viewer) -> dict[str, object]:
        return render_event(event, event_audience(event, viewer, hidden, {}), hidden)

    other = seen_by(Viewer("bob", "participant"))
    assert other["data"]["author"] is None and other["actor"] is None  # type: ignore[index]
    assert "author_group" not in other["data"]  # type: ignore[operator]
    own = seen_by(Viewer("ann", "participant"))
    assert own["data"]["author"] == "ann"  # type: ignore[index]
    assert seen_by(Viewer("fac", "facilitator"))["data"]["author"] is None  # type: ignore[index]
