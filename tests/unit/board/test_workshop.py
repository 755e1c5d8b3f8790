"""Workshop-level ops: rooms, moves between them, announcements, settings."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from typing import Any

import pytest

from cocreate.board.actions import COMMIT_OPS, OWNER_OPS
from cocreate.board.errors import BoardError
from cocreate.board.hackathon import PARTICIPANT_OPS as HACKATHON_PARTICIPANT_OPS
from cocreate.board.limits import ROOMS_MAX
from cocreate.board.participants import Participant
from cocreate.board.rule import Context
from cocreate.board.state import Actor, Role
from cocreate.board.workshop import (
    EVERYONE_WORKSHOP_OPS,
    WORKSHOP_OPS,
    RoomInfo,
    WorkshopChange,
    WorkshopState,
    decide_workshop,
)

NOW = 1_700_000_000_000
FAC = Actor("fac", "facilitator", "Fran")
ANN = Actor("ann", "participant", "Ann", "Residents")
WALL = Actor("wall", "wall", "Projector")
PLENARY = RoomInfo("plenary", "Plenary", True)
BREAKOUT = RoomInfo("b1", "Room 1", False)

_ids = itertools.count(1)


def _ctx() -> Context:
    return Context(NOW, lambda: f"id{next(_ids)}")


def person(pid: str, role: Role, room: str, group: str | None = None,
           organisation: str | None = None) -> Participant:
    return Participant(pid, "ws", pid.title(), role, group, organisation, "onsite", room)


def workshop(members: list[Participant] | None = None) -> WorkshopState:
    if members is None:
        members = [person("fac", "facilitator", "plenary"),
                   person("wall", "wall", "b1"),
                   person("ann", "participant", "b1", "Residents"),
                   person("bob", "participant", "plenary", "Council"),
                   person("cat", "participant", "b1", "Council")]
    return WorkshopState("ws", "plenary", [PLENARY, BREAKOUT], members,
                         {"title": "Streets", "challenge": "", "constraints": [], "groups": [],
                          "authors": "named", "facilitator_sees_authors": True})


def decide(op: str, data: dict[str, Any], actor: Actor = FAC,
           ws: WorkshopState | None = None, seed: int = 1) -> WorkshopChange:
    return decide_workshop(ws or workshop(), op, data, actor, _ctx(), random.Random(seed))


def refused(op: str, data: dict[str, Any], actor: Actor = FAC,
            ws: WorkshopState | None = None) -> str:
    with pytest.raises(BoardError) as info:
        decide(op, data, actor, ws)
    return info.value.code


# Who may send them


def test_unknown_workshop_op() -> None:
    assert refused("rooms.shuffle", {}) == "unknown_op"
    assert refused("rooms.shuffle", {}, ANN) == "unknown_op"


# The hackathon's participant ops are checked per op in test_hackathon.py.
@pytest.mark.parametrize("op", sorted(WORKSHOP_OPS - COMMIT_OPS - HACKATHON_PARTICIPANT_OPS))
@pytest.mark.parametrize("actor", [ANN, WALL], ids=["participant", "wall"])
def test_workshop_ops_are_for_facilitators_only(op: str, actor: Actor) -> None:
    if op in EVERYONE_WORKSHOP_OPS and actor is ANN:
        assert refused(op, {}, actor) == "bad_message"  # a participant may send it
        return
    if op in OWNER_OPS and actor is ANN:
        # Whether Ann owns it depends on the action named: test_actions.py checks that.
        assert refused(op, {}, actor) == "bad_message"
        return
    # forbidden wins over the missing or invalid data.
    assert refused(op, {}, actor) == "forbidden"
    assert refused(op, {"name": "", "text": "", "count": 0}, actor) == "forbidden"


@pytest.mark.parametrize("op", sorted(HACKATHON_PARTICIPANT_OPS))
def test_a_wall_sends_no_hackathon_op(op: str) -> None:
    assert refused(op, {}, WALL) == "forbidden"
    assert refused(op, {}, ANN) != "forbidden"  # a participant may send it


# room.add


def test_room_add() -> None:
    change = decide("room.add", {"name": "Mobility"})
    (room,) = change.new_rooms
    assert change.op == "room.add"
    assert room.name == "Mobility" and room.plenary is False and room.id
    assert change.data == {"room": {"id": room.id, "name": "Mobility", "plenary": False,
                                     "archived": False}}
    assert change.moves == {}


def test_room_add_names() -> None:
    assert decide("room.add", {"name": "x" * 200}).new_rooms[0].name == "x" * 200
    assert decide("room.add", {"name": " padded "}).new_rooms[0].name == " padded "
    assert refused("room.add", {"name": ""}) == "invalid"
    assert refused("room.add", {"name": "   "}) == "invalid"
    assert refused("room.add", {"name": "x" * 201}) == "invalid"
    assert refused("room.add", {}) == "bad_message"
    assert refused("room.add", {"name": 3}) == "bad_message"


def test_room_add_ids_are_fresh() -> None:
    a = decide("room.add", {"name": "A"}).new_rooms[0]
    b = decide("room.add", {"name": "A"}).new_rooms[0]
    assert a.id != b.id


# room.assign


def test_room_assign() -> None:
    change = decide("room.assign", {"participant": "bob", "room": "b1"})
    assert change.op == "room.assign"
    assert change.data == {"participant": "bob", "room": "b1"}
    assert change.moves == {"bob": "b1"}
    assert change.new_rooms == []


def test_room_assign_to_the_plenary() -> None:
    assert decide("room.assign", {"participant": "ann", "room": "plenary"}).moves == \
        {"ann": "plenary"}


def test_room_assign_refusals() -> None:
    assert refused("room.assign", {"participant": "nobody", "room": "b1"}) == "not_found"
    assert refused("room.assign", {"participant": "ann", "room": "nowhere"}) == "not_found"
    assert refused("room.assign", {"room": "b1"}) == "bad_message"
    assert refused("room.assign", {"participant": "ann"}) == "bad_message"
    assert refused("room.assign", {"participant": "ann", "room": 1}) == "bad_message"


# rooms.recall


def test_rooms_recall_moves_only_participants_outside_the_plenary() -> None:
    change = decide("rooms.recall", {})
    assert change.op == "rooms.recall"
    assert change.data == {"room": "plenary"}
    assert change.moves == {"ann": "plenary", "cat": "plenary"}


def test_rooms_recall_with_everyone_home_moves_nobody() -> None:
    ws = workshop([person("fac", "facilitator", "b1"), person("ann", "participant", "plenary")])
    assert decide("rooms.recall", {}, ws=ws).moves == {}


# announce


def test_announce() -> None:
    change = decide("announce", {"text": " Five minutes left "})
    assert change.op == "announce"
    assert change.data == {"text": " Five minutes left "}
    assert change.moves == {} and change.new_rooms == []
    assert decide("announce", {"text": "x" * 1000}).data["text"] == "x" * 1000


def test_announce_refusals() -> None:
    assert refused("announce", {"text": ""}) == "invalid"
    assert refused("announce", {"text": "\n"}) == "invalid"
    assert refused("announce", {"text": "x" * 1001}) == "invalid"
    assert refused("announce", {}) == "bad_message"
    assert refused("announce", {"text": ["hi"]}) == "bad_message"


# workshop.settings


def test_settings_carry_every_key() -> None:
    change = decide("workshop.settings", {"authors": "hidden", "title": " New title "})
    assert change.data["authors"] == "hidden"
    assert change.data["title"] == "New title"
    assert change.data["facilitator_sees_authors"] is True
    assert set(change.data) == {"title", "challenge", "constraints", "boundaries", "groups",
                                "authors",
                                "facilitator_sees_authors", "language",
                                "participants_add_actions", "privacy_note", "similar_hints",
                                "erase_policy", "team_rule", "min_pitch_text", "jurors_join"}
    assert change.data["erase_policy"] == "delete"


def test_settings_refusals() -> None:
    assert refused("workshop.settings", {"authors": "secret"}) == "invalid"
    assert refused("workshop.settings", {"title": ""}) == "invalid"
    assert refused("workshop.settings", {"groups": "a,b"}) == "bad_message"
    assert refused("workshop.settings", {"facilitator_sees_authors": "no"}) == "bad_message"


# rooms.split


def _many(n: int) -> WorkshopState:
    groups = ["Residents", "Council", "Business", None]
    members = [person("fac", "facilitator", "plenary"), person("wall", "wall", "plenary")]
    members += [person(f"p{i}", "participant", "plenary", groups[i % 4]) for i in range(n)]
    return workshop(members)


def test_rooms_split_mix() -> None:
    ws = _many(23)
    change = decide("rooms.split", {"count": 4, "strategy": "mix"}, ws=ws)
    assert change.op == "rooms.split"
    rooms = change.data["rooms"]
    assert [r["name"] for r in rooms] == ["Room 2", "Room 3", "Room 4", "Room 5"]
    assert all(r["plenary"] is False for r in rooms)
    assert [r.as_dict() for r in change.new_rooms] == rooms
    room_ids = {r["id"] for r in rooms}
    assignments = change.data["assignments"]
    participants = {m.id for m in ws.participants if m.role == "participant"}
    assert set(assignments) == participants  # facilitators and walls stay put
    assert set(assignments.values()) <= room_ids
    assert change.moves == assignments
    sizes = Counter(assignments.values())
    assert max(sizes.values()) - min(sizes[r] for r in room_ids) <= 1
    group_of = {m.id: m.group for m in ws.participants}
    for group in ("Residents", "Council", "Business"):
        counts = Counter(room for pid, room in assignments.items() if group_of[pid] == group)
        per_room = [counts[r] for r in room_ids]
        assert max(per_room) - min(per_room) <= 1, group


def test_rooms_split_random_defaults_and_balances_sizes() -> None:
    ws = _many(10)
    change = decide("rooms.split", {"count": 3, "strategy": "random"}, ws=ws)
    sizes = sorted(Counter(change.data["assignments"].values()).values())
    assert sizes == [3, 3, 4]
    default = decide("rooms.split", {"count": 2}, ws=ws)  # strategy defaults to mix
    assert sorted(Counter(default.data["assignments"].values()).values()) == [5, 5]


def test_rooms_split_with_nobody_to_place() -> None:
    ws = workshop([person("fac", "facilitator", "plenary")])
    change = decide("rooms.split", {"count": 2, "strategy": "mix"}, ws=ws)
    assert change.data["assignments"] == {} and len(change.new_rooms) == 2


@pytest.mark.parametrize("data, code", [
    ({}, "bad_message"),
    ({"count": "2"}, "bad_message"),
    ({"count": 2, "strategy": 1}, "bad_message"),
    ({"count": 0}, "invalid"),
    ({"count": ROOMS_MAX + 1}, "invalid"),
    ({"count": 2, "strategy": "best"}, "invalid"),
    ({"count": 2, "balance": "site"}, "bad_message"),
    ({"count": 2, "balance": ["site", "age"]}, "invalid"),
    ({"count": 2, "strategy": "random", "balance": ["site"]}, "invalid"),
])
def test_rooms_split_refusals(data: dict[str, Any], code: str) -> None:
    assert refused("rooms.split", data, ws=_many(6)) == code


def test_rooms_split_up_to_the_limit() -> None:
    change = decide("rooms.split", {"count": ROOMS_MAX, "strategy": "random"}, ws=_many(3))
    assert len(change.new_rooms) == ROOMS_MAX


def test_rooms_split_balances_remote_people_when_asked() -> None:
    groups = {"City": 4, "NGO": 3, "Union": 3, "Business": 2, "Ministry": 1}
    members = [person("fac", "facilitator", "plenary")]
    members += [Participant(f"{g}{i}", "ws", f"{g}{i}", "participant", g, None,
                            "remote" if i < remote else "onsite", "plenary")
                for g, remote in groups.items() for i in range(6)]
    ws = workshop(members)
    site = {m.id: m.site for m in members}
    for seed in range(5):
        change = decide("rooms.split", {"count": 5, "balance": ["group", "site"]}, ws=ws,
                        seed=seed)
        remote = Counter(room for pid, room in change.data["assignments"].items()
                         if site[pid] == "remote")
        assert sorted(remote[r.id] for r in change.new_rooms) == [2, 2, 3, 3, 3]


def test_a_co_facilitator_may_be_removed_but_not_the_first_facilitator() -> None:
    members = [person("fac", "facilitator", "plenary"), person("co", "facilitator", "plenary"),
               person("ann", "participant", "plenary")]
    change = decide_workshop(workshop(members), "participant.remove", {"participant": "co"},
                             FAC, _ctx())
    assert change.removals == ["co"]
    co = Actor("co", "facilitator", "Co")
    with pytest.raises(BoardError) as refused:
        decide_workshop(workshop(members), "participant.remove", {"participant": "fac"}, co,
                        _ctx())
    assert refused.value.code == "invalid"
