"""The board's layout as the rules decide it: frames, free space, pushing aside, tidy, reveal."""

from __future__ import annotations

import copy
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocreate import board
from cocreate.board.layout import GAP, HEAD, NOTE_H, NOTE_W, PAD, Box, frame_box, grid, note_box
from cocreate.board.redaction import Disclosure, Viewer, event_audience, render_event
from cocreate.board.state import Actor, BoardState, Event
from support.rules import context, run_op

NOW = 1_700_000_000_000
FAC = Actor("fac", "facilitator", "Fran", "Facilitation")
PEOPLE = [Actor(f"p{i}", "participant", f"P{i}", "Residents") for i in range(12)]
ANN, BOB = PEOPLE[0], PEOPLE[1]
_clock = itertools.count(NOW)


def run(state: BoardState, op: str, data: dict[str, Any], actor: Actor = FAC) -> list[Event]:
    return run_op(state, op, data, actor, next(_clock))


def add(state: BoardState, x: float = 0, y: float = 0, actor: Actor = ANN, **kw: Any) -> str:
    (event,) = run(state, "note.add", {"text": "idea", "x": x, "y": y, **kw}, actor)
    return str(event.data["id"])


def cluster(state: BoardState, notes: list[str], x: float = 0, y: float = 0) -> str:
    (event,) = run(state, "cluster.add", {"title": "Theme", "notes": notes, "x": x, "y": y})
    return str(event.data["id"])


def boxes(state: BoardState) -> list[tuple[str, Box]]:
    """What stands on the board on its own: frames, and public notes in no cluster."""
    out = [(c.id, frame_box(c.x, c.y, members(state, c.id))) for c in state.clusters.values()]
    out += [(n.id, note_box(n.x, n.y)) for n in state.notes.values()
            if n.cluster is None and not n.private]
    return out


def members(state: BoardState, cid: str) -> int:
    return sum(1 for n in state.notes.values() if n.cluster == cid and not n.private)


def overlapping(state: BoardState) -> list[tuple[str, str]]:
    items = boxes(state)
    return [(a, b) for (a, ba), (b, bb) in itertools.combinations(items, 2)
            if ba.clashes(bb, margin=0)]


def assert_members_in_grid(state: BoardState) -> None:
    for c in state.clusters.values():
        frame = frame_box(c.x, c.y, members(state, c.id))
        for n in state.notes.values():
            if n.cluster == c.id and not n.private:
                # Inside the frame, below its header.
                assert frame.x + PAD <= n.x and n.x + NOTE_W <= frame.x2 - PAD
                assert frame.y + HEAD <= n.y and n.y + NOTE_H <= frame.y2 - PAD


@pytest.fixture
def state() -> BoardState:
    return BoardState("room")


# The frame's grid


def test_the_grid_grows_and_shrinks_with_its_notes() -> None:
    assert [grid(n) for n in (0, 1, 2, 4, 5, 9, 10, 16, 17)] == [
        (1, 1), (1, 1), (2, 1), (2, 2), (3, 2), (3, 3), (4, 3), (4, 4), (4, 5)]
    assert frame_box(0, 0, 1) == Box(0, 0, NOTE_W + 2 * PAD, HEAD + NOTE_H + PAD)
    assert frame_box(0, 0, 4).w == 2 * PAD + 2 * NOTE_W + GAP


