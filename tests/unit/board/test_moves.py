"""Where a move event sends one participant."""

from __future__ import annotations

from typing import Any

from cocreate.board.moves import MOVE_OPS, destination
from cocreate.board.participants import Participant
from cocreate.board.state import Event, Role


def person(pid: str, role: Role = "participant") -> Participant:
    return Participant(pid, "w1", pid, role, None, None, "onsite", "b1")


def event(op: str, data: dict[str, Any]) -> Event:
    return Event("b1", 7, op, "fac", 1, data)


def test_an_assignment_moves_only_the_one_it_names() -> None:
    assign = event("room.assign", {"participant": "ann", "room": "b2"})
    assert destination(assign, person("ann")) == "b2"
    assert destination(assign, person("bob")) is None


def test_a_split_moves_everyone_it_assigns() -> None:
    split = event("rooms.split", {"assignments": {"ann": "b2", "bob": "b3"}, "rooms": []})
    assert destination(split, person("ann")) == "b2"
    assert destination(split, person("bob")) == "b3"
    assert destination(split, person("fac", "facilitator")) is None


def test_a_recall_brings_participants_back_and_leaves_facilitators_and_walls() -> None:
    recall = event("rooms.recall", {"room": "plenary"})
    assert destination(recall, person("ann")) == "plenary"
    assert destination(recall, person("fac", "facilitator")) is None
    assert destination(recall, person("wall", "wall")) is None


def test_other_ops_move_nobody() -> None:
    assert "note.add" not in MOVE_OPS
    assert destination(event("announce", {"text": "hi"}), person("ann")) is None
