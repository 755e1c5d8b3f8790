"""The workshop's report as pure renderers: ranks with ties, escaping, participation,
flags by boundary, and the HTML the PDF is made from."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from cocreate import report_workshop, report_workshop_html

Shape = dict[str, Any]
ROOMS = [{"id": "r1", "name": "Plenary", "plenary": True},
         {"id": "r2", "name": "Kesklinn", "plenary": False}]


def _workshop(authors: str = "group") -> Shape:
    return {"id": "w1", "title": "Linnaruum <b>kõigile</b>", "challenge": "Kuidas?",
            "constraints": ["Eelarve"], "groups": ["Linn", "MTÜ"], "authors": authors,
            "language": "et", "boundaries": [{"id": "b1", "text": "Eelarve"}],
            "flags": [{"target": {"note": "n3"}, "boundary": "b1", "reason": "Liiga kallis"},
                      {"target": {"note": "gone"}, "boundary": "b1", "reason": "x"}],
            "challenges": [{"boundary": "b1", "text": "Arutada", "created": 1}],
            "rooms": ROOMS}


def _note(note_id: str, text: str, cluster: str | None = None, group: str | None = "Linn",
          author: str | None = None) -> Shape:
    return {"id": note_id, "text": text, "color": "yellow", "x": 0, "y": 0, "cluster": cluster,
            "author": author, "author_group": group, "created": int(note_id[1:]),
            "updated": 0, "private": False, "source": None}


def _boards(tally: dict[str, int] | None) -> list[tuple[Shape, Shape]]:
    plenary = {"notes": [_note("n1", "Rattad", "c1"), _note("n2", "Pingid", "c1"),
                         _note("n3", "=cmd", None, "MTÜ")],
               "clusters": [{"id": "c1", "title": "Liikumine"}],
               "voting": {"status": "closed", "target": "notes", "hidden": True,
                          "tally": tally},
               "actions": [], "results_by_group": None}
    room = {"notes": [_note("n9", "Kohvikud")], "clusters": [],
            "voting": {"status": "idle", "target": "notes", "tally": None}, "actions": [],
            "results_by_group": None}
    return [(ROOMS[0], plenary), (ROOMS[1], room)]


JOINED = [{"role": "participant", "group": "Linn", "name": "Ülle"},
          {"role": "participant", "group": "Linn", "name": "Mart"},
          {"role": "participant", "group": "MTÜ", "name": "Grete"},
          {"role": "facilitator", "group": None, "name": "Fran"}]


def _doc(tally: dict[str, int] | None, authors: str = "group", lang: str = "en") -> Shape:
    return report_workshop.document(_workshop(authors), _boards(tally), {}, JOINED, lang)


def test_ranks_follow_revealed_votes_and_a_tie_shares_its_rank() -> None:
    doc = _doc({"n1": 3, "n2": 1, "n3": 1})
    plenary = doc["rooms"][0]
    ranks = {n["text"]: n["rank"] for _, n in report_workshop.ranked_notes(plenary)}
    assert ranks == {"Rattad": 1, "Pingid": 2, "=cmd": 2}
    md = report_workshop.to_markdown(doc)
    assert "- 2 (tied): Pingid" in md and "- 1: Rattad" in md, md
    assert "2 (tied): " in report_workshop_html.to_html(doc)


def test_hidden_votes_give_no_counts_and_no_ranks() -> None:
    doc = _doc(None)
    plenary = doc["rooms"][0]
    assert plenary["voting"] == {"status": "closed", "target": "notes", "hidden": True,
                                 "total": None}
    assert {(n["votes"], n["rank"]) for _, n in report_workshop.ranked_notes(plenary)} == {
        (None, None)}
    rows = list(csv.DictReader(io.StringIO(report_workshop.to_csv(doc))))
    assert len(rows) == 4 and {(r["votes"], r["rank"]) for r in rows} == {("", "")}
    assert "Votes are hidden" in report_workshop.to_markdown(doc)


def test_boundaries_carry_their_flags_on_notes_that_are_shown_and_the_proposals() -> None:
    (boundary,) = _doc(None)["boundaries"]
    assert boundary["id"] == "b1"
    assert boundary["flags"] == [{"room": "r1", "note": "n3", "action": None, "text": "=cmd",
                                  "reason": "Liiga kallis"}]  # not the note no board holds
    assert boundary["to_discuss"] == [{"text": "Arutada", "created": 1}]


@pytest.mark.parametrize("authors", ["named", "group", "hidden"])
def test_participation_counts_groups_and_names_only_named_authors(authors: str) -> None:
    part = _doc(None, authors)["participation"]
    assert part["groups"] == [{"group": "Linn", "participants": 2},
                              {"group": "MTÜ", "participants": 1}]
    assert part["notes_by_room"] == {"r1": 3, "r2": 1}
    assert part["names"] == ({"Linn": ["Ülle", "Mart"], "MTÜ": ["Grete"]}
                             if authors == "named" else None)
    text = report_workshop.to_markdown(_doc(None, authors))
    assert ("Ülle" in text) == (authors == "named"), text


def test_people_text_cannot_add_markup_or_formulas() -> None:
    doc = _doc({"n1": 1})
    assert "Linnaruum \\<b\\>kõigile\\</b\\>" in report_workshop.to_markdown(doc)
    html = report_workshop_html.to_html(doc)
    assert "<b>" not in html and "Linnaruum &lt;b&gt;kõigile&lt;/b&gt;" in html
    assert '<html lang="en">' in html
    rows = list(csv.DictReader(io.StringIO(report_workshop.to_csv(doc))))
    assert "'=cmd" in {r["note"] for r in rows}
    assert json.loads(report_workshop.to_json(doc))["workshop"]["title"] == (
        "Linnaruum <b>kõigile</b>")
