"""What each viewer sees: anonymous authors, group-only authors and private notes."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cocreate.board.redaction import (
    Disclosure,
    RoomRedaction,
    Viewer,
    event_audience,
    note_view,
    render_event,
    snapshot_view,
    state_view,
)
from cocreate.board.state import Actor, BoardState, Event
from support.rules import run_op

NOW = 1_700_000_000_000
FAC = Actor("fac", "facilitator", "Fran", "Facilitation")
ANN = Actor("ann", "participant", "Ann", "Residents")
BOB = Actor("bob", "participant", "Bob", "Council")
WALL = Actor("wall", "wall", "Projector")
NAMED, GROUP, HIDDEN = Disclosure("named"), Disclosure("group"), Disclosure("hidden")
N_KEYS = {"id", "text", "color", "x", "y", "cluster", "author", "created", "updated"}
S_KEYS = {"notes", "clusters", "voting", "timer", "locked", "my_votes"}
NOTE_OPS = ("note.add", "note.edit", "note.move", "note.group", "note.delete")


def run(state: BoardState, op: str, data: dict[str, Any], actor: Actor) -> Event:
    (event,) = run_op(state, op, data, actor, NOW)
    return event


def private_authors(state: BoardState) -> dict[str, str]:
    """What the hub keeps: ids of notes still private, to their authors."""
    return {n.id: n.author or "" for n in state.notes.values() if n.private}


def frame(event: Event, viewer: Actor, disclosure: Disclosure,
          privates: dict[str, str] | None = None) -> dict[str, Any]:
    v = Viewer(viewer.id, viewer.role)
    return render_event(event, event_audience(event, v, disclosure, privates or {}), disclosure)


def view(state: BoardState, viewer: Actor, disclosure: Disclosure) -> dict[str, Any]:
    return state_view(state, Viewer(viewer.id, viewer.role), disclosure, NOW)


def note_events(state: BoardState, author: Actor) -> list[Event]:
    """One event of each note.* op on a note written by `author`."""
    (c,) = run_op(state, "cluster.add", {"title": "T"}, FAC, NOW)
    add = run(state, "note.add", {"text": "secret idea"}, author)
    nid = add.data["id"]
    return [add,
            run(state, "note.edit", {"id": nid, "text": "better idea"}, author),
            run(state, "note.move", {"id": nid, "x": 3, "y": 4}, author),
            run(state, "note.group", {"id": nid, "cluster": c.data["id"]}, author),
            run(state, "note.delete", {"id": nid}, author)]


@pytest.fixture
def state() -> BoardState:
    return BoardState("room")


# Shapes


def test_state_view_shape(state: BoardState) -> None:
    run(state, "note.add", {"text": "a"}, ANN)
    s = view(state, BOB, NAMED)
    assert set(s) >= S_KEYS
    assert set(s["notes"][0]) >= N_KEYS
    assert s["timer"] == {"status": "idle", "label": "", "duration_ms": 0, "ends_at": None,
                          "remaining_ms": 0}
    assert s["locked"] is False and s["my_votes"] == {} and s["clusters"] == []


def test_state_view_timer_is_as_of_now(state: BoardState) -> None:
    run(state, "timer.start", {"seconds": 10}, FAC)
    s = state_view(state, Viewer("bob", "participant"), NAMED, NOW + 4_000)
    assert s["timer"]["remaining_ms"] == 6_000


def test_note_view_keeps_the_protocol_fields() -> None:
    note = {"id": "n", "text": "t", "color": "blue", "x": 1.0, "y": 2.0, "cluster": None,
            "author": "ann", "author_group": "Residents", "created": 1, "updated": 2,
            "private": False, "extra": "not sent"}
    shown = note_view(note, True, "named")
    assert set(shown) >= N_KEYS and "extra" not in shown and shown["author"] == "ann"
    hidden = note_view(note, False, "hidden")
    assert hidden["author"] is None and "author_group" not in hidden
    grouped = note_view(note, False, "group")
    assert grouped["author"] is None and grouped["author_group"] == "Residents"


# Named authors


def test_named_authors_are_seen_by_everyone(state: BoardState) -> None:
    run(state, "note.add", {"text": "a"}, ANN)
    for viewer in (ANN, BOB, FAC, WALL):
        assert view(state, viewer, NAMED)["notes"][0]["author"] == "ann"


def test_named_note_events_are_full_for_everyone(state: BoardState) -> None:
    for event in note_events(state, ANN):
        for viewer in (ANN, BOB, FAC, WALL):
            f = frame(event, viewer, NAMED)
            assert f["actor"] == "ann", event.op
            if event.op in ("note.add", "note.edit"):
                assert f["data"]["author"] == "ann" and f["data"]["text"]


def test_frame_envelope(state: BoardState) -> None:
    event = run(state, "note.add", {"text": "a"}, ANN)
    f = frame(event, BOB, HIDDEN)
    assert {k: f[k] for k in ("type", "room", "seq", "op", "ts")} == \
        {"type": "event", "room": "room", "seq": 1, "op": "note.add", "ts": NOW}


# Hidden authors


def test_hidden_authors_in_state(state: BoardState) -> None:
    run(state, "note.add", {"text": "a"}, ANN)
    for viewer in (BOB, WALL):
        (note,) = view(state, viewer, HIDDEN)["notes"]
        assert note["author"] is None
        assert "author_group" not in note
        assert note["text"] == "a"
    (own,) = view(state, ANN, HIDDEN)["notes"]
    assert own["author"] == "ann"
    (fac,) = view(state, FAC, HIDDEN)["notes"]
    assert fac["author"] == "ann"


def test_hidden_authors_also_from_facilitators_when_the_workshop_says_so(
        state: BoardState) -> None:
    run(state, "note.add", {"text": "a"}, ANN)
    blind = Disclosure("hidden", facilitator_sees_authors=False)
    (note,) = view(state, FAC, blind)["notes"]
    assert note["author"] is None
    event = run(state, "note.edit", {"id": note["id"], "text": "b"}, ANN)
    f = frame(event, FAC, blind)
    assert f["actor"] is None and f["data"]["author"] is None
    assert frame(event, ANN, blind)["actor"] == "ann"


@pytest.mark.parametrize("op", NOTE_OPS)
def test_hidden_authors_in_note_events(state: BoardState, op: str) -> None:
    (event,) = [e for e in note_events(state, ANN) if e.op == op]
    for viewer in (BOB, WALL):
        f = frame(event, viewer, HIDDEN)
        assert f["actor"] is None
        if op in ("note.add", "note.edit"):
            assert f["data"]["author"] is None
            assert "author_group" not in f["data"]
            assert f["data"]["text"] in ("secret idea", "better idea")
    for viewer in (ANN, FAC):
        f = frame(event, viewer, HIDDEN)
        assert f["actor"] == "ann"
        if op in ("note.add", "note.edit"):
            assert f["data"]["author"] == "ann"


def test_hidden_authors_do_not_hide_voters_of_public_votes(state: BoardState) -> None:
    nid = run(state, "note.add", {"text": "a"}, ANN).data["id"]
    run(state, "voting.start", {"budget": 1}, FAC)
    event = run(state, "vote.add", {"note": nid}, BOB)
    assert frame(event, ANN, HIDDEN)["data"] == {"note": nid, "votes": 1}


def test_same_audience_gets_the_same_key(state: BoardState) -> None:
    event = run(state, "note.add", {"text": "a"}, ANN)
    carl = Actor("carl", "participant")
    keys = {event_audience(event, Viewer(a.id, a.role), HIDDEN, {}) for a in (BOB, carl, WALL)}
    assert len(keys) == 1


# Group authors


def test_group_authors_in_state(state: BoardState) -> None:
    run(state, "note.add", {"text": "a"}, ANN)
    (note,) = view(state, BOB, GROUP)["notes"]
    assert note["author"] is None and note["author_group"] == "Residents"
    (own,) = view(state, ANN, GROUP)["notes"]
    assert own["author"] == "ann" and own["author_group"] == "Residents"


@pytest.mark.parametrize("op", NOTE_OPS)
def test_group_authors_in_note_events(state: BoardState, op: str) -> None:
    (event,) = [e for e in note_events(state, ANN) if e.op == op]
    f = frame(event, BOB, GROUP)
    assert f["actor"] is None
    if op in ("note.add", "note.edit"):
        assert f["data"]["author"] is None
        assert f["data"]["author_group"] == "Residents"
    assert frame(event, FAC, GROUP)["actor"] == "ann"


# Private notes


def _private_note(state: BoardState, author: Actor = ANN) -> Event:
    state.private_round = True
    return run(state, "note.add", {"text": "my own idea"}, author)


def test_a_note_added_in_a_private_round_is_private(state: BoardState) -> None:
    event = _private_note(state)
    assert event.data["private"] is True
    assert state.notes[event.data["id"]].private is True
    state.private_round = False
    assert run(state, "note.add", {"text": "open"}, ANN).data["private"] is False


@pytest.mark.parametrize("disclosure", [NAMED, GROUP, HIDDEN])
def test_private_notes_in_state(state: BoardState, disclosure: Disclosure) -> None:
    nid = _private_note(state).data["id"]
    state.private_round = False
    public = run(state, "note.add", {"text": "for all"}, BOB).data["id"]
    for viewer in (BOB, WALL):
        notes = view(state, viewer, disclosure)["notes"]
        assert [n["id"] for n in notes] == [public]
    for viewer in (ANN, FAC):
        notes = {n["id"]: n for n in view(state, viewer, disclosure)["notes"]}
        assert notes[nid]["text"] == "my own idea" and notes[nid]["private"] is True


@pytest.mark.parametrize("disclosure", [NAMED, GROUP, HIDDEN])
def test_private_note_add_for_others_is_only_its_id(state: BoardState,
                                                    disclosure: Disclosure) -> None:
    event = _private_note(state)
    for viewer in (BOB, WALL):
        f = frame(event, viewer, disclosure)
        assert f["data"] == {"id": event.data["id"], "private": True}
        assert f["actor"] is None and f["seq"] == event.seq
    for viewer in (ANN, FAC):
        f = frame(event, viewer, disclosure)
        assert f["data"]["text"] == "my own idea"
        assert f["actor"] == "ann"


def test_later_ops_on_a_private_note_stay_private(state: BoardState) -> None:
    nid = _private_note(state).data["id"]
    cid = run(state, "cluster.add", {"title": "T"}, FAC).data["id"]
    privates = private_authors(state)
    assert privates == {nid: "ann"}
    events = [run(state, "note.edit", {"id": nid, "text": "still mine"}, ANN),
              run(state, "note.move", {"id": nid, "x": 9, "y": 9}, ANN),
              run(state, "note.group", {"id": nid, "cluster": cid}, ANN),
              run(state, "note.move", {"id": nid, "x": 1, "y": 1}, FAC)]
    for event in events:
        f = frame(event, BOB, NAMED, privates)
        assert f["data"] == {"id": nid, "private": True} and f["actor"] is None, event.op
        assert frame(event, ANN, NAMED, privates)["data"] != f["data"]
        assert frame(event, FAC, NAMED, privates)["data"] != f["data"]
    assert state.notes[nid].private is True  # editing does not publish it
    delete = run(state, "note.delete", {"id": nid}, ANN)
    assert frame(delete, BOB, NAMED, privates)["data"] == {"id": nid, "private": True}


def test_a_facilitators_private_note_is_hidden_from_participants(state: BoardState) -> None:
    event = _private_note(state, FAC)
    assert frame(event, ANN, NAMED)["data"] == {"id": event.data["id"], "private": True}
    assert view(state, ANN, NAMED)["notes"] == []
    other_fac = Actor("fac2", "facilitator")
    assert frame(event, other_fac, NAMED)["data"]["text"] == "my own idea"


def test_room_redaction_follows_private_notes_and_the_settings(state: BoardState) -> None:
    """What a room's delivery remembers between events, kept current by `after`."""
    redaction = RoomRedaction.of(state, NAMED)
    assert redaction.private_authors == {}
    add = _private_note(state)
    redaction.after(add)
    nid = add.data["id"]
    assert redaction.private_authors == {nid: "ann"}
    assert redaction.private_authors == private_authors(state)
    assert RoomRedaction.of(state, NAMED).private_authors == {nid: "ann"}
    settings = Event("room", state.seq + 1, "workshop.settings", "fac", NOW,
                     {"authors": "hidden", "facilitator_sees_authors": False})
    redaction.after(settings)
    assert redaction.disclosure == Disclosure("hidden", facilitator_sees_authors=False)
    (reveal,) = run_op(state, "notes.reveal", {}, FAC, NOW)
    redaction.after(reveal)
    assert redaction.private_authors == {}


