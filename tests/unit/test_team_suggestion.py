"""Suggested teams: as many viable teams as the people allow, or the group that is short."""

from __future__ import annotations

from typing import Any

from cocreate.board.teams import DEFAULT_RULE, viability
from cocreate.team_suggestion import TeamToBe, suggest_teams

GROUPS = ("City", "NGO", "Business", "Residents")


def rule(**changes: Any) -> dict[str, Any]:
    return {**DEFAULT_RULE, **changes}


def hall(per_group: int) -> dict[str, str | None]:
    """`per_group` people of each group: city1, city2, ..., residents3."""
    return {f"{g.lower()}{n}": g for g in GROUPS for n in range(1, per_group + 1)}


def viable(suggestion: dict[str, Any], groups_of: dict[str, str | None],
           team_rule: dict[str, Any], needs: dict[str, tuple[str, ...]] | None = None
           ) -> list[bool]:
    return [viability([groups_of[m] for m in t["members"]], team_rule,
                      (needs or {}).get(t["pitch"], ()))["viable"]
            for t in suggestion["teams"]]


def test_twelve_people_of_four_groups_make_three_viable_teams() -> None:
    people = hall(3)
    # The three holders are all civil servants: every team needs others to be viable.
    pitches = [TeamToBe("p1", ("city1",)), TeamToBe("p2", ("city2",)),
               TeamToBe("p3", ("city3",))]
    free = [p for p in people if not p.startswith("city")]
    suggestion = suggest_teams(pitches, people, free, rule())
    assert viable(suggestion, people, rule()) == [True, True, True]
    assert suggestion["unplaced"] == [] and suggestion["short"] == []
    placed = [m for t in suggestion["teams"] for m in t["members"]]
    assert sorted(placed) == sorted(people)  # everyone once
    assert [t["members"][0] for t in suggestion["teams"]] == ["city1", "city2", "city3"]


def test_the_outside_the_administration_rule_is_kept() -> None:
    people = {**{f"city{n}": "City" for n in range(1, 6)}, "ngo1": "NGO"}
    team_rule = rule(required_any=["NGO", "Business", "Residents"], min_groups=1)
    pitches = [TeamToBe("p1", ("city1",)), TeamToBe("p2", ("city2",))]
    suggestion = suggest_teams(pitches, people, ["city3", "city4", "city5", "ngo1"], team_rule)
    # One NGO member: one team can be viable, not two.
    assert sorted(viable(suggestion, people, team_rule)) == [False, True]
    winner = next(t for t in suggestion["teams"] if "ngo1" in t["members"])
    assert len(winner["members"]) >= 3
    # Nobody is parked in the team that cannot be viable.
    loser = next(t for t in suggestion["teams"] if "ngo1" not in t["members"])
    assert loser["members"] == [loser["pitch"].replace("p", "city")]


def test_an_impossible_case_names_the_missing_group() -> None:
    people = {f"city{n}": "City" for n in range(1, 7)}
    team_rule = rule(required_any=["NGO"], min_groups=1)
    suggestion = suggest_teams([TeamToBe("p1", ("city1",))], people,
                               [f"city{n}" for n in range(2, 7)], team_rule)
    assert viable(suggestion, people, team_rule) == [False]
    assert suggestion["short"] == ["NGO"]
    assert suggestion["unplaced"] == [f"city{n}" for n in range(2, 7)]


def test_a_pitch_that_needs_a_group_gets_it() -> None:
    people = hall(2)
    pitches = [TeamToBe("p1", ("city1",), needs=("Business",)),
               TeamToBe("p2", ("city2",))]
    free = ["ngo1", "ngo2", "business1", "residents1", "residents2"]
    suggestion = suggest_teams(pitches, people, free, rule())
    needs = {"p1": ("Business",)}
    assert viable(suggestion, people, rule(), needs) == [True, True]
    assert "business1" in suggestion["teams"][0]["members"]


def test_teams_already_formed_keep_their_members_and_sizes_hold() -> None:
    people = hall(4)
    formed = ("city1", "ngo1", "ngo2", "ngo3", "business1")
    pitches = [TeamToBe("p1", formed), TeamToBe("p2", ("city2",))]
    team_rule = rule(max_size=5)
    free = [p for p in people if p not in formed and p != "city2"]
    suggestion = suggest_teams(pitches, people, free, team_rule)
    assert suggestion["teams"][0]["members"] == list(formed)  # full: takes nobody
    assert 3 <= len(suggestion["teams"][1]["members"]) <= 5
    assert viable(suggestion, people, team_rule) == [True, True]
    placed = {m for t in suggestion["teams"] for m in t["members"]}
    assert set(suggestion["unplaced"]) == set(free) - placed


def test_preferences_decide_between_equal_plans() -> None:
    people = {"city1": "City", "city2": "City", "ngo1": "NGO", "ngo2": "NGO",
              "res1": "Residents", "res2": "Residents"}
    pitches = [TeamToBe("p1", ("city1",)), TeamToBe("p2", ("city2",))]
    free = ["ngo1", "ngo2", "res1", "res2"]
    team_rule = rule(min_size=3, max_size=3)
    prefer = {"ngo1": ["p2"], "res1": ["p2"], "ngo2": ["p1"], "res2": ["p1"]}
    suggestion = suggest_teams(pitches, people, free, team_rule, prefer)
    assert suggestion["teams"] == [{"pitch": "p1", "members": ["city1", "ngo2", "res2"]},
                                   {"pitch": "p2", "members": ["city2", "ngo1", "res1"]}]


def test_the_same_input_gives_the_same_suggestion() -> None:
    people = hall(5)
    pitches = [TeamToBe(f"p{n}", (f"city{n}",)) for n in range(1, 5)]
    free = [p for p in people if not p.startswith("city")] + ["city5"]
    first = suggest_teams(pitches, people, free, rule())
    assert all(suggest_teams(pitches, people, free, rule()) == first for _ in range(3))
    assert viable(first, people, rule()) == [True] * 4


def test_no_pitches_leaves_everyone_unplaced() -> None:
    people = hall(1)
    suggestion = suggest_teams([], people, list(people), rule())
    assert suggestion == {"teams": [], "unplaced": list(people), "short": []}
