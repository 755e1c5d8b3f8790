"""World Café ops: who hosts a table, who met whom after a move, rooms.rotate."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from cocreate.board.errors import BoardError
from cocreate.board.participants import Participant
from cocreate.board.rule import Context
from cocreate.board.state import Actor, Role
from cocreate.board.workshop import RoomInfo, WorkshopChange, WorkshopState, decide_workshop

FAC = Actor("fac", "facilitator", "Fran")
ROOMS = [RoomInfo("plenary", "Plenary", True), RoomInfo("t1", "Table 1", False),
         RoomInfo("t2", "Table 2", False), RoomInfo("old", "Old", False, archived=True)]
_ids = itertools.count(1)


def person(pid: str, room: str, role: Role = "participant", group: str | None = None,
           ) -> Participant:
    return Participant(pid, "ws", pid.title(), role, group, None, "onsite", room)


def workshop(people: list[Participant], hosts: dict[str, str] | None = None,
             met: dict[tuple[str, str], int] | None = None) -> WorkshopState:
    return WorkshopState("ws", "plenary", list(ROOMS), [person("fac", "plenary", "facilitator"),
                                                         *people],
                         {"language": "en"}, hosts=hosts or {}, met=met or {})


def decide(ws: WorkshopState, op: str, data: dict[str, Any], seed: int = 1) -> WorkshopChange:
    return decide_workshop(ws, op, data, FAC, Context(1, lambda: f"id{next(_ids)}"),
                           random.Random(seed))


def test_room_host_names_someone_sitting_at_that_table() -> None:
    ws = workshop([person("ann", "t1"), person("bob", "t1")], hosts={"t1": "ann"})
    change = decide(ws, "room.host", {"room": "t1", "participant": "bob"})
    assert change.data == {"room": "t1", "participant": "bob"}
    assert change.hosts == {"t1": "bob"} and change.moves == {}


@pytest.mark.parametrize(("data", "code"), [
    ({"room": "t2", "participant": "ann"}, "invalid"),  # sits elsewhere
    ({"room": "plenary", "participant": "cat"}, "invalid"),
    ({"room": "old", "participant": "ann"}, "invalid"),
    ({"room": "t1", "participant": "fac"}, "invalid"),  # not a participant
    ({"room": "nope", "participant": "ann"}, "not_found"),
    ({"room": "t1", "participant": "nope"}, "not_found"),
    ({"room": 5, "participant": "ann"}, "bad_message"),
])
def test_room_host_refuses_what_is_not_a_table_and_its_sitter(data: dict[str, Any],
                                                             code: str) -> None:
    ws = workshop([person("ann", "t1"), person("cat", "plenary")])
    with pytest.raises(BoardError) as e:
        decide(ws, "room.host", data)
    assert e.value.code == code


def test_a_participant_may_not_set_a_host() -> None:
    ws = workshop([person("ann", "t1")])
    with pytest.raises(BoardError) as e:
        decide_workshop(ws, "room.host", {"room": "t1", "participant": "ann"},
                        Actor("ann", "participant"), Context(1, lambda: "x"), random.Random(1))
    assert e.value.code == "forbidden"


def test_a_split_makes_the_first_assigned_the_host_and_records_who_met() -> None:
    people = [person(p, "plenary", group=g) for p, g in
              [("ann", "A"), ("bob", "B"), ("cat", "A"), ("dan", "B")]]
    change = decide(workshop(people), "rooms.split", {"count": 2, "strategy": "mix"})
    firsts: dict[str, str] = {}
    for pid, room in change.data["assignments"].items():
        firsts.setdefault(room, pid)
    assert {r: h for r, h in change.hosts.items() if h} == firsts
    pairs = {tuple(sorted(p for p, r in change.data["assignments"].items() if r == room))
             for room in firsts}
    assert set(change.encounters) == pairs


def test_a_host_who_leaves_hands_over_to_whoever_arrives_or_stays() -> None:
    ws = workshop([person("ann", "t1"), person("bob", "t1"), person("cat", "plenary")],
                  hosts={"t1": "ann"})
    moved = decide(ws, "room.assign", {"participant": "ann", "room": "t2"})
    assert moved.hosts == {"t1": "bob", "t2": "ann"}
    assert moved.encounters == []  # ann is alone at t2
    arrived = decide(ws, "room.assign", {"participant": "cat", "room": "t1"})
    assert arrived.hosts == {}  # ann still hosts t1
    assert sorted(arrived.encounters) == [("ann", "cat"), ("bob", "cat")]
    recalled = decide(ws, "rooms.recall", {})
    assert recalled.hosts == {"t1": None} and recalled.encounters == []
    removed = decide(ws, "participant.remove", {"participant": "ann"})
    assert removed.hosts == {"t1": "bob"}


def test_rotate_keeps_hosts_moves_the_others_and_counts_repeats() -> None:
    people = [person(f"p{i}", "t1" if i < 4 else "t2", group="AB"[i % 2]) for i in range(8)]
    met = {(a.id, b.id): 1 for a, b in itertools.combinations(people, 2)
           if a.room_id == b.room_id}
    ws = workshop([*people, person("zed", "plenary")], hosts={"t1": "p0", "t2": "p4"}, met=met)
    change = decide(ws, "rooms.rotate", {})
    moves = change.data["moves"]
    assert change.data["hosts"] == {"t1": "p0", "t2": "p4"}
    assert "p0" not in moves and "p4" not in moves and "zed" not in moves
    assert sorted(moves) == ["p1", "p2", "p3", "p5", "p6", "p7"]
    assert all(moves[p.id] != p.room_id for p in people if p.id in moves)
    # Two tables: the three movers of a table all land at the other one together.
    assert change.data["repeats"] == 6
    assert change.moves == moves and change.hosts == {}
    assert len(change.encounters) == 2 * 6  # every pair at each table of four has a mover


def test_rotate_fills_in_a_missing_host_and_without_two_tables_moves_nobody() -> None:
    ws = workshop([person("ann", "t1"), person("bob", "t1")])
    change = decide(ws, "rooms.rotate", {})
    assert change.data == {"moves": {}, "hosts": {"t1": "ann"}, "repeats": 0}
    assert change.hosts == {"t1": "ann"}


def test_a_rotation_worked_out_beforehand_is_used_only_while_people_sit_as_it_assumed() -> None:
    from cocreate.board.cafe import Rotation, plan_rotation

    people = [person(f"p{i}", "t1" if i < 3 else "t2") for i in range(6)]
    ws = workshop(people, hosts={"t1": "p0", "t2": "p3"})
    prepared = plan_rotation(ws, random.Random(4))
    assert decide(ws, "rooms.rotate", {}, seed=99).data["moves"] == \
        decide(ws, "rooms.rotate", {}, seed=99).data["moves"]
    used = decide_workshop(ws, "rooms.rotate", {}, FAC, Context(1, lambda: "x"),
                           random.Random(5), prepared=prepared)
    assert {**{p.id: p.room_id for p in people}, **used.data["moves"]} == prepared.after
    # Someone moved since it was worked out: the op works it out again.
    stale = Rotation(prepared.basis, {p.id: "t1" for p in people})
    moved = workshop([person("p1", "t2"), *[p for p in people if p.id != "p1"]],
                     hosts={"t1": "p0", "t2": "p3"})
    fresh = decide_workshop(moved, "rooms.rotate", {}, FAC, Context(1, lambda: "x"),
                            random.Random(5), prepared=stale)
    assert "p0" not in fresh.data["moves"] and "p3" not in fresh.data["moves"]
    seats = {p.id: p.room_id for p in moved.participants if p.role == "participant"}
    seats.update(fresh.data["moves"])
    assert sorted(seats.values()) == ["t1"] * 3 + ["t2"] * 3  # not the stale all-in-t1
