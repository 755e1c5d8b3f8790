"""Notes, clusters and the board lock, through `decide` and `apply` as the store runs them."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cocreate import board
from cocreate.board import limits
from cocreate.board.redaction import Disclosure, render_event
from cocreate.board.state import Actor, BoardState, Event, NoteOwner
from support.rules import context, run_op

NOW = 1_700_000_000_000
FAC = Actor("fac", "facilitator", "Fran", "Facilitation")
ANN = Actor("ann", "participant", "Ann", "Residents")
BOB = Actor("bob", "participant", "Bob", "Council")
WALL = Actor("wall", "wall", "Projector")
NOTE_KEYS = {"id", "text", "color", "x", "y", "cluster", "author", "created", "updated"}

def run(state: BoardState, op: str, data: dict[str, Any], actor: Actor,
        now: int = NOW) -> list[Event]:
    return run_op(state, op, data, actor, now)


def refused(state: BoardState, op: str, data: dict[str, Any], actor: Actor,
            now: int = NOW) -> str:
    """The code `op` is refused with; the state must be left as it was."""
    before = copy.deepcopy(state)
    with pytest.raises(board.BoardError) as info:
        board.decide(state, op, data, actor, context(now))
    assert state == before
    return info.value.code


def add_note(state: BoardState, actor: Actor, text: str = "idea", **kw: Any) -> str:
    (event,) = run(state, "note.add", {"text": text, **kw}, actor)
    return str(event.data["id"])


def add_cluster(state: BoardState, actor: Actor = FAC, title: str = "Theme", **kw: Any) -> str:
    (event,) = run(state, "cluster.add", {"title": title, **kw}, actor)
    return str(event.data["id"])


@pytest.fixture
def state() -> BoardState:
    return BoardState("room")


# Dispatch


def test_unknown_op_is_refused_before_the_role_check(state: BoardState) -> None:
    assert refused(state, "note.explode", {}, ANN) == "unknown_op"
    assert refused(state, "note.explode", {}, WALL) == "unknown_op"


def test_the_servers_own_timer_end_is_an_unknown_op_for_clients(state: BoardState) -> None:
    assert refused(state, "timer.end", {}, FAC) == "unknown_op"


@pytest.mark.parametrize("op", sorted(board.ROOM_OPS))
def test_wall_may_send_no_op(state: BoardState, op: str) -> None:
    nid = add_note(state, FAC)
    assert refused(state, op, {"id": nid, "note": nid, "text": "x", "title": "x"}, WALL) \
        == "forbidden"


@pytest.mark.parametrize("op", ["board.lock", "board.unlock", "voting.start", "voting.stop",
                                "voting.reveal", "timer.start", "timer.pause", "timer.resume",
                                "timer.add", "timer.stop"])
def test_facilitator_ops_are_forbidden_to_participants(state: BoardState, op: str) -> None:
    # forbidden wins over the invalid data and wrong timer/voting status.
    assert refused(state, op, {"budget": 0, "seconds": 0}, ANN) == "forbidden"


def test_seq_follows_applied_events(state: BoardState) -> None:
    add_note(state, ANN)
    add_note(state, BOB)
    assert state.seq == 2


# note.add


def test_note_add_defaults(state: BoardState) -> None:
    (event,) = run(state, "note.add", {"text": "More benches"}, ANN)
    assert event.op == "note.add" and event.actor == "ann"
    d = event.data
    assert set(d) >= NOTE_KEYS
    assert d["text"] == "More benches"
    assert (d["color"], d["x"], d["y"], d["cluster"]) == ("yellow", 0.0, 0.0, None)
    assert (d["author"], d["author_group"]) == ("ann", "Residents")
    assert d["created"] == d["updated"] == NOW
    assert d["private"] is False
    note = state.notes[d["id"]]
    assert (note.text, note.author, note.created) == ("More benches", "ann", NOW)


def test_note_add_with_everything(state: BoardState) -> None:
    cid = add_cluster(state)
    (event,) = run(state, "note.add", {"text": "t", "color": "pink", "x": 10, "y": -5.5,
                                       "cluster": cid}, FAC)
    d = event.data
    # A note added to a cluster takes the frame's first slot, not the spot asked for.
    frame = state.clusters[cid]
    assert (d["color"], d["x"], d["y"], d["cluster"], d["author"]) == \
        ("pink", frame.x + 18, frame.y + 52, cid, "fac")
    assert state.notes[d["id"]].cluster == cid


def test_note_ids_are_fresh(state: BoardState) -> None:
    assert add_note(state, ANN) != add_note(state, ANN)
    assert len(state.notes) == 2


@pytest.mark.parametrize("text", ["x", "x" * 1000, "   " + "x" * 1000 + "\n\n", "\tpadded "])
def test_note_text_limit_counts_trimmed_and_stores_untrimmed(state: BoardState, text: str) -> None:
    nid = add_note(state, ANN, text)
    assert state.notes[nid].text == text


@pytest.mark.parametrize("text", ["", "   ", "\n", "x" * 1001])
def test_note_text_empty_or_over_1000_is_invalid(state: BoardState, text: str) -> None:
    assert refused(state, "note.add", {"text": text}, ANN) == "invalid"


@pytest.mark.parametrize("data", [{}, {"text": None}, {"text": 1}, {"text": ["a"]},
                                  {"text": "a", "color": 1}, {"text": "a", "x": "1"},
                                  {"text": "a", "y": True}, {"text": "a", "cluster": 3}])
def test_note_add_wrong_types_are_bad_message(state: BoardState, data: dict[str, Any]) -> None:
    assert refused(state, "note.add", data, ANN) == "bad_message"


@pytest.mark.parametrize("data", [{"text": "a", "color": "mauve"},
                                  {"text": "a", "x": float("nan")},
                                  {"text": "a", "y": limits.COORD_LIMIT * 2}])
def test_note_add_bad_values_are_invalid(state: BoardState, data: dict[str, Any]) -> None:
    assert refused(state, "note.add", data, ANN) == "invalid"


def test_note_add_into_a_missing_cluster_is_not_found(state: BoardState) -> None:
    assert refused(state, "note.add", {"text": "a", "cluster": "nope"}, ANN) == "not_found"
    # not_found wins over invalid
    assert refused(state, "note.add", {"text": "", "cluster": "nope"}, ANN) == "not_found"


# note.edit


def test_author_edits_text_and_color(state: BoardState) -> None:
    nid = add_note(state, ANN, "old", color="blue", x=3)
    (event,) = run(state, "note.edit", {"id": nid, "text": " new "}, ANN, now=NOW + 5)
    assert event.data["text"] == " new "
    assert event.data["color"] == "blue" and event.data["x"] == 3.0
    assert event.data["created"] == NOW and event.data["updated"] == NOW + 5
    assert state.notes[nid].text == " new "
    run(state, "note.edit", {"id": nid, "color": "green"}, ANN)
    assert (state.notes[nid].text, state.notes[nid].color) == (" new ", "green")
    run(state, "note.edit", {"id": nid, "text": "both", "color": "white"}, ANN)
    assert (state.notes[nid].text, state.notes[nid].color) == ("both", "white")


def test_participant_may_not_edit_anothers_note(state: BoardState) -> None:
    nid = add_note(state, ANN, "mine")
    assert refused(state, "note.edit", {"id": nid, "text": "hijacked"}, BOB) == "forbidden"
    # forbidden wins over invalid
    assert refused(state, "note.edit", {"id": nid, "text": ""}, BOB) == "forbidden"
    assert refused(state, "note.edit", {"id": nid}, BOB) == "forbidden"


def test_facilitator_may_edit_anyones_note_and_the_author_stays(state: BoardState) -> None:
    nid = add_note(state, ANN, "mine")
    (event,) = run(state, "note.edit", {"id": nid, "text": "tidied"}, FAC)
    assert event.actor == "fac"
    assert event.data["author"] == "ann" and event.data["author_group"] == "Residents"
    assert state.notes[nid].author == "ann"


def test_note_edit_refusals(state: BoardState) -> None:
    nid = add_note(state, ANN)
    assert refused(state, "note.edit", {"id": "nope", "text": "x"}, ANN) == "not_found"
    assert refused(state, "note.edit", {"id": nid}, ANN) == "invalid"
    assert refused(state, "note.edit", {"id": nid, "text": "x" * 1001}, ANN) == "invalid"
    assert refused(state, "note.edit", {"id": nid, "text": "  "}, ANN) == "invalid"
    assert refused(state, "note.edit", {"id": nid, "color": "mauve"}, ANN) == "invalid"
    assert refused(state, "note.edit", {"id": nid, "text": 5}, ANN) == "bad_message"
    assert refused(state, "note.edit", {"text": "x"}, ANN) == "bad_message"


# note.move


def sent(event: Event) -> dict[str, Any]:
    """The event's data as a client of the `full` audience receives it."""
    return render_event(event, "full", Disclosure())["data"]


