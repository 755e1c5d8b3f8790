"""Boundaries of possibility: flags on notes outside a boundary, proposals to push one."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from cocreate.board.errors import BoardError
from cocreate.board.limits import CHALLENGES_MAX, REASON_MAX
from cocreate.board.participants import Participant
from cocreate.board.rooms import RoomInfo, WorkshopChange, WorkshopState
from cocreate.board.rule import Context
from cocreate.board.state import Actor
from cocreate.board.workshop import decide_workshop

NOW = 1_700_000_000_000
FAC = Actor("fac", "facilitator", "Fran")
ANN = Actor("ann", "participant", "Ann", "Residents")
WALL = Actor("wall", "wall", "Projector")
_ids = itertools.count(1)


def workshop(**kw: Any) -> WorkshopState:
    people = [Participant("fac", "ws", "Fran", "facilitator", None, None, "onsite", "plenary"),
              Participant("ann", "ws", "Ann", "participant", "Residents", None, "onsite",
                          "plenary")]
    ws = WorkshopState("ws", "plenary", [RoomInfo("plenary", "Plenary", True)], people,
                       {"title": "Streets", "constraints": ["Budget 10k", "No new law"],
                        "boundaries": [{"id": "b1", "text": "Budget 10k"},
                                       {"id": "b2", "text": "No new law"}]},
                       targets={"note": frozenset({"n1", "n2"})})
    for key, value in kw.items():
        setattr(ws, key, value)
    return ws


def decide(op: str, data: dict[str, Any], actor: Actor = FAC,
           ws: WorkshopState | None = None) -> WorkshopChange:
    return decide_workshop(ws or workshop(), op, data, actor,
                           Context(NOW, lambda: f"id{next(_ids)}"), room_id="plenary")


def refused(op: str, data: dict[str, Any], actor: Actor = FAC,
            ws: WorkshopState | None = None) -> str:
    with pytest.raises(BoardError) as info:
        decide(op, data, actor, ws)
    return info.value.code


FLAG = {"target": {"note": "n1"}, "boundary": "b1", "reason": "Costs 40k"}


def test_a_flag_names_its_note_boundary_and_reason() -> None:
    change = decide("constraint.flag", FLAG)
    assert change.data == {"target": {"note": "n1"}, "boundary": "b1", "reason": "Costs 40k",
                           "room": "plenary", "at": NOW}
    assert change.flags == [change.data]


def test_flagging_again_for_the_same_boundary_replaces_the_reason() -> None:
    first = decide("constraint.flag", FLAG)
    other = decide("constraint.flag", {**FLAG, "boundary": "b2", "reason": "Needs a law"},
                   ws=workshop(flags=first.flags))
    again = decide("constraint.flag", {**FLAG, "reason": "Costs 50k"},
                   ws=workshop(flags=other.flags))
    assert again.flags is not None
    assert [(f["boundary"], f["reason"]) for f in again.flags] == [("b2", "Needs a law"),
                                                                  ("b1", "Costs 50k")]


def test_unflag_takes_one_boundary_or_all_of_a_note() -> None:
    flags = [decide("constraint.flag", FLAG).data,
             decide("constraint.flag", {**FLAG, "boundary": "b2"}).data]
    one = decide("constraint.unflag", {"target": {"note": "n1"}, "boundary": "b1"},
                 ws=workshop(flags=flags))
    assert one.flags is not None and [f["boundary"] for f in one.flags] == ["b2"]
    every = decide("constraint.unflag", {"target": {"note": "n1"}}, ws=workshop(flags=flags))
    assert every.flags == [] and every.data == {"target": {"note": "n1"}, "boundary": None}
    assert refused("constraint.unflag", {"target": {"note": "n2"}},
                   ws=workshop(flags=flags)) == "not_found"


@pytest.mark.parametrize(("data", "code"), [
    ({**FLAG, "target": "n1"}, "bad_message"),
    ({**FLAG, "target": {"note": "n1", "action": "a1"}}, "bad_message"),
    ({**FLAG, "target": {"cluster": "c1"}}, "bad_message"),
    ({**FLAG, "reason": 3}, "bad_message"),
    ({**FLAG, "target": {"note": "gone"}}, "not_found"),
    # An action target is understood; none exists until actions are flaggable here.
    ({**FLAG, "target": {"action": "a1"}}, "not_found"),
    ({**FLAG, "boundary": "b9"}, "not_found"),
    ({**FLAG, "reason": "  "}, "invalid"),
    ({**FLAG, "reason": "x" * (REASON_MAX + 1)}, "invalid"),
])
def test_bad_flags_are_refused(data: dict[str, Any], code: str) -> None:
    assert refused("constraint.flag", data) == code


def test_an_action_target_is_flaggable_once_the_store_lists_actions() -> None:
    ws = workshop(targets={"note": frozenset(), "action": frozenset({"a1"})})
    change = decide("constraint.flag", {**FLAG, "target": {"action": "a1"}}, ws=ws)
    assert change.data["target"] == {"action": "a1"}


def test_only_a_facilitator_flags_and_anyone_but_a_wall_proposes() -> None:
    assert refused("constraint.flag", FLAG, ANN) == "forbidden"
    assert refused("constraint.unflag", {"target": {"note": "n1"}}, ANN) == "forbidden"
    assert refused("constraint.challenge", {"boundary": "b1", "text": "Raise it"},
                   WALL) == "forbidden"
    mine = decide("constraint.challenge", {"boundary": "b1", "text": " Raise it to 50k "}, ANN)
    assert mine.data == {"id": mine.data["id"], "boundary": "b1", "text": "Raise it to 50k",
                         "room": "plenary", "created": NOW}
    assert "ann" not in str(mine.data)  # who proposed is the event's actor, redacted apart
    assert mine.challenges == [mine.data]


def test_proposals_need_a_known_boundary_and_have_a_ceiling() -> None:
    assert refused("constraint.challenge", {"boundary": "b9", "text": "x"}, ANN) == "not_found"
    assert refused("constraint.challenge", {"boundary": "b1", "text": ""}, ANN) == "invalid"
    full = workshop(challenges=[{"id": str(i)} for i in range(CHALLENGES_MAX)])
    assert refused("constraint.challenge", {"boundary": "b1", "text": "x"}, ANN,
                   full) == "invalid"
