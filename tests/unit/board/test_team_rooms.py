"""teams.to_rooms: a new room per viable team, seeded with its pitch, its people moved."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from cocreate import board
from cocreate.board.errors import BoardError
from cocreate.board.hackathon import Hackathon, Pitch
from cocreate.board.limits import NOTE_TEXT_MAX
from cocreate.board.moves import destination
from cocreate.board.participants import Participant
from cocreate.board.rule import Context
from cocreate.board.state import Actor, BoardState, Event, Role
from cocreate.board.team_rooms import pitch_text
from cocreate.board.workshop import RoomInfo, WorkshopChange, WorkshopState, decide_workshop

NOW = 1_700_000_000_000
FAC = Actor("fac", "facilitator", "Fran")
GROUPS = ["City", "NGO", "Business"]
_ids = itertools.count(1)


def _ctx() -> Context:
    return Context(NOW, lambda: f"id{next(_ids)}")


def _person(pid: str, group: str | None, role: Role = "participant") -> Participant:
    return Participant(pid, "ws", pid.upper(), role, group, None, "onsite", "plenary")


PEOPLE = [_person("fac", None, "facilitator"), _person("wall", None, "wall"),
          _person("judy", "NGO", "juror"),
          _person("ann", "City"), _person("bo", "NGO"), _person("cy", "Business"),
          _person("di", "City"), _person("ed", "City"), _person("flo", "NGO"),
          _person("gus", "Business"), _person("hal", "City")]


def _run(state: BoardState, op: str, data: dict[str, Any], actor: Actor = FAC) -> Event:
    (change,) = board.decide(state, op, data, actor, _ctx())
    event = Event(state.room_id, state.seq + 1, change.op, actor.id, NOW, change.data)
    board.apply(state, event)
    return event


@pytest.fixture
def plenary() -> BoardState:
    state = BoardState("plenary")
    _run(state, "note.add", {"text": "Buses at night", "color": "blue"},
         Actor("ann", "participant", "ANN", "City"))
    frame = _run(state, "cluster.add", {"title": "Parks", "x": 2000}).data["id"]
    for text in ("Benches", "Shade"):
        _run(state, "note.add", {"text": text, "cluster": frame})
    return state


def _hackathon(plenary: BoardState, phase: str = "teams") -> Hackathon:
    """Three pitches: a viable one from a note, a viable one from a cluster, and Ed's
    alone (not viable under the default rule: 3 to 8 people from 2 groups)."""
    note = next(n.id for n in plenary.notes.values() if n.text == "Buses at night")
    frame = next(iter(plenary.clusters))
    hack = Hackathon(phase=phase)
    hack.pitches = {
        "bus": Pitch("bus", "Night bus", "A bus after midnight", "ann", ["ann", "bo", "cy"],
                     source={"note": note, "room": "plenary"}, created=5),
        "park": Pitch("park", "Pocket parks", "Small parks", "di", ["di", "flo", "gus"],
                      source={"cluster": frame, "room": "plenary"}),
        "solo": Pitch("solo", "Alone", "Nobody joined", "ed", ["ed"]),
    }
    return hack


def _workshop(hack: Hackathon) -> WorkshopState:
    ws = WorkshopState("ws", "plenary", [RoomInfo("plenary", "Plenary", True)], PEOPLE,
                       {"language": "en", "authors": "named", "groups": GROUPS})
    ws.hackathon = hack
    return ws


def _to_rooms(ws: WorkshopState, boards: dict[str, BoardState],
              actor: Actor = FAC) -> WorkshopChange:
    return decide_workshop(ws, "teams.to_rooms", {}, actor, _ctx(), None, "plenary",
                           boards=boards)


def _seeded(change: WorkshopChange, room_id: str) -> BoardState:
    state = BoardState(room_id)
    for c in change.board_changes[room_id]:
        board.apply(state, Event(room_id, state.seq + 1, c.op, FAC.id, NOW, c.data))
    return state


def test_each_viable_team_gets_a_room_named_after_its_pitch(plenary: BoardState) -> None:
    change = _to_rooms(_workshop(_hackathon(plenary)), {"plenary": plenary})
    assert [r.name for r in change.new_rooms] == ["Night bus", "Pocket parks"]
    bus, park = (r.id for r in change.new_rooms)
    assert change.data == {
        "rooms": [{"id": bus, "name": "Night bus", "plenary": False, "archived": False},
                  {"id": park, "name": "Pocket parks", "plenary": False, "archived": False}],
        "assignments": {"ann": bus, "bo": bus, "cy": bus, "di": park, "flo": park, "gus": park},
        "pitches": {"bus": bus, "park": park}}
    assert change.moves == change.data["assignments"]
    # The event sends each member to their team's room, and leaves everyone else be:
    # Ed, whose team is not viable, and those who are in no team or not participants.
    event = Event("plenary", 1, "teams.to_rooms", "fac", NOW, change.data)
    where = {p.id: destination(event, p) for p in PEOPLE}
    assert where == {"fac": None, "wall": None, "judy": None, "ann": bus, "bo": bus, "cy": bus,
                     "di": park, "ed": None, "flo": park, "gus": park, "hal": None}


def test_a_room_is_seeded_with_the_pitch_and_copies_of_its_source(
        plenary: BoardState) -> None:
    change = _to_rooms(_workshop(_hackathon(plenary)), {"plenary": plenary})
    bus, park = (r.id for r in change.new_rooms)
    room = _seeded(change, bus)
    (frame,) = room.clusters.values()
    assert frame.title == "Night bus"
    pitch, copy = sorted(room.notes.values(), key=lambda n: (n.y, n.x))
    assert pitch.text == "Night bus\n\nA bus after midnight"
    assert (pitch.author, pitch.author_group, pitch.cluster, pitch.source) == (
        "ann", "City", frame.id, None)
    original = next(n for n in plenary.notes.values() if n.text == "Buses at night")
    assert (copy.text, copy.color, copy.source) == (
        "Buses at night", "blue", {"room": "plenary", "note": original.id})
    # A pitch from a cluster: copies of the cluster's notes, in reading order.
    texts = [n.text for n in sorted(_seeded(change, park).notes.values(),
                                    key=lambda n: (n.y, n.x))]
    assert texts == ["Pocket parks\n\nSmall parks", "Benches", "Shade"]


def test_a_source_that_is_gone_seeds_the_pitch_alone(plenary: BoardState) -> None:
    hack = _hackathon(plenary)
    hack.pitches["bus"].source = {"note": "deleted", "room": "plenary"}
    change = _to_rooms(_workshop(hack), {"plenary": plenary})
    room = _seeded(change, change.new_rooms[0].id)
    assert [n.text for n in room.notes.values()] == ["Night bus\n\nA bus after midnight"]


def test_no_viable_team_is_invalid_and_other_phases_are_refused(plenary: BoardState) -> None:
    hack = _hackathon(plenary)
    hack.pitches["bus"].members = ["ann", "bo"]
    hack.pitches["park"].members = ["di"]
    with pytest.raises(BoardError, match="no team is viable") as info:
        _to_rooms(_workshop(hack), {"plenary": plenary})
    assert info.value.code == "invalid"
    work = _to_rooms(_workshop(_hackathon(plenary, "work")), {"plenary": plenary})
    assert len(work.new_rooms) == 2
    with pytest.raises(BoardError, match="accepted in the teams or work phase; this is the "
                                         "pitch phase"):
        _to_rooms(_workshop(_hackathon(plenary, "pitch")), {"plenary": plenary})
    with pytest.raises(BoardError) as info:
        _to_rooms(_workshop(_hackathon(plenary)), {"plenary": plenary},
                  Actor("ann", "participant"))
    assert info.value.code == "forbidden"


def test_the_teams_rule_decides_which_team_is_viable(plenary: BoardState) -> None:
    ws = _workshop(_hackathon(plenary))
    # A team of one is viable under this rule: Ed's gets a room too.
    ws.settings["team_rule"] = {"min_size": 1, "min_groups": 1}
    change = _to_rooms(ws, {"plenary": plenary})
    assert [r.name for r in change.new_rooms] == ["Night bus", "Pocket parks", "Alone"]
    assert change.data["assignments"]["ed"] == change.new_rooms[2].id
    # A pitch's needs count too: the bus team without its Business member is not viable.
    ws.settings["team_rule"] = None
    assert ws.hackathon is not None
    ws.hackathon.pitches["park"].needs = ["Business"]
    ws.hackathon.pitches["bus"].needs = ["Business"]
    ws.hackathon.pitches["bus"].members = ["ann", "bo", "hal"]
    change = _to_rooms(ws, {"plenary": plenary})
    assert [r.name for r in change.new_rooms] == ["Pocket parks"]
    assert sorted(change.data["assignments"]) == ["di", "flo", "gus"]


def test_every_board_takes_the_event_and_the_hackathon_stays_as_it_was(
        plenary: BoardState) -> None:
    hack = _hackathon(plenary)
    plenary.hackathon = hack
    before = {p: list(v.members) for p, v in hack.pitches.items()}
    change = _to_rooms(_workshop(hack), {"plenary": plenary})
    board.apply(plenary, Event("plenary", plenary.seq + 1, change.op, "fac", NOW, change.data))
    assert {p: v.members for p, v in plenary.hackathon.pitches.items()} == before


def test_the_seed_note_is_cut_to_a_notes_limit() -> None:
    long = Pitch("x", "Title", "y" * 2000, "ann", ["ann"])
    text = pitch_text(long)
    assert len(text) == NOTE_TEXT_MAX and text.startswith("Title\n\nyyy") and text[-1] == "…"