def test_anyone_may_move_any_note(state: BoardState) -> None:
    nid = add_note(state, ANN)
    (event,) = run(state, "note.move", {"id": nid, "x": 120, "y": -4.5}, BOB)
    assert sent(event) == {"id": nid, "x": 120.0, "y": -4.5, "cluster": None}
    # The log keeps whose note it is, so replays can be redacted after it is gone.
    assert event.owner == NoteOwner(ANN.id, False)
    assert (state.notes[nid].x, state.notes[nid].y) == (120.0, -4.5)


def test_note_move_refusals(state: BoardState) -> None:
    nid = add_note(state, ANN)
    assert refused(state, "note.move", {"id": "nope", "x": 1, "y": 1}, ANN) == "not_found"
    assert refused(state, "note.move", {"id": nid, "x": 1}, ANN) == "bad_message"
    assert refused(state, "note.move", {"id": nid, "x": "1", "y": 1}, ANN) == "bad_message"
    assert refused(state, "note.move", {"id": nid, "x": float("inf"), "y": 1}, ANN) == "invalid"


# note.delete


def test_author_deletes_own_note(state: BoardState) -> None:
    nid = add_note(state, ANN)
    (event,) = run(state, "note.delete", {"id": nid}, ANN)
    assert sent(event) == {"id": nid}
    assert nid not in state.notes