def test_events_carry_whose_note_it_was_for_replay_but_never_send_it(
        state: BoardState) -> None:
    nid = _private_note(state).data["id"]
    move = run(state, "note.move", {"id": nid, "x": 9, "y": 9}, ANN)
    assert move.owner is not None and move.owner.author == "ann" and move.owner.private
    # Replayed later, with no private notes left to look up, the event still redacts.
    assert frame(move, BOB, NAMED, {})["data"] == {"id": nid, "private": True}
    for viewer in (ANN, FAC):
        data = frame(move, viewer, NAMED, {})["data"]
        assert data == {"id": nid, "x": 9.0, "y": 9.0, "cluster": None}


# Snapshots: a stored board (`BoardState.snapshot()`) read as a live board is seen


def _snap_view(snap: dict[str, Any], viewer: Actor, disclosure: Disclosure,
               revealed: dict[str, int] | None = None) -> dict[str, Any]:
    return snapshot_view(snap, Viewer(viewer.id, viewer.role), disclosure, revealed)


def _hidden_vote(state: BoardState) -> tuple[str, str]:
    """Ann and Bob write a note each; a hidden vote gives Ann's two votes, Bob's one."""
    ann = run(state, "note.add", {"text": "a"}, ANN).data["id"]
    bob = run(state, "note.add", {"text": "b"}, BOB).data["id"]
    run(state, "voting.start", {"budget": 3, "hidden": True}, FAC)
    run(state, "vote.add", {"note": ann}, ANN)
    run(state, "vote.add", {"note": ann}, BOB)
    run(state, "vote.add", {"note": bob}, ANN)
    return ann, bob


