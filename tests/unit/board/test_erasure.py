"""Erasing a participant on a board, and scrubbing what was stored of them."""

from __future__ import annotations

from cocreate.board import apply
from cocreate.board.actions import Action
from cocreate.board.erasure import authored_notes, erased_change, next_deletion, scrub
from cocreate.board.rule import Context
from cocreate.board.state import BoardState, Event, Note


def _board() -> BoardState:
    state = BoardState("r1")
    for nid, author in (("n1", "ann"), ("n2", "bob"), ("n3", "ann")):
        state.notes[nid] = Note(nid, f"text {nid}", "yellow", 0, 0, None, author, 1, 1,
                                author_group="NGO")
    state.votes = {"ann": {"n2": 1}, "bob": {"n1": 2}}
    state.ready = {"ann", "bob"}
    state.actions["a1"] = Action("a1", "Ferries", "City", ["NGO"], author="ann",
                                 commits={"NGO": {"participant": "ann", "name": "Ann",
                                                  "ts": 5}})
    return state


def _step(state: BoardState, op: str, data: dict[str, object]) -> None:
    apply(state, Event("r1", state.seq + 1, op, None, 9, data))


def test_deletions_take_every_note_of_theirs_one_at_a_time() -> None:
    state = _board()
    ctx = Context(9, lambda: "x")
    assert authored_notes(state, "ann") == ["n1", "n3"]
    while (change := next_deletion(state, "ann", ctx)) is not None:
        assert change.op == "note.delete" and change.owner is not None
        _step(state, change.op, change.data)
    assert list(state.notes) == ["n2"]
    assert state.votes["bob"] == {}  # votes on her notes went with them


def test_the_erased_event_drops_votes_ready_and_who_committed() -> None:
    state = _board()
    change = erased_change("ann", ["NGO"])
    assert change.data == {"participant": "ann", "small_groups": ["NGO"]}
    _step(state, change.op, change.data)
    assert "ann" not in state.votes and state.ready == {"bob"}
    assert state.notes["n1"].author is None and state.notes["n1"].author_group is None
    assert state.notes["n2"].author == "bob"
    action = state.actions["a1"]
    assert action.author is None
    assert action.commits["NGO"] == {"participant": None, "name": None, "ts": 5}


def test_scrub_removes_the_person_and_keeps_everyone_else() -> None:
    stored = {"notes": [{"id": "n1", "text": "Ann's", "author": "ann", "author_group": "NGO"},
                        {"id": "n2", "text": "Bob's", "author": "bob", "author_group": "City"}],
              "commits": [{"group": "NGO", "participant": "ann", "name": "Ann Smith"}],
              "members": [{"id": "ann", "name": "Ann Smith", "organisation": "Guild"}],
              "owner_person": "Ann Smith", "owner_org": "Guild", "title": "Ann Smith"}
    words = {"Ann Smith", "Guild"}
    kept = scrub(stored, "ann", words, set(), False)
    assert kept["notes"][0] == {"id": "n1", "text": "Ann's", "author": None,
                                "author_group": None}
    assert kept["notes"][1] == stored["notes"][1]
    assert kept["commits"] == [{"group": "NGO", "participant": None, "name": None}]
    assert kept["members"] == [{"id": "ann", "name": None, "organisation": None}]
    assert (kept["owner_person"], kept["owner_org"]) == (None, None)
    assert kept["title"] == "Ann Smith"  # a title is no person's field: it stays
    gone = scrub(stored, "ann", words, set(), True)
    assert [n["id"] for n in gone["notes"]] == ["n2"]
    edit = scrub({"id": "n9", "text": "edited"}, "ann", words, {"n9"}, True)
    assert edit == {"id": "n9", "text": ""}