def test_participant_may_not_delete_anothers_note_facilitator_may(state: BoardState) -> None:
    nid = add_note(state, ANN)
    assert refused(state, "note.delete", {"id": nid}, BOB) == "forbidden"
    run(state, "note.delete", {"id": nid}, FAC)
    assert nid not in state.notes
    assert refused(state, "note.delete", {"id": nid}, FAC) == "not_found"


# note.group and clusters


def test_note_group_and_ungroup(state: BoardState) -> None:
    nid = add_note(state, ANN)
    cid = add_cluster(state, BOB)
    (event,) = run(state, "note.group", {"id": nid, "cluster": cid}, BOB)
    assert {k: v for k, v in sent(event).items() if k != "layout"} == {"id": nid, "cluster": cid}
    assert state.notes[nid].cluster == cid
    (event,) = run(state, "note.group", {"id": nid, "cluster": None}, ANN)
    assert {k: v for k, v in sent(event).items() if k != "layout"} == {"id": nid, "cluster": None}
    assert state.notes[nid].cluster is None


def test_note_group_refusals(state: BoardState) -> None:
    nid = add_note(state, ANN)
    assert refused(state, "note.group", {"id": nid}, ANN) == "bad_message"
    assert refused(state, "note.group", {"id": nid, "cluster": 4}, ANN) == "bad_message"
    assert refused(state, "note.group", {"id": nid, "cluster": "nope"}, ANN) == "not_found"
    assert refused(state, "note.group", {"id": "nope", "cluster": None}, ANN) == "not_found"


def test_cluster_add_with_notes(state: BoardState) -> None:
    a, b = add_note(state, ANN), add_note(state, BOB)
    (event,) = run(state, "cluster.add", {"title": "Transport", "x": 5, "y": 6,
                                          "notes": [a, b, a]}, ANN)
    cid = event.data["id"]
    assert {k: v for k, v in event.data.items() if k != "layout"} == \
        {"id": cid, "title": "Transport", "x": 5.0, "y": 6.0, "source": None,
             "notes": [a, b]}
    # Its notes move into the frame's grid, in the order given.
    assert [(state.notes[i].x, state.notes[i].y) for i in (a, b)] == [(23.0, 58.0), (239.0, 58.0)]
    assert state.clusters[cid].title == "Transport"
    assert state.notes[a].cluster == state.notes[b].cluster == cid


def test_cluster_add_defaults(state: BoardState) -> None:
    (event,) = run(state, "cluster.add", {"title": "T"}, BOB)
    assert event.data == {"id": event.data["id"], "title": "T", "x": 0.0, "y": 0.0,
                          "source": None, "notes": []}


def test_cluster_add_refusals(state: BoardState) -> None:
    assert refused(state, "cluster.add", {"title": ""}, ANN) == "invalid"
    assert refused(state, "cluster.add", {"title": "x" * 201}, ANN) == "invalid"
    assert refused(state, "cluster.add", {}, ANN) == "bad_message"
    assert refused(state, "cluster.add", {"title": "T", "notes": "n1"}, ANN) == "bad_message"
    assert refused(state, "cluster.add", {"title": "T", "notes": ["nope"]}, ANN) == "not_found"
    # not_found wins over invalid
    assert refused(state, "cluster.add", {"title": "", "notes": ["nope"]}, ANN) == "not_found"
    run(state, "cluster.add", {"title": "x" * 200}, ANN)


def test_cluster_rename(state: BoardState) -> None:
    cid = add_cluster(state, ANN, x=7)
    (event,) = run(state, "cluster.rename", {"id": cid, "title": "Mobility"}, BOB)
    assert event.data == {"id": cid, "title": "Mobility", "x": 7.0, "y": 0.0, "source": None}
    assert state.clusters[cid].title == "Mobility"
    assert refused(state, "cluster.rename", {"id": "nope", "title": "x"}, ANN) == "not_found"
    assert refused(state, "cluster.rename", {"id": cid, "title": " "}, ANN) == "invalid"
    assert refused(state, "cluster.rename", {"id": cid}, ANN) == "bad_message"