def test_the_stored_snapshot_stays_complete(state: BoardState) -> None:
    ann, bob = _hidden_vote(state)
    snap = state.snapshot()
    assert snap["voting"]["tally"] == {ann: 2, bob: 1}
    assert {n["author"] for n in snap["notes"]} == {"ann", "bob"}


@pytest.mark.parametrize("viewer", [FAC, ANN, BOB, WALL])
def test_a_hidden_votes_tally_is_null_in_a_snapshot_before_the_reveal(
        state: BoardState, viewer: Actor) -> None:
    _hidden_vote(state)
    open_snap = state.snapshot()
    run(state, "voting.stop", {}, FAC)
    closed_snap = state.snapshot()
    for snap in (open_snap, closed_snap):
        voting = _snap_view(snap, viewer, NAMED)["voting"]
        assert voting["tally"] is None and voting["hidden"] is True
        assert voting["status"] == snap["voting"]["status"]
    assert snap["voting"]["tally"], "the stored snapshot is left as it was"


def test_a_snapshot_of_a_revealed_or_public_vote_shows_its_tally(state: BoardState) -> None:
    ann, bob = _hidden_vote(state)
    run(state, "voting.stop", {}, FAC)
    run(state, "voting.reveal", {}, FAC)
    assert _snap_view(state.snapshot(), BOB, NAMED)["voting"]["tally"] == {ann: 2, bob: 1}
    run(state, "voting.start", {"budget": 1}, FAC)
    run(state, "vote.add", {"note": bob}, ANN)
    assert _snap_view(state.snapshot(), BOB, NAMED)["voting"]["tally"] == {bob: 1}


