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


def _by(hack: Hackathon, op: str, data: dict, actor: Actor, now: int = 1) -> dict:
    change = decide_hackathon(hack, PEOPLE, SETTINGS, None, op, data, actor, now, "p1")
    apply(hack, change.op, change.data)
    return change.data


FAC = Actor("f", "facilitator")


def test_a_facilitator_pitches_for_a_participant_and_never_joins() -> None:
    hack = Hackathon(phase="pitch")
    with pytest.raises(BoardError, match="'holder' is required") as info:
        _by(hack, "pitch.add", {"title": "Bus", "text": "A village bus"}, FAC)
    assert info.value.code == "bad_message"
    with pytest.raises(BoardError) as info:
        _by(hack, "pitch.add", {"title": "Bus", "text": "x", "holder": "a"},
            Actor("b", "participant"))
    assert info.value.code == "forbidden"
    added = _by(hack, "pitch.add", {"title": "Bus", "text": "Bus", "holder": "a"}, FAC)
    assert added["pitch"]["holder"] == "a" and added["pitch"]["members"] == ["a"]
    hack.phase = "teams"
    for op in ("team.join", "team.leave"):
        with pytest.raises(BoardError) as info:
            _by(hack, op, {"pitch": "p1"}, FAC)
        assert info.value.code == "forbidden"


def test_the_presented_pitch_has_an_end_and_goes_with_its_pitch() -> None:
    hack = Hackathon(phase="pitch")
    _send(hack, "pitch.add", {"title": "Bus", "text": "A village bus"}, "a")
    with pytest.raises(BoardError) as info:
        _by(hack, "pitch.present", {"id": "p1"}, Actor("a", "participant"))
    assert info.value.code == "forbidden"
    shown = _by(hack, "pitch.present", {"id": "p1", "seconds": 90}, FAC, now=1000)
    assert shown == {"presenting": {"pitch": "p1", "ends_at": 91_000, "duration_ms": 90_000}}
    assert hack.presenting == shown["presenting"]
    with pytest.raises(BoardError) as info:
        _by(hack, "pitch.present", {"id": "p1", "seconds": 0}, FAC)
    assert info.value.code == "invalid"
    _send(hack, "pitch.withdraw", {"id": "p1"}, "a")
    assert hack.presenting is None and hack.pitches == {}