def test_cluster_rename_keeps_its_notes(state: BoardState) -> None:
    nid = add_note(state, ANN)
    cid = add_cluster(state, notes=[nid])
    run(state, "cluster.rename", {"id": cid, "title": "Renamed"}, ANN)
    assert state.notes[nid].cluster == cid


def test_cluster_delete_ungroups_its_notes(state: BoardState) -> None:
    a, b = add_note(state, ANN), add_note(state, ANN)
    cid = add_cluster(state, notes=[a])
    other = add_cluster(state, notes=[b])
    (event,) = run(state, "cluster.delete", {"id": cid}, BOB)
    assert event.data == {"id": cid}
    assert cid not in state.clusters
    assert state.notes[a].cluster is None
    assert state.notes[b].cluster == other
    assert refused(state, "cluster.delete", {"id": cid}, BOB) == "not_found"


# The lock


def test_board_lock_and_unlock(state: BoardState) -> None:
    (event,) = run(state, "board.lock", {}, FAC)
    assert event.data == {"locked": True} and state.locked
    (event,) = run(state, "board.unlock", {}, FAC)
    assert event.data == {"locked": False} and not state.locked


def _locked_board() -> tuple[BoardState, str, str]:
    state = BoardState("room")
    nid = add_note(state, ANN)
    cid = add_cluster(state, ANN)
    run(state, "board.lock", {}, FAC)
    return state, nid, cid


def _note_and_cluster_ops(nid: str, cid: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("note.add", {"text": "late"}),
        ("note.edit", {"id": nid, "text": "changed"}),
        ("note.move", {"id": nid, "x": 1, "y": 2}),
        ("note.group", {"id": nid, "cluster": cid}),
        ("cluster.add", {"title": "New"}),
        ("cluster.rename", {"id": cid, "title": "Renamed"}),
        ("note.delete", {"id": nid}),
        ("cluster.delete", {"id": cid}),
    ]


def test_locked_board_refuses_participants_note_and_cluster_ops() -> None:
    state, nid, cid = _locked_board()
    for op, data in _note_and_cluster_ops(nid, cid):
        assert refused(state, op, data, ANN) == "locked", op


def test_locked_board_does_not_stop_the_facilitator() -> None:
    state, nid, cid = _locked_board()
    for op, data in _note_and_cluster_ops(nid, cid):
        run(state, op, data, FAC)
    assert nid not in state.notes and cid not in state.clusters


def test_locked_board_does_not_stop_votes() -> None:
    state, nid, _ = _locked_board()
    run(state, "voting.start", {"budget": 2}, FAC)
    run(state, "vote.add", {"note": nid}, BOB)
    run(state, "vote.add", {"note": nid}, BOB)
    run(state, "vote.remove", {"note": nid}, BOB)
    assert state.votes == {"bob": {nid: 1}}


def test_locked_comes_last_in_the_precedence() -> None:
    state, nid, _ = _locked_board()
    assert refused(state, "note.edit", {"id": nid, "text": "x"}, BOB) == "forbidden"
    assert refused(state, "note.delete", {"id": nid}, BOB) == "forbidden"
    assert refused(state, "note.move", {"id": "nope", "x": 1, "y": 1}, ANN) == "not_found"
    assert refused(state, "cluster.delete", {"id": "nope"}, ANN) == "not_found"
    assert refused(state, "note.add", {"text": ""}, ANN) == "invalid"
    assert refused(state, "note.edit", {"id": nid, "text": "x" * 1001}, ANN) == "invalid"
    assert refused(state, "cluster.add", {"title": ""}, ANN) == "invalid"


def test_unlock_lets_participants_back_in() -> None:
    state, nid, _ = _locked_board()
    run(state, "board.unlock", {}, FAC)
    run(state, "note.edit", {"id": nid, "text": "again"}, ANN)
    assert state.notes[nid].text == "again"


# bad_message is first in the protocol's precedence list: a frame with a field of
# the wrong type is bad_message even when the id it names is unknown too.


@pytest.mark.parametrize("op, data", [
    ("note.add", {"text": 5, "cluster": "nope"}),
    ("note.edit", {"id": "nope", "text": 5}),
    ("note.move", {"id": "nope", "x": "left", "y": 0}),
    ("note.group", {"id": "nope"}),
    ("cluster.add", {"title": 5, "notes": ["nope"]}),
    ("cluster.rename", {"id": "nope", "title": 5}),
])
def test_bad_message_wins_over_not_found(state: BoardState, op: str, data: dict[str, Any]) -> None:
    assert refused(state, op, data, ANN) == "bad_message"


def test_bad_message_wins_over_forbidden(state: BoardState) -> None:
    nid = add_note(state, ANN)
    assert refused(state, "note.edit", {"id": nid, "text": 5}, BOB) == "bad_message"
