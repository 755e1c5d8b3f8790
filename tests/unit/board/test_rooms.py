"""Breakout rooms: splits that reuse rooms, renaming, archiving and restoring."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from cocreate.board import names
from cocreate.board.errors import BoardError
from cocreate.board.participants import Participant
from cocreate.board.rule import Context
from cocreate.board.state import Actor, Role
from cocreate.board.workshop import RoomInfo, WorkshopChange, WorkshopState, decide_workshop

FAC = Actor("fac", "facilitator", "Fran")
PLENARY = RoomInfo("plenary", "Plenary", True)
_ids = itertools.count(1)


def person(pid: str, role: Role, room: str) -> Participant:
    return Participant(pid, "ws", pid.title(), role, "City", None, "onsite", room)


def workshop(rooms: list[RoomInfo], language: str = "en") -> WorkshopState:
    members = [person("fac", "facilitator", "b1"), person("wall", "wall", "b1"),
               person("ann", "participant", "b1"), person("bob", "participant", "b2"),
               person("cat", "participant", "plenary")]
    return WorkshopState("ws", "plenary", [PLENARY, *rooms], members,
                         {"title": "Streets", "language": language})


def decide(ws: WorkshopState, op: str, data: dict[str, Any]) -> WorkshopChange:
    return decide_workshop(ws, op, data, FAC, Context(0, lambda: f"new{next(_ids)}"),
                           random.Random(7))


def refused(ws: WorkshopState, op: str, data: dict[str, Any]) -> str:
    with pytest.raises(BoardError) as info:
        decide(ws, op, data)
    return info.value.code


TWO = [RoomInfo("b1", "Transport", False), RoomInfo("b2", "Room 2", False)]


def test_a_reusing_split_takes_the_rooms_there_are_and_makes_only_the_rest() -> None:
    ws = workshop([*TWO, RoomInfo("b3", "Old", False, archived=True)])
    change = decide(ws, "rooms.split", {"count": 3, "reuse": True})
    ids = [r["id"] for r in change.data["rooms"]]
    assert ids[:2] == ["b1", "b2"]  # kept, in their order, with their names
    assert [r["name"] for r in change.data["rooms"][:2]] == ["Transport", "Room 2"]
    (made,) = change.new_rooms
    assert ids[2] == made.id and made.id != "b3"  # an archived room is never reused
    assert made.name == "Room 4"  # numbered past every breakout room, archived ones too
    assert set(change.moves.values()) <= set(ids)
    assert set(change.moves) == {"ann", "bob", "cat"}


def test_a_reusing_split_into_fewer_rooms_makes_none() -> None:
    change = decide(workshop(TWO), "rooms.split", {"count": 1, "reuse": True})
    assert change.new_rooms == [] and [r["id"] for r in change.data["rooms"]] == ["b1"]
    assert set(change.moves.values()) == {"b1"}


def test_a_split_without_reuse_makes_new_rooms_named_in_the_workshops_language() -> None:
    change = decide(workshop(TWO, "et"), "rooms.split", {"count": 2})
    assert [r.name for r in change.new_rooms] == ["Ruum 3", "Ruum 4"]
    change = decide(workshop(TWO, "de"), "rooms.split", {"count": 1, "reuse": False})
    assert [r.name for r in change.new_rooms] == ["Raum 3"]


def test_rename() -> None:
    change = decide(workshop(TWO), "room.rename", {"room": "b2", "name": "  Housing "})
    assert change.data == {"room": {"id": "b2", "name": "Housing", "plenary": False,
                                    "archived": False}}
    assert change.changed_rooms == [RoomInfo("b2", "Housing", False)]
    assert change.moves == {} and change.new_rooms == []


@pytest.mark.parametrize(("data", "code"), [
    ({"room": "plenary", "name": "Hall"}, "invalid"),
    ({"room": "b9", "name": "Hall"}, "not_found"),
    ({"room": "b1", "name": "   "}, "invalid"),
    ({"room": "b1", "name": "x" * 201}, "invalid"),
    ({"room": "b1"}, "bad_message"),
    ({"room": 3, "name": "Hall"}, "bad_message"),
])
def test_rename_refusals(data: dict[str, Any], code: str) -> None:
    assert refused(workshop(TWO), "room.rename", data) == code


def test_archive_moves_its_participants_to_the_plenary_and_no_one_else() -> None:
    change = decide(workshop(TWO), "room.archive", {"room": "b1"})
    assert change.data == {"room": {"id": "b1", "name": "Transport", "plenary": False,
                                    "archived": True}, "moves": {"ann": "plenary"}}
    assert change.moves == {"ann": "plenary"}  # not the facilitator, not the wall
    assert change.changed_rooms == [RoomInfo("b1", "Transport", False, archived=True)]


def test_restore_moves_nobody() -> None:
    ws = workshop([RoomInfo("b1", "Transport", False, archived=True), TWO[1]])
    change = decide(ws, "room.archive", {"room": "b1", "archived": False})
    assert change.data["room"]["archived"] is False and change.moves == {}


@pytest.mark.parametrize(("data", "code"), [
    ({"room": "plenary"}, "invalid"),
    ({"room": "nope"}, "not_found"),
    ({"room": "b1", "archived": "yes"}, "bad_message"),
    ({}, "bad_message"),
])
def test_archive_refusals(data: dict[str, Any], code: str) -> None:
    assert refused(workshop(TWO), "room.archive", data) == code


def test_no_one_is_assigned_to_an_archived_room() -> None:
    ws = workshop([RoomInfo("b1", "Transport", False, archived=True)])
    assert refused(ws, "room.assign", {"participant": "cat", "room": "b1"}) == "invalid"


def test_what_the_server_names_in_each_language() -> None:
    assert [names.plenary(lang) for lang in names.LANGUAGES] == ["Plenary", "Täiskogu", "Plenum"]
    assert names.breakout_room("de", 2) == "Raum 2"
    assert names.snapshot_after("et", "Ideed") == "Pärast: Ideed"
    assert names.facilitator("xx") == "Facilitator"  # an unknown language is English


# Summon

def _summon(ws: WorkshopState, data: dict[str, Any], room: str) -> WorkshopChange:
    return decide_workshop(ws, "summon", data, FAC, Context(0, lambda: "x"), random.Random(1),
                           room)


def test_summon_calls_its_room_and_with_all_moves_every_participant_there() -> None:
    ws = workshop(TWO)
    here = _summon(ws, {"viewport": {"x": 100, "y": -50.5, "zoom": 1.5}}, "b1")
    assert here.data == {"room": "b1", "viewport": {"x": 100.0, "y": -50.5, "zoom": 1.5},
                         "all": False}
    assert here.moves == {}
    everyone = _summon(ws, {"all": True}, "b1")
    assert everyone.data == {"room": "b1", "viewport": None, "all": True}
    # Participants elsewhere come; the facilitator and the wall stay where they are.
    assert everyone.moves == {"bob": "b1", "cat": "b1"}


def test_summon_may_name_another_room_of_the_workshop() -> None:
    """From the overview: the console's socket is in one room, the summon is for another."""
    ws = workshop(TWO)
    there = _summon(ws, {"room": "b2", "all": True}, "b1")
    assert there.data == {"room": "b2", "viewport": None, "all": True}
    assert there.moves == {p.id: "b2" for p in ws.participants
                           if p.role == "participant" and p.room_id != "b2"}
    assert _summon(ws, {"room": "b2"}, "b1").moves == {}