def test_no_tally_in_a_snapshot_without_a_vote(state: BoardState) -> None:
    run(state, "note.add", {"text": "a"}, ANN)
    voting = _snap_view(state.snapshot(), FAC, NAMED)["voting"]
    assert voting["status"] == "idle" and voting["tally"] is None


def test_a_closed_hidden_vote_revealed_later_shows_what_the_reveal_published(
        state: BoardState) -> None:
    ann, bob = _hidden_vote(state)
    run(state, "voting.stop", {}, FAC)
    snap = state.snapshot()
    assert _snap_view(snap, FAC, NAMED, {ann: 2, bob: 1})["voting"]["tally"] == {ann: 2, bob: 1}
    # Bob's note was deleted before the reveal: its count was never published.
    assert _snap_view(snap, FAC, NAMED, {ann: 2})["voting"]["tally"] == {ann: 2}
    # A count that differs from the published one is not shown either.
    assert _snap_view(snap, FAC, NAMED, {ann: 1, bob: 1})["voting"]["tally"] == {bob: 1}
    assert _snap_view(snap, FAC, NAMED, {})["voting"]["tally"] == {}


def test_a_hidden_vote_caught_open_keeps_its_tally_null_even_after_a_reveal(
        state: BoardState) -> None:
    ann, bob = _hidden_vote(state)
    snap = state.snapshot()
    assert snap["voting"]["status"] == "open"
    assert _snap_view(snap, FAC, NAMED, {ann: 2, bob: 1})["voting"]["tally"] is None


