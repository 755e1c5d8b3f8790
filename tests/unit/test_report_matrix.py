"""A matrix vote in the room reports: means per criterion and scorer counts."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from cocreate.report_formats import CSV_COLUMNS, to_csv, to_json, to_markdown
from cocreate.report_matrix import CSV_COLUMNS as MATRIX_COLUMNS

T0 = 1_714_564_800_000
WORKSHOP = {"id": "w1", "title": "Parks", "challenge": "", "constraints": [], "groups": [],
            "authors": "named", "join_code": "SECRET7", "plenary_room_id": "r1", "rooms": []}
ROOM = {"id": "r1", "name": "Plenary", "plenary": True}
RESULTS = {"n1": {"means": {"Impact": 4.5, "Ease": 2.0}, "count": 2},
           "n2": {"means": {"Impact": 1.67, "Ease": 5.0}, "count": 3}}


def _note(id: str, text: str, created: int) -> dict[str, Any]:
    return {"id": id, "text": text, "color": "yellow", "x": 0, "y": 0, "cluster": None,
            "author": None, "created": created, "updated": created}


def _state(results: dict[str, Any] | None, status: str = "closed") -> dict[str, Any]:
    return {"notes": [_note("n1", "Benches", T0), _note("n2", "=Shade", T0 + 1),
                      _note("n3", "Fountain", T0 + 2)],
            "clusters": [],
            "voting": {"status": status, "budget": 0, "max_per_note": 0, "hidden": True,
                       "revealed": results is not None, "target": "notes", "kind": "matrix",
                       "criteria": ["Impact", "Ease"], "tally": None if results is None else {},
                       "results": results},
            "timer": {"status": "idle", "label": "", "duration_ms": 0, "ends_at": None,
                      "remaining_ms": 0}, "locked": False}


def test_markdown_shows_the_means_ordered_by_the_first_criterion() -> None:
    md = to_markdown(WORKSHOP, ROOM, _state(RESULTS), {})
    table = md.split("## Vote totals", 1)[1]
    assert "| Note | Cluster | Impact | Ease | Scorers |" in table
    assert (table.index("Benches |  | 4.50 | 2.00 | 2 |")
            < table.index("Shade |  | 1.67 | 5.00 | 3"))
    assert "Fountain" not in table  # nobody scored it
    assert "votes" not in md.lower().replace("vote totals", "")


def test_markdown_says_the_scores_are_hidden() -> None:
    md = to_markdown(WORKSHOP, ROOM, _state(None), {}, "de")
    assert "Die Bewertungen bleiben verborgen" in md and "4.50" not in md


def test_csv_adds_the_means_and_defuses_names() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(WORKSHOP, ROOM, _state(RESULTS), {}))))
    assert tuple(rows[0]) == CSV_COLUMNS + MATRIX_COLUMNS
    by_note = {r[1]: r for r in rows[1:]}
    assert by_note["Benches"][-5:] == ["Impact", "4.50", "Ease", "2.00", "2"]
    assert by_note["'=Shade"][-5:] == ["Impact", "1.67", "Ease", "5.00", "3"]
    assert by_note["Fountain"][-5:] == ["Impact", "", "Ease", "", ""]
    assert all(r[2] == "" for r in rows[1:])  # no dot votes


@pytest.mark.parametrize("results", [RESULTS, None])
def test_json_gives_each_note_its_scores(results: dict[str, Any] | None) -> None:
    doc = json.loads(to_json(WORKSHOP, ROOM, _state(results), {}))
    assert doc["voting"]["criteria"] == ["Impact", "Ease"]
    scores = {n["id"]: n["scores"] for n in doc["ungrouped"]}
    if results is None:
        assert scores == {"n1": None, "n2": None, "n3": None}
        assert doc["voting"]["results"] is None
    else:
        assert scores == {"n1": RESULTS["n1"], "n2": RESULTS["n2"], "n3": None}


def test_a_dot_vote_report_has_no_matrix_columns() -> None:
    state = _state(None)
    state["voting"] = {"status": "closed", "budget": 3, "max_per_note": 3, "hidden": False,
                       "revealed": False, "target": "notes", "tally": {"n1": 2}}
    rows = list(csv.reader(io.StringIO(to_csv(WORKSHOP, ROOM, state, {}))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert "scores" not in json.loads(to_json(WORKSHOP, ROOM, state, {}))["ungrouped"][0]