@pytest.mark.parametrize("data, code", [
    ({"all": "yes"}, "bad_message"),
    ({"room": 7}, "bad_message"),
    ({"room": "elsewhere"}, "not_found"),
    ({"viewport": [1, 2]}, "bad_message"),
    ({"viewport": {"x": 1, "y": 2}}, "bad_message"),
    ({"viewport": {"x": 1, "y": 2, "zoom": 0}}, "invalid"),
    ({"viewport": {"x": 1, "y": 2, "zoom": 8.5}}, "invalid"),
    ({"viewport": {"x": 1e9, "y": 2, "zoom": 1}}, "invalid"),
])
def test_summon_refusals(data: dict[str, Any], code: str) -> None:
    with pytest.raises(BoardError) as info:
        _summon(workshop(TWO), data, "b1")
    assert info.value.code == code


def test_an_archived_room_cannot_summon_and_participants_may_not() -> None:
    ws = workshop([RoomInfo("b1", "Old", False, archived=True)])
    with pytest.raises(BoardError) as info:
        _summon(ws, {}, "b1")
    assert info.value.code == "invalid"
    with pytest.raises(BoardError) as info:
        decide_workshop(workshop(TWO), "summon", {}, Actor("ann", "participant", "Ann"),
                        Context(0, lambda: "x"), random.Random(1), "b1")
    assert info.value.code == "forbidden"