@pytest.mark.parametrize("disclosure", [
    NAMED, GROUP, HIDDEN, Disclosure("group", facilitator_sees_authors=False),
    Disclosure("hidden", facilitator_sees_authors=False)])
@pytest.mark.parametrize("viewer", [FAC, ANN, BOB, WALL, Actor("fac2", "facilitator")])
def test_snapshot_notes_are_what_the_live_board_shows(
        state: BoardState, disclosure: Disclosure, viewer: Actor) -> None:
    run(state, "note.add", {"text": "a"}, ANN)
    run(state, "note.add", {"text": "f"}, FAC)
    _private_note(state, BOB)
    run(state, "cluster.add", {"title": "T"}, FAC)
    snap = state.snapshot()
    shown = _snap_view(snap, viewer, disclosure)
    live = view(state, viewer, disclosure)
    assert shown["notes"] == live["notes"]
    assert shown["clusters"] == live["clusters"]
    for key in ("locked", "agenda", "round"):
        assert shown[key] == live[key]
    assert shown["seq"] == state.seq


def test_snapshot_authors_hidden_from_a_facilitator_when_the_workshop_says_so(
        state: BoardState) -> None:
    run(state, "note.add", {"text": "a"}, ANN)
    run(state, "note.add", {"text": "f"}, FAC)
    blind = Disclosure("hidden", facilitator_sees_authors=False)
    notes = {n["text"]: n for n in _snap_view(state.snapshot(), FAC, blind)["notes"]}
    assert notes["a"]["author"] is None and "author_group" not in notes["a"]
    assert notes["f"]["author"] == "fac"  # one's own note, as on the live board
    grouped = Disclosure("group", facilitator_sees_authors=False)
    notes = {n["text"]: n for n in _snap_view(state.snapshot(), FAC, grouped)["notes"]}
    assert notes["a"]["author"] is None and notes["a"]["author_group"] == "Residents"


def test_snapshot_view_is_pure_and_sends_only_the_known_fields(state: BoardState) -> None:
    ann, _ = _hidden_vote(state)
    run(state, "voting.stop", {}, FAC)
    snap = state.snapshot()
    snap["secret"] = "added to the stored snapshot later"
    snap["notes"][0]["voters"] = ["bob"]
    snap["voting"]["by_voter"] = {"bob": {ann: 1}}
    before = copy.deepcopy(snap)
    blind = Disclosure("hidden", facilitator_sees_authors=False)
    shown = snapshot_view(snap, Viewer("fac", "facilitator"), blind)
    assert snap == before
    assert set(shown) == {"seq", "notes", "clusters", "voting", "locked", "agenda", "round"}
    assert "voters" not in shown["notes"][0] and "by_voter" not in shown["voting"]
    assert snapshot_view(snap, Viewer("fac", "facilitator"), blind) == shown
    assert all(n["author"] is None for n in shown["notes"]) and "bob" not in repr(shown)


@pytest.mark.parametrize("op", ["template.save", "template.delete"])
def test_template_events_tell_only_facilitators_what_was_saved(op: str) -> None:
    data = ({"id": "t1"} if op == "template.delete" else
            {"id": "t1", "builtin": False, "name": "Our retro", "description": "",
             "language": "en", "created": 1, "rounds": [{"title": "Ideas for Elm Street"}]})
    event = Event("room", 7, op, "fac", 1, data)
    fac = render_event(event, event_audience(event, Viewer("fac2", "facilitator"), NAMED, {}),
                       NAMED)
    assert fac["data"] == data
    for viewer in (Viewer("ann", "participant"), Viewer("wall", "wall")):
        frame = render_event(event, event_audience(event, viewer, NAMED, {}), NAMED)
        assert frame["data"] == {} and frame["seq"] == 7