def test_joining_grows_the_frame_and_leaving_shrinks_it(state: BoardState) -> None:
    notes = [add(state) for _ in range(5)]
    cid = cluster(state, notes[:4], x=0, y=600)
    c = state.clusters[cid]
    assert frame_box(c.x, c.y, members(state, cid)).w == 2 * PAD + 2 * NOTE_W + GAP
    run(state, "note.group", {"id": notes[4], "cluster": cid})
    assert members(state, cid) == 5
    assert frame_box(c.x, c.y, 5).w == 2 * PAD + 3 * NOTE_W + 2 * GAP
    assert_members_in_grid(state)
    run(state, "note.group", {"id": notes[0], "cluster": None})
    run(state, "note.delete", {"id": notes[1]})
    assert members(state, cid) == 3
    assert_members_in_grid(state)
    # The slots close up: the members fill the first slots of the smaller grid.
    xs = sorted((n.y, n.x) for n in state.notes.values() if n.cluster == cid)
    assert xs == [(c.y + HEAD, c.x + PAD), (c.y + HEAD, c.x + PAD + NOTE_W + GAP),
                  (c.y + HEAD + NOTE_H + GAP, c.x + PAD)]
    assert overlapping(state) == []


def test_a_new_cluster_never_covers_a_note_or_a_frame(state: BoardState) -> None:
    a, b, c = add(state, 0, 0), add(state, 300, 0), add(state, 0, 300)
    first = cluster(state, [a], x=0, y=0)
    # Asked for the very spot of the first frame and of note c: it goes to free space.
    second = cluster(state, [b], x=0, y=0)
    assert (state.clusters[second].x, state.clusters[second].y) != (0, 0)
    assert overlapping(state) == []
    assert state.notes[c].cluster is None and first != second
    assert_members_in_grid(state)


def test_a_growing_frame_moves_its_neighbours_aside(state: BoardState) -> None:
    a = add(state, 0, 0)
    cid = cluster(state, [a], x=0, y=0)
    frame = frame_box(state.clusters[cid].x, state.clusters[cid].y, 1)
    # A note just right of the frame, and another frame just below it.
    right = add(state, frame.x2 + GAP, frame.y)
    other = cluster(state, [add(state, 2000, 2000)], x=frame.x, y=frame.y2 + GAP)
    before_right = (state.notes[right].x, state.notes[right].y)
    for _ in range(5):
        run(state, "note.add", {"text": "more", "cluster": cid}, BOB)
    assert members(state, cid) == 6
    assert overlapping(state) == []
    assert (state.notes[right].x, state.notes[right].y) != before_right
    assert_members_in_grid(state)
    assert other in state.clusters


def test_the_header_is_never_covered(state: BoardState) -> None:
    notes = [add(state, 0, 0) for _ in range(7)]
    cid = cluster(state, notes, x=100, y=100)
    c = state.clusters[cid]
    header = Box(c.x, c.y, frame_box(c.x, c.y, 7).w, HEAD)
    assert not any(note_box(state.notes[n].x, state.notes[n].y).clashes(header, margin=0)
                   for n in notes)


# Moving notes in and out of frames


def test_dragging_a_note_out_of_its_frame_takes_it_out(state: BoardState) -> None:
    a, b = add(state), add(state)
    cid = cluster(state, [a, b], x=0, y=0)
    (event,) = run(state, "note.move", {"id": b, "x": 1500, "y": 900}, BOB)
    assert event.data["cluster"] is None and state.notes[b].cluster is None
    assert (state.notes[b].x, state.notes[b].y) == (1500, 900)
    assert members(state, cid) == 1
    # Moved within the frame it stays a member, back in a slot.
    c = state.clusters[cid]
    run(state, "note.move", {"id": a, "x": c.x + 40, "y": c.y + 70}, BOB)
    assert state.notes[a].cluster == cid
    assert (state.notes[a].x, state.notes[a].y) == (c.x + PAD, c.y + HEAD)


def test_a_note_dropped_half_over_a_frame_lands_beside_it(state: BoardState) -> None:
    cid = cluster(state, [add(state)], x=0, y=0)
    loose = add(state, 2000, 0)
    frame = frame_box(state.clusters[cid].x, state.clusters[cid].y, 1)
    (event,) = run(state, "note.move", {"id": loose, "x": frame.x2 - 60, "y": frame.y}, BOB)
    assert event.data["cluster"] is None
    assert overlapping(state) == []


