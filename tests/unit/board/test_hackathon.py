import pytest

from cocreate.board.errors import BoardError
from cocreate.board.hackathon import Hackathon, apply, decide_hackathon
from cocreate.board.participants import Participant
from cocreate.board.state import Actor

SETTINGS = {"groups": ["NGO / civil society", "Private sector"]}
PEOPLE = [Participant("a", "w", "Ann", "participant", "NGO / civil society", None, "onsite", "r"),
          Participant("b", "w", "Bo", "participant", "Private sector", None, "onsite", "r")]


def _send(hack: Hackathon, op: str, data: dict, who: str) -> dict:
    change = decide_hackathon(hack, PEOPLE, SETTINGS, None, op, data, Actor(who, "participant"),
                              1, "p1")
    apply(hack, change.op, change.data)
    return change.data


def test_an_op_outside_its_phase_names_the_phase() -> None:
    with pytest.raises(BoardError, match="accepted in the pitch phase; this is the ideas phase"):
        _send(Hackathon(), "pitch.add", {"title": "Bus", "text": "A village bus"}, "a")


def test_the_holder_is_in_their_team_and_nobody_joins_two() -> None:
    hack = Hackathon(phase="pitch")
    added = _send(hack, "pitch.add", {"title": "Bus", "text": "A village bus"}, "a")
    assert added["pitch"]["members"] == ["a"]
    hack.phase = "teams"
    joined = _send(hack, "team.join", {"pitch": "p1"}, "b")
    assert [m["name"] for m in joined["pitch"]["team"]] == ["Ann", "Bo"]
    assert joined["pitch"]["viability"]["text"] == "needs 1 more person"
    with pytest.raises(BoardError, match="you are in that team"):
        _send(hack, "team.join", {"pitch": "p1"}, "b")
    with pytest.raises(BoardError, match="a holder stays in their own team"):
        _send(hack, "team.leave", {}, "a")
