"""The overview's preview of a room: where notes and frames are, their colours and
first words, bounded in size, and nothing a redacted board would not show."""

from __future__ import annotations

import json
from typing import Any

from cocreate.board.layout import frame_box
from cocreate.board.preview import CLUSTERS_MAX, NOTES_MAX, TEXT_MAX, preview
from cocreate.board.state import Actor, BoardState
from support.rules import run_op

NOW = 1_700_000_000_000
FAC = Actor("fac", "facilitator", "Fran")
ANN = Actor("ann", "participant", "Ann", "Residents")
BOB = Actor("bob", "participant", "Bob", "Council")


def _op(state: BoardState, op: str, data: dict[str, Any], actor: Actor = ANN,
        now: int = NOW) -> dict[str, Any]:
    return run_op(state, op, data, actor, now)[-1].data


def _note(state: BoardState, text: str, actor: Actor = ANN, now: int = NOW,
          **data: Any) -> str:
    note_id: str = _op(state, "note.add", {"text": text, **data}, actor, now)["id"]
    return note_id


def test_a_preview_is_positions_colours_and_first_words_without_ids_or_authors() -> None:
    state = BoardState("r1")
    long = "Car-free Sundays in the old town, every month, from May to September"
    a = _note(state, long, x=100.4, y=200.6, color="blue")
    _note(state, "Bike lanes", BOB, x=700, y=200)
    frame = _op(state, "cluster.add", {"title": "Mobility", "notes": [a]}, FAC)
    view = preview(state)
    assert [n["text"] for n in view["notes"]] == [long[:TEXT_MAX], "Bike lanes"]
    first = view["notes"][0]
    assert first["color"] == "blue" and isinstance(first["x"], int), first
    assert (first["x"], first["y"]) == (round(state.notes[a].x), round(state.notes[a].y))
    box = frame_box(frame["x"], frame["y"], 1)
    assert view["clusters"] == [{"x": round(box.x), "y": round(box.y), "w": round(box.w),
                                 "h": round(box.h), "title": "Mobility", "notes": 1}]
    assert view["more"] == 0 and view["private"] == 0
    # The bounds hold every note and frame, so the thumbnail scales the whole board.
    b = view["bounds"]
    for n in view["notes"]:
        assert b["x"] <= n["x"] and n["x"] + 200 <= b["x"] + b["w"] + 1, (n, b)
    text = json.dumps(view)
    for secret in (a, "ann", "bob", "Ann", "Residents", frame["id"]):
        assert f'"{secret}"' not in text, secret


def test_private_notes_are_counted_but_never_drawn_until_the_reveal() -> None:
    state = BoardState("r1")
    _note(state, "Public idea")
    _op(state, "agenda.set", {"rounds": [{"title": "Quiet", "private": True}]}, FAC)
    _op(state, "round.start", {}, FAC)
    _note(state, "SECRET quiet idea", x=555_555, y=444_444)
    view = preview(state)
    assert [n["text"] for n in view["notes"]] == ["Public idea"]
    assert view["private"] == 1
    text = json.dumps(view)
    assert "SECRET" not in text and "555555" not in text and "444444" not in text
    assert view["bounds"]["x"] + view["bounds"]["w"] < 555_555
    _op(state, "notes.reveal", {}, FAC)
    view = preview(state)
    assert sorted(n["text"] for n in view["notes"]) == ["Public idea", "SECRET quiet idea"]
    assert view["private"] == 0


def test_hidden_votes_show_no_count_and_order_nothing_until_revealed() -> None:
    state = BoardState("r1")
    a, b = _note(state, "First"), _note(state, "Second")
    _op(state, "voting.start", {"budget": 3, "hidden": True}, FAC)
    _op(state, "vote.add", {"note": b}, BOB)
    _op(state, "vote.add", {"note": b}, ANN)
    hidden = preview(state)
    assert all("votes" not in n for n in hidden["notes"]), hidden
    assert [n["text"] for n in hidden["notes"]] == ["First", "Second"]
    _op(state, "voting.stop", {}, FAC)
    assert all("votes" not in n for n in preview(state)["notes"])
    _op(state, "voting.reveal", {}, FAC)
    shown = {n["text"]: n["votes"] for n in preview(state)["notes"]}
    assert shown == {"First": 0, "Second": 2}
    assert state.notes[a].text == "First"


def test_open_votes_on_clusters_count_on_the_frames() -> None:
    state = BoardState("r1")
    a = _note(state, "One")
    frame = _op(state, "cluster.add", {"title": "Theme", "notes": [a]}, FAC)
    _op(state, "voting.start", {"budget": 2, "target": "clusters"}, FAC)
    _op(state, "vote.add", {"note": frame["id"]}, BOB)
    view = preview(state)
    assert view["clusters"][0]["votes"] == 1
    assert all("votes" not in n for n in view["notes"])


def test_the_preview_is_bounded_whatever_the_board_holds() -> None:
    state = BoardState("r1")
    for i in range(NOTES_MAX + 15):
        _note(state, f"Note {i} " + "x" * 900, now=NOW + i, x=i * 10, y=0)
    for i in range(CLUSTERS_MAX + 5):
        _op(state, "cluster.add", {"title": f"Theme {i} " + "y" * 150}, FAC)
    view = preview(state)
    assert len(view["notes"]) == NOTES_MAX and view["more"] == 15
    # The most recently changed notes are the ones shown.
    assert view["notes"][0]["text"].startswith("Note 15 ")
    assert all(len(n["text"]) <= TEXT_MAX for n in view["notes"])
    assert len(view["clusters"]) == CLUSTERS_MAX
    assert all(len(c["title"]) <= TEXT_MAX for c in view["clusters"])
    assert len(json.dumps(view)) < 10_000
