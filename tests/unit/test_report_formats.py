"""Room reports: Markdown, CSV and JSON from the protocol's shapes."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from cocreate.report_formats import CSV_COLUMNS, competition_ranks, to_csv, to_json, to_markdown

T0 = 1_714_564_800_000  # 2024-05-01T12:00:00Z


def _workshop(authors: str = "named", **extra: Any) -> dict[str, Any]:
    return {
        "id": "w1", "title": "Mobility 2030", "challenge": "How do we get to work\nwithout a car?",
        "constraints": ["Budget of 2 million", "Within one year"],
        "groups": ["NGO", "labour union"],
        "authors": authors, "join_code": "SECRET7", "plenary_room_id": "r1",
        "rooms": [{"id": "r1", "name": "Plenary", "plenary": True}], **extra,
    }


ROOM = {"id": "r1", "name": "Plenary", "plenary": True}

PEOPLE = {
    "ana": {"id": "ana", "name": "Ana", "group": "NGO", "role": "participant", "room": "r1"},
    "bo": {"id": "bo", "name": "Bo", "group": "labour union", "role": "participant", "room": "r1"},
}


def _note(id: str, text: str, cluster: str | None = None, author: str | None = "ana",
          created: int = T0, **extra: Any) -> dict[str, Any]:
    return {"id": id, "text": text, "color": "yellow", "x": 0, "y": 0, "cluster": cluster,
            "author": author, "created": created, "updated": created, **extra}


def _state(tally: dict[str, int] | None = None, status: str = "closed", hidden: bool = False,
           notes: list[dict[str, Any]] | None = None, **voting: Any) -> dict[str, Any]:
    return {
        "notes": notes if notes is not None else [
            _note("n1", "Bike lanes", "c1", "ana", T0),
            _note("n2", "Night buses", "c1", "bo", T0 + 1000),
            _note("n3", "Car sharing", "c2", "bo", T0 + 2000),
            _note("n4", "Remote work days", None, "ana", T0 + 3000),
        ],
        "clusters": [{"id": "c1", "title": "Transit", "x": 0, "y": 0},
                     {"id": "c2", "title": "Cars", "x": 0, "y": 0}],
        "voting": {"status": status, "budget": 3, "max_per_note": 3, "hidden": hidden,
                   "revealed": False, "tally": tally, **voting},
        "timer": {"status": "idle", "label": "", "duration_ms": 0, "ends_at": None,
                  "remaining_ms": 0},
        "locked": False, "my_votes": {},
    }


TALLY = {"n1": 1, "n2": 4, "n3": 6}


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# Markdown

def test_markdown_has_title_challenge_constraints_and_ranked_clusters() -> None:
    md = to_markdown(_workshop(), ROOM, _state(TALLY), PEOPLE)
    assert md.startswith("# Mobility 2030\n")
    assert "## Challenge\n\nHow do we get to work\\\nwithout a car?\n" in md
    assert "- Budget of 2 million\n- Within one year\n" in md
    # Cars (6) before Transit (5); within Transit, Night buses (4) first.
    assert md.index("### Cars (6 votes)") < md.index("### Transit (5 votes)")
    assert ("### Transit (5 votes)\n\n"
            "1. Night buses — Bo (4 votes)\n2. Bike lanes — Ana (1 vote)\n") in md
    assert "## Ungrouped notes\n\n1. Remote work days — Ana (0 votes)\n" in md
    assert "11 votes cast." in md
    assert "| 1 | Car sharing | Cars | 6 |" in md
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_markdown_without_tally_shows_no_votes() -> None:
    md = to_markdown(_workshop(), ROOM, _state(None, status="closed", hidden=True), PEOPLE)
    assert "vote)" not in md and "votes)" not in md
    assert "### Transit\n\n1. Bike lanes — Ana\n2. Night buses — Bo\n" in md
    assert "Votes are hidden until the facilitator reveals them." in md
    assert "| Rank |" not in md


def test_markdown_before_any_vote_says_so() -> None:
    md = to_markdown(_workshop(), ROOM, _state(None, status="idle"), PEOPLE)
    assert "No vote has been held in this room." in md


def test_markdown_authors_by_group_never_shows_names() -> None:
    notes = [_note("n1", "Bike lanes", author=None, author_group="NGO"),
             _note("n2", "Night buses", author="bo")]
    md = to_markdown(_workshop("group"), ROOM, _state(None, notes=notes), PEOPLE)
    assert "1. Bike lanes — a participant from NGO\n" in md
    assert "2. Night buses — a participant from labour union\n" in md
    assert "Ana" not in md and "Bo" not in md


def test_markdown_hidden_authors_shows_nobody_even_when_the_reader_may_see() -> None:
    md = to_markdown(_workshop("hidden"), ROOM, _state(None), PEOPLE)
    assert "—" not in md and "Ana" not in md and "participant" not in md


def test_markdown_skips_redacted_and_unknown_authors() -> None:
    notes = [_note("n1", "Bike lanes", author=None), _note("n2", "Buses", author="gone")]
    md = to_markdown(_workshop(), ROOM, _state(None, notes=notes), PEOPLE)
    assert "1. Bike lanes\n2. Buses\n" in md


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("**bold** _it_ `code`", r"\*\*bold\*\* \_it\_ \`code\`"),
        ("[click](https://evil.example)", r"\[click\](https://evil.example)"),
        ("![x](https://evil.example/t.png)", r"\!\[x\](https://evil.example/t.png)"),
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("# not a heading", r"\# not a heading"),
        ("a | b", r"a \| b"),
        ("back\\slash", r"back\\slash"),
        ("&lt;b&gt;", r"\&lt;b\&gt;"),
        ("~~gone~~", r"\~\~gone\~\~"),
    ],
)
def test_markdown_escapes_inline_markup_in_notes(text: str, escaped: str) -> None:
    md = to_markdown(_workshop(), ROOM, _state(None, notes=[_note("n1", text)]), PEOPLE)
    assert f"1. {escaped} — Ana\n" in md


def test_markdown_note_lines_cannot_open_blocks() -> None:
    text = "first\n- item\n+ item\n1. one\n2) two\n> quote\n---\n===\n    code\n\n```\n<div>"
    md = to_markdown(_workshop("hidden"), ROOM, _state(None, notes=[_note("n1", text)]), PEOPLE)
    body = md.split("## Ungrouped notes\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert body == (
        "1. first\\\n   \\- item\\\n   \\+ item\\\n   1\\. one\\\n   2\\) two\\\n"
        "   \\> quote\\\n   \\---\\\n   \\===\\\n   code\\\n   \\`\\`\\`\\\n   \\<div\\>"
    )


def test_markdown_escapes_titles_and_table_cells() -> None:
    workshop = _workshop(title="# Hi <b>", constraints=["- dash", "1. one"])
    notes = [_note("n1", "a | b\n| c", "c1")]
    state = _state({"n1": 2}, notes=notes)
    state["clusters"] = [{"id": "c1", "title": "*Transit*\n# x", "x": 0, "y": 0}]
    md = to_markdown(workshop, ROOM, state, PEOPLE)
    assert md.startswith("# \\# Hi \\<b\\>\n")
    assert "- \\- dash\n- 1\\. one\n" in md
    assert "### \\*Transit\\* \\# x (2 votes)" in md
    assert "| 1 | a \\| b \\| c | \\*Transit\\* \\# x | 2 |" in md


# CSV

def test_csv_has_one_row_per_note_in_report_order() -> None:
    text = to_csv(_workshop(), ROOM, _state(TALLY), PEOPLE)
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert "\r\n" in text
    rows = _rows(text)
    assert [(r["cluster"], r["note"], r["votes"]) for r in rows] == [
        ("Cars", "Car sharing", "6"),
        ("Transit", "Night buses", "4"),
        ("Transit", "Bike lanes", "1"),
        ("", "Remote work days", "0"),
    ]
    assert rows[2]["author"] == "Ana" and rows[2]["color"] == "yellow"
    assert rows[2]["created"] == "2024-05-01T12:00:00.000Z"
    assert rows[1]["created"] == "2024-05-01T12:00:01.000Z"


def test_csv_without_tally_leaves_votes_empty() -> None:
    rows = _rows(to_csv(_workshop(), ROOM, _state(None, hidden=True), PEOPLE))
    assert [r["votes"] for r in rows] == ["", "", "", ""]
    assert [r["note"] for r in rows] == ["Bike lanes", "Night buses", "Car sharing",
                                        "Remote work days"]


@pytest.mark.parametrize(
    "text",
    ["=HYPERLINK(\"https://evil.example\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tcmd", "\rcmd"],
)
def test_csv_defuses_formula_injection(text: str) -> None:
    rows = _rows(to_csv(_workshop(), ROOM, _state(None, notes=[_note("n1", text)]), PEOPLE))
    assert rows[0]["note"] == "'" + text


def test_csv_defuses_formulas_in_cluster_titles_and_names() -> None:
    people = {"ana": {**PEOPLE["ana"], "name": "=cmd|' /C calc'!A0"}}
    state = _state(None, notes=[_note("n1", "ok", "c1")])
    state["clusters"] = [{"id": "c1", "title": "@evil", "x": 0, "y": 0}]
    row = _rows(to_csv(_workshop(), ROOM, state, people))[0]
    assert row["cluster"] == "'@evil"
    assert row["author"] == "'=cmd|' /C calc'!A0"


def test_csv_keeps_commas_quotes_and_line_breaks_in_one_cell() -> None:
    text = 'say "hi", then\nleave'
    rows = _rows(to_csv(_workshop(), ROOM, _state(None, notes=[_note("n1", text)]), PEOPLE))
    assert rows[0]["note"] == text


def test_csv_authors_follow_the_workshop_mode() -> None:
    for mode, expected in (("named", "Ana"), ("group", "a participant from NGO"), ("hidden", "")):
        rows = _rows(to_csv(_workshop(mode), ROOM, _state(None), PEOPLE))
        assert rows[0]["author"] == expected


# JSON

def test_json_report_structure() -> None:
    doc = json.loads(to_json(_workshop(), ROOM, _state(TALLY), PEOPLE))
    assert doc["workshop"] == {
        "id": "w1", "title": "Mobility 2030", "challenge": "How do we get to work\nwithout a car?",
        "constraints": ["Budget of 2 million", "Within one year"],
        "groups": ["NGO", "labour union"], "authors": "named",
    }
    assert doc["room"] == ROOM
    assert doc["voting"]["total"] == 11 and "tally" not in doc["voting"]
    assert [c["title"] for c in doc["clusters"]] == ["Cars", "Transit"]
    transit = doc["clusters"][1]
    assert transit["votes"] == 5 and transit["id"] == "c1"
    assert [(n["id"], n["votes"], n["author_label"]) for n in transit["notes"]] == [
        ("n2", 4, "Bo"), ("n1", 1, "Ana"),
    ]
    assert transit["notes"][0]["created"] == T0 + 1000  # N kept as given
    assert [n["id"] for n in doc["ungrouped"]] == ["n4"]


def test_json_leaves_out_the_join_code() -> None:
    assert "SECRET7" not in to_json(_workshop(), ROOM, _state(TALLY), PEOPLE)


def test_json_without_tally_has_null_votes() -> None:
    doc = json.loads(to_json(_workshop(), ROOM, _state(None, hidden=True), PEOPLE))
    assert doc["voting"]["total"] is None
    assert all(c["votes"] is None for c in doc["clusters"])
    assert all(n["votes"] is None for c in doc["clusters"] for n in c["notes"])
    assert doc["ungrouped"][0]["votes"] is None


def test_json_keeps_text_as_given() -> None:
    text = "<b>**=cmd**</b> ünïcode"
    doc = json.loads(to_json(_workshop(), ROOM, _state(None, notes=[_note("n1", text)]), PEOPLE))
    assert doc["ungrouped"][0]["text"] == text


# Voting on clusters

def test_cluster_voting_ranks_clusters_and_gives_notes_no_votes() -> None:
    state = _state({"c1": 1, "c2": 5}, target="clusters")
    md = to_markdown(_workshop(), ROOM, state, PEOPLE)
    assert md.index("### Cars (5 votes)") < md.index("### Transit (1 vote)")
    assert "| 1 | Cars | 5 |" in md
    rows = _rows(to_csv(_workshop(), ROOM, state, PEOPLE))
    assert {r["votes"] for r in rows} == {""}


def test_note_in_a_missing_cluster_counts_as_ungrouped() -> None:
    state = _state(None, notes=[_note("n1", "Orphan", "gone")])
    md = to_markdown(_workshop(), ROOM, state, PEOPLE)
    assert "## Ungrouped notes\n\n1. Orphan — Ana\n" in md


def test_the_report_speaks_estonian_and_german_with_their_plurals() -> None:
    state = _state(tally={"n1": 1, "n2": 4})
    et = to_markdown(_workshop("group"), ROOM, state, PEOPLE, "et")
    assert "Ruum: Plenary" in et and "## Väljakutse" in et and "## Piirangud" in et
    assert "## Rühmad" in et and "## Rühmitamata märkmed" in et
    assert "(1 hääl)" in et and "(4 häält)" in et and "Antud 5 häält." in et
    assert "osaleja rühmast NGO" in et and "| Koht | Märge | Rühm | Hääli |" in et
    de = to_markdown(_workshop("group"), ROOM, state, PEOPLE, "de")
    assert "Raum: Plenary" in de and "## Herausforderung" in de and "(1 Stimme)" in de
    assert "(4 Stimmen)" in de and "jemand aus NGO" in de and "## Stimmen insgesamt" in de
    assert "vote" not in de.lower().replace("votes", "")  # no English word left over
    hidden = to_markdown(_workshop(), ROOM, _state(hidden=True), PEOPLE, "de")
    assert "Die Stimmen bleiben verborgen" in hidden


def test_csv_and_json_translate_author_labels_and_keep_their_keys() -> None:
    rows = list(csv.DictReader(io.StringIO(
        to_csv(_workshop("group"), ROOM, _state(), PEOPLE, "de"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert {r["author"] for r in rows} == {"jemand aus NGO", "jemand aus labour union"}
    doc = json.loads(to_json(_workshop("group"), ROOM, _state(), PEOPLE, "et"))
    assert doc["ungrouped"][0]["author_label"] == "osaleja rühmast NGO"


# Ties

TIED = {"n1": 3, "n2": 3, "n3": 3, "n4": 1}


def test_competition_ranks_share_a_rank_and_skip_past_a_tie() -> None:
    assert competition_ranks([3, 3, 3, 1]) == [1, 1, 1, 4]
    assert competition_ranks([5, 2, 2, 0, 0]) == [1, 2, 2, 4, 4]
    assert competition_ranks([]) == []


def test_markdown_vote_totals_show_ties_as_ties() -> None:
    md = to_markdown(_workshop(), ROOM, _state(TIED), PEOPLE)
    rows = [line for line in md.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert [row.split(" | ")[0] for row in rows] == ["| 1", "| 1", "| 1", "| 4"]


def test_markdown_cluster_totals_show_ties_as_ties() -> None:
    state = _state({"c1": 2, "c2": 2}, target="clusters")
    md = to_markdown(_workshop(), ROOM, state, PEOPLE)
    assert "| 1 | Transit | 2 |" in md and "| 1 | Cars | 2 |" in md


def test_csv_and_json_carry_competition_ranks() -> None:
    rows = _rows(to_csv(_workshop(), ROOM, _state(TIED), PEOPLE))
    assert {r["note"]: r["rank"] for r in rows} == {
        "Bike lanes": "1", "Night buses": "1", "Car sharing": "1", "Remote work days": "4"}
    doc = json.loads(to_json(_workshop(), ROOM, _state(TIED), PEOPLE))
    assert [(c["title"], c["rank"]) for c in doc["clusters"]] == [("Transit", 1), ("Cars", 2)]
    assert [n["rank"] for n in doc["clusters"][0]["notes"]] == [1, 1]
    assert doc["ungrouped"][0]["rank"] == 4


def test_hidden_votes_have_no_rank() -> None:
    rows = _rows(to_csv(_workshop(), ROOM, _state(None, hidden=True), PEOPLE))
    assert [r["rank"] for r in rows] == ["", "", "", ""]
    doc = json.loads(to_json(_workshop(), ROOM, _state(None, hidden=True), PEOPLE))
    assert doc["clusters"][0]["rank"] is None and doc["ungrouped"][0]["rank"] is None


# Actions

def _action(id: str, title: str, **extra: Any) -> dict[str, Any]:
    return {"id": id, "title": title, "owner_group": "NGO", "owner_org": "Cycling club",
            "owner_person": None, "parties": ["NGO", "labour union"], "source": None,
            "due": "2027-03-31", "status": "agreed", "percent": 10,
            "commits": [{"group": "NGO", "participant": "ana", "name": "Ana", "ts": T0}],
            "all_parties_committed": False,
            "progress": [{"text": "Met the *council*", "date": "2024-05-02", "ts": T0,
                          "participant": None, "name": None}],
            "author": None, "created": T0, "updated": T0, **extra}


def _with_actions(tally: dict[str, int] | None = None, **voting: Any) -> dict[str, Any]:
    state = _state(tally, **voting)
    state["actions"] = [
        _action("a1", "Map the bike lanes"),
        _action("a2", "Night bus pilot", all_parties_committed=True, status="in_progress",
                percent=50, commits=[{"group": "NGO", "participant": None, "name": None,
                                      "ts": T0},
                                     {"group": "labour union", "participant": "bo",
                                      "name": "Bo", "ts": T0}]),
    ]
    return state


def test_markdown_lists_actions_with_owners_parties_and_commitments() -> None:
    md = to_markdown(_workshop(), ROOM, _with_actions(TALLY), PEOPLE)
    assert ("## Actions\n\n"
            "1. **Map the bike lanes** — owner: NGO · Cycling club; due 2027-03-31; "
            "agreed (10 %)\n"
            "   - NGO: committed (Ana)\n"
            "   - labour union: not yet committed\n"
            "   - 2024-05-02: Met the \\*council\\*\n"
            "2. **Night bus pilot** — owner: NGO · Cycling club; due 2027-03-31; "
            "in progress (50 %); all parties committed\n"
            "   - NGO: committed\n"
            "   - labour union: committed (Bo)\n") in md
    assert md.index("## Actions") < md.index("## Vote totals")


def test_markdown_and_json_rank_actions_when_the_room_voted_on_them() -> None:
    state = _with_actions({"a1": 2, "a2": 5}, target="actions")
    md = to_markdown(_workshop("group"), ROOM, state, PEOPLE, "de")
    assert "## Maßnahmen" in md and "vereinbart (10 %); 2 Stimmen" in md
    assert "| 1 | Night bus pilot | 5 |\n| 2 | Map the bike lanes | 2 |" in md
    assert "### Transit\n" in md  # a vote on actions gives clusters no count
    doc = json.loads(to_json(_workshop(), ROOM, state, PEOPLE))
    assert [(a["id"], a["votes"], a["all_parties_committed"]) for a in doc["actions"]] == [
        ("a1", 2, False), ("a2", 5, True)]
    plain = json.loads(to_json(_workshop(), ROOM, _with_actions(TALLY), PEOPLE))
    assert [a["votes"] for a in plain["actions"]] == [None, None]


def test_a_report_without_actions_has_no_actions_section() -> None:
    assert "## Actions" not in to_markdown(_workshop(), ROOM, _state(TALLY), PEOPLE)
    assert json.loads(to_json(_workshop(), ROOM, _state(TALLY), PEOPLE))["actions"] == []
