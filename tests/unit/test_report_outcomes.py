"""The outcome parts of a report: flags only on the reader's notes, proposals, results."""

from __future__ import annotations

from cocreate import report_outcomes
from cocreate.report_formats import to_csv, to_markdown

WORKSHOP = {
    "title": "Parks", "challenge": "", "constraints": ["Budget 10k"], "authors": "named",
    "boundaries": [{"id": "b1", "text": "Budget 10k"}],
    "flags": [{"target": {"note": "n1"}, "boundary": "b1", "reason": "Costs *40k*"},
              {"target": {"note": "elsewhere"}, "boundary": "b1", "reason": "Another room"},
              {"target": {"note": "n1"}, "boundary": "gone", "reason": "Old"}],
    "challenges": [{"id": "x", "boundary": "b1", "text": "Ask the city", "created": 5}],
}
STATE = {
    "notes": [{"id": "n1", "text": "A lake", "color": "blue", "x": 0, "y": 0, "cluster": None,
               "author": None, "created": 1, "updated": 1}],
    "clusters": [], "voting": {"status": "idle", "tally": None},
    "results_by_group": {"min_group": 3, "groups": ["City"], "votes_shown": False,
                         "clusters": [{"id": "k", "title": "Water", "notes": {"City": 2},
                                       "votes": None}]},
}


def test_flags_are_shown_only_on_notes_of_this_board() -> None:
    flagged = report_outcomes.flags_by_note(WORKSHOP, STATE)
    assert list(flagged) == ["n1"] and len(flagged["n1"]) == 2


def test_markdown_lists_flags_proposals_and_results_escaped() -> None:
    md = to_markdown(WORKSHOP, {"name": "Plenary"}, STATE, {}, "en")
    assert "- **Budget 10k**: “A lake” — Costs \\*40k\\*" in md
    assert "- **(a boundary since removed)**: “A lake” — Old" in md
    assert "## Boundaries to discuss with decision makers" in md
    assert "- **Budget 10k**: Ask the city" in md
    assert "| Water | 2 / – |" in md
    assert "Votes by group are shown once the votes are visible." in md


def test_csv_names_the_boundary_and_reason_of_each_flag() -> None:
    rows = to_csv(WORKSHOP, {"name": "Plenary"}, STATE, {}, "de").splitlines()
    assert rows[1].endswith(",Budget 10k: Costs *40k*; (eine inzwischen entfernte Grenze): Old,")


def test_json_parts_carry_boundaries_with_their_flags_here() -> None:
    parts = report_outcomes.json_parts(WORKSHOP, STATE)
    assert parts["boundaries"] == [{"id": "b1", "text": "Budget 10k",
                                    "flags": [{"note": "n1", "reason": "Costs *40k*"}]}]
    assert parts["to_discuss"] == [{"boundary": "b1", "text": "Ask the city", "created": 5}]
    assert parts["results_by_group"] == STATE["results_by_group"]


ACTION = {"id": "a1", "title": "Night buses", "owner_group": "City", "parties": ["City"],
          "status": "proposed", "percent": 0, "commits": {}, "progress": [],
          "all_parties_committed": False}


def test_a_flag_on_an_action_is_listed_with_the_action_in_markdown_and_json() -> None:
    workshop = {**WORKSHOP, "flags": [
        {"target": {"action": "a1"}, "boundary": "b1", "reason": "Needs a new law"},
        {"target": {"action": "deleted"}, "boundary": "b1", "reason": "Gone"}]}
    state = {**STATE, "actions": [ACTION]}
    md = to_markdown(workshop, {"name": "Plenary"}, state, {}, "en")
    assert "- **Budget 10k**: Action: “Night buses” — Needs a new law" in md
    assert "Gone" not in md
    parts = report_outcomes.json_parts(workshop, state)
    assert parts["boundaries"][0]["flags"] == [{"action": "a1", "reason": "Needs a new law"}]


def test_results_by_group_of_actions_are_a_table_of_their_own() -> None:
    results = {"min_group": 3, "groups": ["City", "Union"], "votes_shown": True,
               "clusters": [], "actions": [{"id": "a1", "title": "Night buses",
                                            "votes": {"Union": 4}}]}
    md = to_markdown(WORKSHOP, {"name": "Plenary"}, {**STATE, "results_by_group": results,
                                                     "actions": [ACTION]}, {}, "de")
    assert "| Maßnahme | City (Stimmen) | Union (Stimmen) |" in md
    assert "| Night buses | 0 | 4 |" in md