def test_dropping_a_note_on_a_frame_puts_it_in(state: BoardState) -> None:
    a, loose = add(state), add(state, 2000, 0)
    cid = cluster(state, [a], x=0, y=0)
    c = state.clusters[cid]
    (event,) = run(state, "note.move", {"id": loose, "x": c.x + 60, "y": c.y + 80}, BOB)
    assert event.data["cluster"] == cid and state.notes[loose].cluster == cid
    assert_members_in_grid(state)
    assert overlapping(state) == []


def test_a_note_dropped_before_a_member_takes_its_slot(state: BoardState) -> None:
    a, b = add(state), add(state)
    cid = cluster(state, [a, b], x=0, y=0)
    c = state.clusters[cid]
    # b dropped onto the first slot: it goes first, a second.
    run(state, "note.move", {"id": b, "x": c.x + PAD - 30, "y": c.y + HEAD}, BOB)
    assert (state.notes[b].x, state.notes[a].x) == (c.x + PAD, c.x + PAD + NOTE_W + GAP)


def test_a_note_dropped_back_on_its_own_slot_stays_there(state: BoardState) -> None:
    a, b, c_ = add(state), add(state), add(state)
    cid = cluster(state, [a, b, c_], x=0, y=0)
    before = {n: (state.notes[n].x, state.notes[n].y) for n in (a, b, c_)}
    bx, by = before[b]
    run(state, "note.move", {"id": b, "x": bx + 5, "y": by - 5}, BOB)
    assert {n: (state.notes[n].x, state.notes[n].y) for n in (a, b, c_)} == before
    # The first note dropped on the last slot goes last; the others close up.
    cx, cy = before[c_]
    run(state, "note.move", {"id": a, "x": cx, "y": cy}, BOB)
    assert [state.notes[n].x for n in (b, c_, a)] == [x for x, _ in before.values()]
    assert state.notes[a].cluster == cid


def test_cluster_move_moves_the_frame_with_its_notes(state: BoardState) -> None:
    notes = [add(state) for _ in range(3)]
    cid = cluster(state, notes, x=0, y=0)
    c = state.clusters[cid]
    offsets = [(state.notes[n].x - c.x, state.notes[n].y - c.y) for n in notes]
    (event,) = run(state, "cluster.move", {"id": cid, "x": 900, "y": 700}, ANN)
    assert (event.data["x"], event.data["y"]) == (900, 700)
    assert {m["id"] for m in event.data["layout"]["notes"]} == set(notes)
    assert [(state.notes[n].x - 900, state.notes[n].y - 700) for n in notes] == offsets


def test_cluster_move_onto_others_lands_in_free_space(state: BoardState) -> None:
    loose = add(state, 900, 700)
    cid = cluster(state, [add(state, 0, 0)], x=0, y=0)
    (event,) = run(state, "cluster.move", {"id": cid, "x": 880, "y": 680}, ANN)
    assert (state.notes[loose].x, state.notes[loose].y) == (900, 700)
    assert overlapping(state) == []
    assert (event.data["x"], event.data["y"]) != (880, 680)


def test_cluster_move_refusals(state: BoardState) -> None:
    cid = cluster(state, [])
    for data, code in (({"id": "nope", "x": 1, "y": 1}, "not_found"),
                       ({"id": cid, "x": 1}, "bad_message"),
                       ({"id": cid, "x": 1e12, "y": 0}, "invalid")):
        before = copy.deepcopy(state)
        with pytest.raises(board.BoardError) as info:
            board.decide(state, "cluster.move", data, ANN, context(NOW))
        assert info.value.code == code and state == before
    run(state, "board.lock", {})
    with pytest.raises(board.BoardError) as info:
        board.decide(state, "cluster.move", {"id": cid, "x": 1, "y": 1}, ANN, context(NOW))
    assert info.value.code == "locked"
    run(state, "cluster.move", {"id": cid, "x": 1, "y": 1}, FAC)


# Tidy


