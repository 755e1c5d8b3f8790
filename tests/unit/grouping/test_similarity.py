"""Suggested groups across English, Estonian and German, titles, duplicates, similar notes."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from cocreate.grouping.similarity import Text, suggest

LABELLED = Path(__file__).resolve().parents[3] / "benchmarks" / "grouping" / "labelled_notes.json"

BUS_AND_LIBRARY = [
    Text("b1", "Bussiliinid peaksid ühendama külad linnaga"),
    Text("b2", "Bussiliinide sagedus on liiga väike"),
    Text("b3", "Mehr Buslinien in die Dörfer"),
    Text("b4", "More bus lines to the villages"),
    Text("l1", "Longer library opening hours"),
    Text("l2", "The library should open on Sundays"),
    Text("l3", "A library open in the evenings for working people"),
    Text("x1", "Plant more trees in the market square"),
]


def _groups(result: dict) -> list[set[str]]:
    return [set(g["notes"]) for g in result["groups"]]


def test_bus_lines_in_three_languages_group_apart_from_the_library() -> None:
    result = suggest(BUS_AND_LIBRARY)
    assert {"b1", "b2", "b3", "b4"} in _groups(result)
    assert {"l1", "l2", "l3"} in _groups(result)
    # A note like no other is in no group.
    assert not any("x1" in g for g in _groups(result))
    for group in result["groups"]:
        assert 0 < group["score"] <= 1


def test_titles_come_from_the_notes_own_words() -> None:
    library = next(g for g in suggest(BUS_AND_LIBRARY)["groups"] if "l1" in g["notes"])
    assert library["title"].startswith("Library")
    bus = next(g for g in suggest(BUS_AND_LIBRARY)["groups"] if "b1" in g["notes"])
    assert "bus" in bus["title"].lower()


def test_the_same_notes_give_the_same_suggestions_in_any_order() -> None:
    first = suggest(BUS_AND_LIBRARY)
    assert suggest(list(reversed(BUS_AND_LIBRARY))) == first
    assert suggest(BUS_AND_LIBRARY) == first


def test_granularity_loosens_and_tightens_the_groups() -> None:
    notes = [Text(n["id"], n["text"], n["lang"])
             for n in json.loads(LABELLED.read_text())["notes"]]
    sizes = {g: sum(len(x["notes"]) for x in suggest(notes, g)["groups"]) for g in (0, 0.5, 1)}
    counts = {g: len(suggest(notes, g)["groups"]) for g in (0, 0.5, 1)}
    # Fewer, larger groups at 0; more notes left out and smaller groups at 1.
    assert sizes[0] > sizes[0.5] >= sizes[1]
    assert sizes[0] / counts[0] > sizes[1] / counts[1]


def test_near_duplicates_are_paired_and_empty_or_single_input_gives_nothing() -> None:
    notes = [Text("a", "More bus lines to the villages"),
             Text("b", "More bus lines to the villages!"),
             Text("c", "Longer library opening hours")]
    assert suggest(notes)["duplicates"] == [["a", "b"]]
    assert suggest([Text("a", "Only one")]) == {"groups": [], "duplicates": []}
    assert suggest([Text("a", "the and of"), Text("b", "ja on ning")]) == {
        "groups": [], "duplicates": []}


def test_nothing_leaves_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a suggestion tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    assert {"b1", "b2", "b3", "b4"} in _groups(suggest(BUS_AND_LIBRARY))
