"""snapshot.restore: the board is saved first, then notes and clusters return in one event."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cocreate import board
from cocreate.board.errors import BoardError
from cocreate.board.redaction import (
    Disclosure,
    RoomRedaction,
    Viewer,
    event_audience,
    render_event,
    state_view,
)
from cocreate.board.state import Actor, BoardState, Event
from support.rules import accept, context, run_op

FAC = Actor("fac", "facilitator", "Fran")
ANN = Actor("ann", "participant", "Ann", "Residents")
BOB = Actor("bob", "participant", "Bob", "Council")


def stored(state: BoardState, snapshot_id: str = "s1", name: str = "Ideas") -> dict:
    return {"id": snapshot_id, "name": name, "state": state.snapshot()}


def restore(state: BoardState, snap: dict, actor: Actor = FAC, now: int = 9_000) -> list[Event]:
    ctx = replace(context(now), snapshot=snap)
    return accept(state, board.decide(state, "snapshot.restore", {"id": snap["id"]}, actor, ctx),
                  actor.id, now)


def add(s: BoardState, text: str, actor: Actor, now: int) -> str:
    event_id: str = run_op(s, "note.add", {"text": text, "x": 0, "y": 0}, actor, now)[0].data["id"]
    return event_id


@pytest.fixture
def state() -> BoardState:
    s = BoardState("room")
    n1 = add(s, "Bus lanes", ANN, 1)
    run_op(s, "cluster.add", {"title": "Transport", "notes": [n1]}, ANN, 2)
    run_op(s, "voting.start", {"budget": 3}, FAC, 3)
    run_op(s, "vote.add", {"note": n1}, BOB, 4)
    return s


def only(items: dict[str, object]) -> str:
    (key,) = items
    return key


def test_a_restore_saves_the_board_then_returns_notes_and_clusters(state: BoardState) -> None:
    snap = stored(state)
    n1, k1 = only(state.notes), only(state.clusters)
    add(state, "Trams", BOB, 5)
    run_op(state, "note.edit", {"id": n1, "text": "Bike lanes"}, ANN, 6)
    run_op(state, "cluster.delete", {"id": k1}, FAC, 7)
    before = state.snapshot()
    saved, restored = restore(state, snap)
    assert saved.op == "snapshot.save" and saved.data["name"] == "Before restoring: Ideas"
    assert restored.op == "snapshot.restore" and restored.data["saved"] == saved.data["id"]
    # The snapshot the restore saves is the board before it: nothing is lost.
    assert saved.seq == before["seq"] + 1
    assert sorted(n["text"] for n in before["notes"]) == ["Bike lanes", "Trams"]
    assert [n.as_dict() for n in state.notes.values()] == snap["state"]["notes"]
    assert [c.as_dict() for c in state.clusters.values()] == snap["state"]["clusters"]


def test_votes_timer_and_agenda_stay(state: BoardState) -> None:
    snap = stored(state)
    n1 = only(state.notes)
    run_op(state, "vote.add", {"note": n1}, ANN, 5)
    run_op(state, "timer.start", {"seconds": 60}, FAC, 6)
    restore(state, snap)
    assert state.votes == {"bob": {n1: 1}, "ann": {n1: 1}}
    assert state.timer.status == "running" and state.voting.status == "open"


def test_restore_needs_a_snapshot_of_this_room_and_a_facilitator(state: BoardState) -> None:
    snap = stored(state)
    with pytest.raises(BoardError) as info:
        restore(state, snap, ANN)
    assert info.value.code == "forbidden"
    with pytest.raises(BoardError) as info:
        board.decide(state, "snapshot.restore", {"id": "s1"}, FAC, context(5))
    assert info.value.code == "not_found"  # the store found no such snapshot in this room
    with pytest.raises(BoardError) as info:
        board.decide(state, "snapshot.restore", {}, FAC, replace(context(5), snapshot=snap))
    assert info.value.code == "bad_message"


def test_a_restored_private_note_reaches_only_its_author_and_facilitators() -> None:
    s = BoardState("room", private_round=True)
    n1 = add(s, "Secret idea", ANN, 1)
    snap = stored(s)
    run_op(s, "notes.reveal", {}, FAC, 2)
    _, event = restore(s, snap)
    redaction = RoomRedaction.of(BoardState("room"), Disclosure())
    redaction.after(event)
    assert redaction.private_authors == {n1: "ann"}
    frames = {}
    for viewer in (Viewer("fac", "facilitator"), Viewer("ann", "participant"),
                   Viewer("bob", "participant")):
        audience = event_audience(event, viewer, Disclosure(), {})
        frames[viewer.id] = render_event(event, audience, Disclosure())["data"]["notes"]
    assert [n["text"] for n in frames["fac"]] == ["Secret idea"]
    assert [n["text"] for n in frames["ann"]] == ["Secret idea"]
    assert frames["bob"] == []
    # Each viewer's board after the event is their view of the restored board.
    assert frames["bob"] == state_view(s, Viewer("bob", "participant"), Disclosure(), 0)["notes"]


def test_a_restore_under_hidden_authors_names_no_one_but_to_themselves(
        state: BoardState) -> None:
    snap = stored(state)
    _, event = restore(state, snap)
    hidden = Disclosure("hidden", False)
    for viewer, author in ((Viewer("bob", "participant"), None),
                           (Viewer("ann", "participant"), "ann"),
                           (Viewer("fac", "facilitator"), None)):
        frame = render_event(event, event_audience(event, viewer, hidden, {}), hidden)
        assert [n["author"] for n in frame["data"]["notes"]] == [author]
