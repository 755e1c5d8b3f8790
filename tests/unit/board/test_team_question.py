"""teams.suggest: who is placed, what the solver is given, and the answer it makes."""

from __future__ import annotations

import pytest

from cocreate.board.errors import BoardError
from cocreate.board.hackathon import Hackathon, Pitch
from cocreate.board.participants import Participant
from cocreate.board.queries import QUERY_OPS, check_may_ask, team_question
from cocreate.board.state import Actor, Role
from cocreate.board.teams import DEFAULT_RULE
from cocreate.team_worker import suggest_plain

GROUPS = ["City", "NGO", "Business", "Residents"]
SETTINGS = {"groups": GROUPS}


def _person(pid: str, group: str | None, role: Role = "participant") -> Participant:
    return Participant(pid, "ws", pid.upper(), role, group, None, "onsite", "plenary")


EVERYONE = [_person("fac", None, "facilitator"), _person("wall", None, "wall"),
            _person("judy", "NGO", "juror"), _person("ann", "City"), _person("bo", "NGO"),
            _person("cy", "Business"), _person("gone", "Residents"), _person("di", "Residents"),
            _person("ed", None)]
PRESENT = {p.id for p in EVERYONE} - {"gone"}


def _hack(phase: str = "teams") -> Hackathon:
    hack = Hackathon(phase=phase)
    hack.pitches = {"bus": Pitch("bus", "Night bus", "A bus", "ann", ["ann", "gone"]),
                    "park": Pitch("park", "Parks", "Parks", "cy", ["cy"], needs=["NGO"])}
    return hack


def test_the_people_placed_are_participants_in_no_team_who_were_not_removed() -> None:
    q = team_question(_hack(), EVERYONE, PRESENT, SETTINGS,
                      {"bo": ["park", "nope"], "cy": ["bus"], "judy": ["bus"]})
    # Not the facilitator, the wall, the juror, the holders, nor the removed member.
    assert q.free == ["bo", "di", "ed"]
    assert q.pitches == [("bus", ["ann", "gone"], []), ("park", ["cy"], ["NGO"])]
    # The removed member still counts for their team, by their group.
    assert q.groups_of == {"ann": "City", "bo": "NGO", "cy": "Business", "gone": "Residents",
                           "di": "Residents", "ed": None}
    assert q.rule == DEFAULT_RULE
    # Only the free people's preferences, only pitches that exist.
    assert q.preferences == {"bo": ["park"]}


def test_only_a_facilitator_asks_and_only_in_the_teams_phase() -> None:
    assert QUERY_OPS["teams.suggest"] == frozenset({"facilitator"})
    with pytest.raises(BoardError) as info:
        check_may_ask("teams.suggest", Actor("bo", "participant"))
    assert info.value.code == "forbidden"
    with pytest.raises(BoardError, match="accepted in the teams phase; this is the pitch phase"):
        team_question(_hack("pitch"), EVERYONE, PRESENT, SETTINGS, {})


def test_the_worker_answers_with_the_solver() -> None:
    q = team_question(_hack(), EVERYONE, PRESENT, SETTINGS, {"bo": ["park"]})
    answer = suggest_plain(q.pitches, q.groups_of, q.free, q.rule, q.preferences)
    # Park needs NGO: Bo (who prefers it) goes there with one more; the bus team
    # (Ann, and Gone who was removed) takes the other. Everyone placed, both viable.
    teams = {t["pitch"]: t["members"] for t in answer["teams"]}
    assert teams["bus"][:2] == ["ann", "gone"] and teams["park"][:2] == ["cy", "bo"]
    assert sorted(teams["bus"][2:] + teams["park"][2:]) == ["di", "ed"]
    assert answer["unplaced"] == [] and answer["short"] == []


def test_a_group_nobody_is_in_is_named_short() -> None:
    settings = {**SETTINGS, "team_rule": {"required_any": ["Residents"]}}
    everyone = [p for p in EVERYONE if p.group != "Residents"]
    q = team_question(_hack(), everyone, PRESENT, settings, {})
    answer = suggest_plain(q.pitches, q.groups_of, q.free, q.rule, q.preferences)
    # No team can be viable without a resident: nobody is placed, and Residents is the
    # first group short (the others each team lacks, that nobody unplaced has, follow).
    assert answer["short"][0] == "Residents"
    assert sorted(answer["unplaced"]) == ["bo", "ed"]