def test_tidy_is_one_op_for_the_whole_board_and_leaves_no_overlap(state: BoardState) -> None:
    # A messy board: everything piled up at one spot the way notes were moved there.
    notes = [add(state, 0, 0) for _ in range(30)]
    for n in notes:
        run(state, "note.move", {"id": n, "x": 5, "y": 5}, ANN)
    for k in range(3):
        cluster(state, notes[k * 5:k * 5 + 5], x=0, y=0)
    with pytest.raises(board.BoardError) as info:
        board.decide(state, "board.tidy", {}, ANN, context(NOW))
    assert info.value.code == "forbidden"
    events = run(state, "board.tidy", {})
    assert [e.op for e in events] == ["board.tidy"]
    assert overlapping(state) == []
    assert_members_in_grid(state)
    # A tidy board stays as it is when tidied again.
    (again,) = run(state, "board.tidy", {})
    assert again.data["layout"] == {"notes": [], "clusters": []}


# Free space: many people at once, reveals


def test_notes_added_at_one_spot_land_side_by_side(state: BoardState) -> None:
    for person in PEOPLE:
        add(state, 400, 300, actor=person)
    assert overlapping(state) == []


def test_twelve_private_notes_written_at_one_spot_are_revealed_side_by_side(
        state: BoardState) -> None:
    existing = add(state, 400, 300)
    run(state, "agenda.set", {"rounds": [{"title": "Silent", "seconds": 300, "private": True}]})
    run(state, "round.start", {})
    for person in PEOPLE:
        add(state, 400, 300, actor=person)
    (reveal,) = run(state, "notes.reveal", {})
    assert not any(n.private for n in state.notes.values())
    assert overlapping(state) == []
    assert (state.notes[existing].x, state.notes[existing].y) == (400, 300)
    # The event says where each landed, so every client shows the same.
    placed = {n["id"]: (n["x"], n["y"]) for n in reveal.data["notes"]}
    assert placed == {i: (state.notes[i].x, state.notes[i].y) for i in placed}


def test_a_revealed_note_of_a_cluster_goes_into_its_frame(state: BoardState) -> None:
    cid = cluster(state, [add(state)], x=0, y=0)
    run(state, "agenda.set", {"rounds": [{"title": "Silent", "seconds": 300, "private": True}]})
    run(state, "round.start", {})
    secret = add(state, 0, 0, actor=BOB, cluster=cid)
    assert members(state, cid) == 1  # not in the grid while private
    events = run(state, "round.end", {})
    assert events[0].op == "notes.reveal"
    assert members(state, cid) == 2 and state.notes[secret].cluster == cid
    assert_members_in_grid(state)
    assert overlapping(state) == []


# Random boards

_op = st.one_of(
    st.tuples(st.just("add"), st.integers(-600, 600), st.integers(-600, 600)),
    st.tuples(st.just("move"), st.integers(0, 40), st.integers(-800, 800), st.integers(-800, 800)),
    st.tuples(st.just("group"), st.integers(0, 40), st.integers(-1, 6)),
    st.tuples(st.just("cluster"), st.integers(0, 40), st.integers(0, 40), st.integers(-600, 600)),
    st.tuples(st.just("cmove"), st.integers(0, 6), st.integers(-800, 800), st.integers(-800, 800)),
    st.tuples(st.just("delete"), st.integers(0, 40)),
)


def _pick(ids: list[str], k: int) -> str | None:
    return ids[k % len(ids)] if ids else None


