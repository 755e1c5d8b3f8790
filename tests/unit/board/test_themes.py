"""Themes into rooms (a split by themes) and results back (rooms.collect)."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from typing import Any

import pytest

from cocreate import board
from cocreate.board import layout
from cocreate.board.errors import BoardError
from cocreate.board.limits import COLLECT_TOP_MAX, ROOMS_MAX
from cocreate.board.participants import Participant
from cocreate.board.rule import Context
from cocreate.board.state import Actor, BoardState, Event, Voting
from cocreate.board.workshop import RoomInfo, WorkshopChange, WorkshopState, decide_workshop

NOW = 1_700_000_000_000
FAC = Actor("fac", "facilitator", "Fran")
PLENARY = RoomInfo("plenary", "Plenary", True)
GROUPS = ["Council", "Residents", "NGO"]
_ids = itertools.count(1)
_clock = itertools.count(1)


def _ctx() -> Context:
    # A later op, a later time: notes are written one after another.
    return Context(NOW + next(_clock), lambda: f"id{next(_ids)}")


def people(n: int = 12) -> list[Participant]:
    out = [Participant("fac", "ws", "Fran", "facilitator", None, None, "onsite", "plenary")]
    out += [Participant(f"p{i}", "ws", f"P{i}", "participant", GROUPS[i % 3], None,
                        "remote" if i % 4 == 0 else "onsite", "plenary") for i in range(n)]
    return out


def run(state: BoardState, op: str, data: dict[str, Any], actor: Actor = FAC) -> list[Event]:
    events = []
    for change in board.decide(state, op, data, actor, _ctx()):
        event = Event(state.room_id, state.seq + 1, change.op, actor.id, NOW, change.data)
        board.apply(state, event)
        events.append(event)
    return events


def apply_changes(state: BoardState, change: WorkshopChange) -> list[Event]:
    """The board events a room gets after the workshop event, applied in order."""
    events = []
    for c in change.board_changes.get(state.room_id, []):
        event = Event(state.room_id, state.seq + 1, c.op, FAC.id, NOW, c.data)
        board.apply(state, event)
        events.append(event)
    return events


def note(state: BoardState, text: str, author: str = "p1", color: str = "blue",
         cluster: str | None = None) -> str:
    actor = Actor(author, "participant", author.upper(), "Council")
    data: dict[str, Any] = {"text": text, "color": color}
    if cluster:
        data["cluster"] = cluster
    return str(run(state, "note.add", data, actor)[0].data["id"])


@pytest.fixture
def plenary() -> BoardState:
    state = BoardState("plenary")
    transport = run(state, "cluster.add", {"title": "Transport"})[0].data["id"]
    note(state, "More buses", "p1", "blue", transport)
    note(state, "Bike lanes", "p2", "green", transport)
    run(state, "cluster.add", {"title": "Parks", "x": 2000})
    return state


def workshop(rooms: list[RoomInfo] | None = None, n: int = 12) -> WorkshopState:
    return WorkshopState("ws", "plenary", [PLENARY, *(rooms or [])], people(n),
                         {"language": "en", "authors": "named"})


def split(ws: WorkshopState, boards: dict[str, BoardState], data: dict[str, Any],
          seed: int = 3) -> WorkshopChange:
    return decide_workshop(ws, "rooms.split", {"strategy": "themes", **data}, FAC, _ctx(),
                           random.Random(seed), "plenary", boards=boards)


def collect(ws: WorkshopState, boards: dict[str, BoardState],
            data: dict[str, Any] | None = None) -> WorkshopChange:
    return decide_workshop(ws, "rooms.collect", data or {}, FAC, _ctx(), None, "plenary",
                           boards=boards)


def refused(fn: Any, *args: Any) -> str:
    with pytest.raises(BoardError) as e:
        fn(*args)
    return e.value.code


def clusters_of(plenary: BoardState) -> dict[str, str]:
    return {c.title: c.id for c in plenary.clusters.values()}


def test_a_split_by_clusters_makes_a_room_per_theme_seeded_with_its_notes(
        plenary: BoardState) -> None:
    ids = clusters_of(plenary)
    change = split(workshop(), {"plenary": plenary}, {"clusters": [ids["Transport"], ids["Parks"]],
                                                      "balance": ["group", "site"]})
    assert [r.name for r in change.new_rooms] == ["Transport", "Parks"]
    transport, parks = (r.id for r in change.new_rooms)
    assert change.data["themes"] == {transport: {"cluster": ids["Transport"]},
                                     parks: {"cluster": ids["Parks"]}}
    room = BoardState(transport)
    apply_changes(room, change)
    (frame,) = room.clusters.values()
    assert (frame.title, frame.source) == ("Transport", {"room": "plenary"})
    copies = sorted(room.notes.values(), key=lambda n: (n.y, n.x))
    originals = {n.text: n for n in plenary.notes.values()}
    assert [n.text for n in copies] == ["More buses", "Bike lanes"]
    for copy in copies:
        original = originals[copy.text]
        assert copy.source == {"room": "plenary", "note": original.id}
        assert (copy.author, copy.color, copy.cluster) == (original.author, original.color,
                                                           frame.id)
        assert copy.id != original.id
    empty = BoardState(parks)
    apply_changes(empty, change)
    assert [c.title for c in empty.clusters.values()] == ["Parks"] and not empty.notes
    # People are mixed by group as mix does: each group's headcount differs by at most one.
    per_room = Counter((room_id, pid) for pid, room_id in change.data["assignments"].items())
    assert len(per_room) == 12
    for group in GROUPS:
        counts = Counter(change.data["assignments"][p.id] for p in people()
                         if p.group == group)
        assert max(counts.values()) - min(counts.values()) <= 1
    remote = Counter(change.data["assignments"][p.id] for p in people() if p.site == "remote")
    assert max(remote.values()) - min(remote.values()) <= 1


def test_private_notes_are_never_copied(plenary: BoardState) -> None:
    ids = clusters_of(plenary)
    plenary.private_round = True
    secret = note(plenary, "Secret idea", "p3", "pink", ids["Transport"])
    change = split(workshop(), {"plenary": plenary}, {"clusters": [ids["Transport"]]})
    room = BoardState(change.new_rooms[0].id)
    apply_changes(room, change)
    assert "Secret idea" not in {n.text for n in room.notes.values()}
    assert refused(split, workshop(), {"plenary": plenary}, {"notes": [secret]}) == "invalid"


def test_a_split_by_notes_names_each_room_after_its_note(plenary: BoardState) -> None:
    long = note(plenary, "A very long idea " * 10 + "\nsecond line")
    short = note(plenary, "  Shade trees  ")
    change = split(workshop(), {"plenary": plenary}, {"notes": [long, short]})
    names = [r.name for r in change.new_rooms]
    assert names[1] == "Shade trees"
    assert len(names[0]) == 60 and names[0].endswith("…") and "second" not in names[0]
    room = BoardState(change.new_rooms[1].id)
    apply_changes(room, change)
    (copy,) = room.notes.values()
    assert copy.text == "  Shade trees  " and copy.source == {"room": "plenary", "note": short}


def test_a_reusing_split_by_themes_renames_the_rooms_and_seeds_below_their_boards(
        plenary: BoardState) -> None:
    ids = clusters_of(plenary)
    old = BoardState("b1")
    note(old, "Earlier work")
    ws = workshop([RoomInfo("b1", "Room 1", False), RoomInfo("b2", "Room 2", False)])
    change = split(ws, {"plenary": plenary, "b1": old, "b2": BoardState("b2")},
                   {"clusters": [ids["Transport"]], "reuse": True})
    assert change.new_rooms == [] and change.changed_rooms == [RoomInfo("b1", "Transport", False)]
    assert set(change.data["assignments"].values()) == {"b1"}
    apply_changes(old, change)
    plan = layout.Plan(old)
    boxes = [b for _, _, b in plan.items()]
    assert len(boxes) == 2 and not boxes[0].clashes(boxes[1])
    assert {n.text for n in old.notes.values()} == {"Earlier work", "More buses", "Bike lanes"}


@pytest.mark.parametrize(("data", "code"), [
    ({"count": 2, "clusters": []}, "invalid"),
    ({}, "invalid"),
    ({"clusters": [], "notes": []}, "invalid"),
    ({"clusters": []}, "invalid"),
    ({"clusters": ["nope"]}, "not_found"),
    ({"notes": ["nope"]}, "not_found"),
    ({"clusters": "x"}, "bad_message"),
    ({"notes": [1]}, "bad_message"),
    ({"clusters": "x", "balance": ["moon"]}, "bad_message"),  # a type before a value
    ({"clusters": ["x"], "reuse": "yes"}, "bad_message"),
    ({"clusters": ["nope"], "balance": ["moon"]}, "not_found"),
    ({"clusters": ["nope"], "count": 2}, "not_found"),
    ({"clusters": ["x"], "balance": "site"}, "bad_message"),
])
def test_split_by_themes_refusals(plenary: BoardState, data: dict[str, Any], code: str) -> None:
    assert refused(split, workshop(), {"plenary": plenary}, data) == code


def test_at_most_rooms_max_themes(plenary: BoardState) -> None:
    ids = [note(plenary, f"Idea {i}") for i in range(ROOMS_MAX + 1)]
    assert refused(split, workshop(), {"plenary": plenary}, {"notes": ids}) == "invalid"
    assert len(split(workshop(), {"plenary": plenary}, {"notes": ids[:ROOMS_MAX]}).new_rooms) \
        == ROOMS_MAX


def breakouts() -> tuple[WorkshopState, dict[str, BoardState]]:
    """Two breakout rooms with notes: in b1 a revealed hidden vote, in b2 none."""
    ws = workshop([RoomInfo("b1", "Transport", False), RoomInfo("b2", "Parks", False),
                   RoomInfo("b3", "Empty", False)])
    b1, b2 = BoardState("b1"), BoardState("b2")
    first, second, third = (note(b1, t, f"p{i}") for i, t in enumerate(["Trams", "Buses",
                                                                         "Bikes"]))
    b1.voting = Voting("closed", 5, 5, hidden=True, revealed=True)
    b1.votes = {"p1": {third: 3, second: 1}, "p2": {second: 1}}
    note(b2, "Benches")
    note(b2, "Shade")
    return ws, {"plenary": BoardState("plenary"), "b1": b1, "b2": b2, "b3": BoardState("b3")}


def _frame_texts(plenary: BoardState, cid: str) -> list[str]:
    members = layout.Plan(plenary).members[cid]
    return [plenary.notes[i].text for i in members]


def test_collect_brings_each_room_back_in_a_frame_ranked_by_revealed_votes() -> None:
    ws, boards = breakouts()
    change = collect(ws, boards)
    plenary = boards["plenary"]
    apply_changes(plenary, change)
    assert set(change.data["rooms"]) == {"b1", "b2"} and change.data["top"] is None
    frames = {c.title: c for c in plenary.clusters.values()}
    assert set(frames) == {"Transport", "Parks"}
    assert frames["Transport"].source == {"room": "b1"}
    assert _frame_texts(plenary, frames["Transport"].id) == ["Bikes", "Buses", "Trams"]
    assert _frame_texts(plenary, frames["Parks"].id) == ["Benches", "Shade"]
    for copy in plenary.notes.values():
        room = copy.source["room"] if copy.source else ""
        original = boards[room].notes[copy.source["note"]] if copy.source else None
        assert original is not None and original.text == copy.text
        assert copy.author == original.author
    boxes = [b for _, _, b in layout.Plan(plenary).items()]
    assert not boxes[0].clashes(boxes[1])


def test_hidden_votes_order_nothing_before_their_reveal() -> None:
    ws, boards = breakouts()
    boards["b1"].voting = Voting("closed", 5, 5, hidden=True, revealed=False)
    change = collect(ws, boards, {"top": 2})
    apply_changes(boards["plenary"], change)
    frame = change.data["rooms"]["b1"]
    assert _frame_texts(boards["plenary"], frame) == ["Trams", "Buses"]


def test_collect_ranks_by_cluster_votes_when_clusters_were_voted_on() -> None:
    ws, boards = breakouts()
    b1 = boards["b1"]
    bikes = next(n.id for n in b1.notes.values() if n.text == "Bikes")
    cid = run(b1, "cluster.add", {"title": "Two wheels", "notes": [bikes]})[0].data["id"]
    b1.voting = Voting("open", 5, 5, target="clusters")
    b1.votes = {"p1": {cid: 2}}
    change = collect(ws, boards, {"top": 1})
    apply_changes(boards["plenary"], change)
    assert _frame_texts(boards["plenary"], change.data["rooms"]["b1"]) == ["Bikes"]


def test_collecting_again_replaces_the_rooms_frame_in_place() -> None:
    ws, boards = breakouts()
    plenary = boards["plenary"]
    first = collect(ws, boards)
    apply_changes(plenary, first)
    frame = first.data["rooms"]["b1"]
    own = note(plenary, "Added in the plenary", "p5", cluster=frame)
    note(boards["b1"], "Late idea", "p4")
    ws.rooms[1] = RoomInfo("b1", "Mobility", False)
    again = collect(ws, boards, {"top": 2})
    apply_changes(plenary, again)
    assert again.data["rooms"]["b1"] == frame
    assert sorted(c.title for c in plenary.clusters.values()) == ["Mobility", "Parks"]
    assert _frame_texts(plenary, frame)[0] == "Added in the plenary"
    assert sorted(_frame_texts(plenary, frame)[1:]) == ["Bikes", "Buses"]
    assert own in plenary.notes
    assert sum(1 for n in plenary.notes.values() if n.source is not None) == 4


@pytest.mark.parametrize(("data", "code"), [
    ({"top": 0}, "invalid"), ({"top": COLLECT_TOP_MAX + 1}, "invalid"),
    ({"top": "3"}, "bad_message"), ({"top": True}, "bad_message"),
])
def test_collect_refusals(data: dict[str, Any], code: str) -> None:
    ws, boards = breakouts()
    assert refused(collect, ws, boards, data) == code


def test_collect_with_nothing_to_collect_changes_no_board() -> None:
    ws = workshop([RoomInfo("b1", "Room 1", False)])
    change = collect(ws, {"plenary": BoardState("plenary"), "b1": BoardState("b1")})
    assert change.data == {"rooms": {}, "top": None}
    assert change.board_changes == {"plenary": []}


def test_only_a_facilitator_may_collect() -> None:
    ws, boards = breakouts()
    with pytest.raises(BoardError) as e:
        decide_workshop(ws, "rooms.collect", {}, Actor("p1", "participant"), _ctx(), None,
                        "plenary", boards=boards)
    assert e.value.code == "forbidden"