def _play(state: BoardState, step: tuple[Any, ...]) -> None:
    notes, clusters = list(state.notes), list(state.clusters)
    kind = step[0]
    if kind == "add":
        add(state, step[1], step[2])
    elif kind == "move" and notes:
        run(state, "note.move", {"id": _pick(notes, step[1]), "x": step[2], "y": step[3]}, BOB)
    elif kind == "group" and notes:
        target = None if step[2] < 0 else _pick(clusters, step[2])
        run(state, "note.group", {"id": _pick(notes, step[1]), "cluster": target})
    elif kind == "cluster" and notes:
        chosen = list(dict.fromkeys(x for x in (_pick(notes, step[1]), _pick(notes, step[2])) if x))
        cluster(state, chosen, x=step[3], y=step[3])
    elif kind == "cmove" and clusters:
        run(state, "cluster.move", {"id": _pick(clusters, step[1]), "x": step[2], "y": step[3]},
            ANN)
    elif kind == "delete" and notes:
        run(state, "note.delete", {"id": _pick(notes, step[1])})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_op, min_size=1, max_size=40))
def test_frames_never_cover_anything_on_random_boards(steps: list[tuple[Any, ...]]) -> None:
    """Whatever people do, no frame covers a note or another frame, and members sit
    in their grid. (Free notes may cover each other only where someone put them.)"""
    state = BoardState("room")
    for step in steps:
        _play(state, step)
        assert_members_in_grid(state)
        frames = [(c.id, frame_box(c.x, c.y, members(state, c.id)))
                  for c in state.clusters.values()]
        others = frames + [(n.id, note_box(n.x, n.y)) for n in state.notes.values()
                           if n.cluster is None]
        for cid, frame in frames:
            assert not [o for o, b in others if o != cid and frame.clashes(b, margin=0)], step
    run(state, "board.tidy", {})
    assert overlapping(state) == []
    assert_members_in_grid(state)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(-300, 300), st.integers(-300, 300)), min_size=2,
                max_size=40))
def test_added_notes_never_cover_each_other(spots: list[tuple[int, int]]) -> None:
    state = BoardState("room")
    for x, y in spots:
        add(state, x, y)
    assert overlapping(state) == []


def test_replaying_the_events_gives_the_same_board(state: BoardState) -> None:
    """Positions the server decides travel in the events: a replay needs no layout."""
    events: list[Event] = []
    notes = [add(state, 0, 0) for _ in range(6)]
    events_state = copy.deepcopy(state)
    events += run(state, "cluster.add", {"title": "T", "notes": notes[:3], "x": 0, "y": 0})
    events += run(state, "note.move", {"id": notes[0], "x": 1200, "y": 0}, ANN)
    events += run(state, "note.group", {"id": notes[4], "cluster": events[0].data["id"]})
    events += run(state, "board.tidy", {})
    for event in events:
        board.apply(events_state, event)
    assert events_state.notes == state.notes and events_state.clusters == state.clusters


def test_every_audience_gets_the_layout_but_never_a_private_notes_place(
        state: BoardState) -> None:
    """The positions are of public notes and frames only, so everyone applies them;
    a private note's own event still tells others nothing."""
    cid = cluster(state, [add(state, 0, 0)], x=0, y=0)
    neighbour = add(state, 300, 0)
    (grown,) = run(state, "note.add", {"text": "more", "cluster": cid}, BOB)
    assert grown.data["layout"]["notes"] and grown.data["layout"]["notes"][0]["id"] == neighbour
    hidden = Disclosure("hidden", True)
    for viewer in (Viewer(ANN.id, "participant"), Viewer("wall", "wall")):
        audience = event_audience(grown, viewer, hidden, {})
        assert render_event(grown, audience, hidden)["data"]["layout"] == grown.data["layout"]
    run(state, "agenda.set", {"rounds": [{"title": "Silent", "seconds": 300, "private": True}]})
    run(state, "round.start", {})
    secret = add(state, 0, 0, actor=BOB, cluster=cid)
    (moved,) = run(state, "note.move", {"id": secret, "x": 5000, "y": 0}, BOB)
    assert "layout" not in moved.data
    frame = render_event(moved, event_audience(moved, Viewer(ANN.id, "participant"), hidden,
                                               {secret: BOB.id}), hidden)
    assert frame["data"] == {"id": secret, "private": True}
