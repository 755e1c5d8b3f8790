"""A workshop's lifecycle: closing, reopening, what a closed workshop refuses, expiry."""

from __future__ import annotations

import itertools

import pytest

from cocreate.board import lifecycle
from cocreate.board.errors import BoardError
from cocreate.board.limits import RETENTION_DAYS_MAX
from cocreate.board.rule import Context
from cocreate.board.state import Actor
from cocreate.board.workshop import WORKSHOP_OPS, RoomInfo, WorkshopState, decide_workshop

NOW = 1_700_000_000_000
DAY = lifecycle.DAY_MS
FAC = Actor("fac", "facilitator", "Fran")
ANN = Actor("ann", "participant", "Ann")
WALL = Actor("wall", "wall", "Projector")
_ids = itertools.count(1)


def _workshop(closed: bool = False) -> WorkshopState:
    return WorkshopState("w", "p", [RoomInfo("p", "Plenary", True)], [], closed=closed)


def _decide(workshop: WorkshopState, op: str, actor: Actor = FAC) -> dict[str, object]:
    return decide_workshop(workshop, op, {}, actor, Context(NOW, lambda: f"id{next(_ids)}"),
                           room_id="p").data


def test_close_and_reopen_are_workshop_ops_of_a_facilitator() -> None:
    assert lifecycle.LIFECYCLE_OPS <= WORKSHOP_OPS
    assert _decide(_workshop(), "workshop.close") == {"closed": True, "closed_at": NOW}
    assert _decide(_workshop(closed=True), "workshop.reopen") == {"closed": False,
                                                                   "closed_at": None}
    for actor in (ANN, WALL):
        for op, closed in (("workshop.close", False), ("workshop.reopen", True)):
            with pytest.raises(BoardError) as e:
                _decide(_workshop(closed), op, actor)
            assert e.value.code == "forbidden"


def test_closing_twice_or_reopening_an_open_workshop_is_refused() -> None:
    with pytest.raises(BoardError) as e:
        _decide(_workshop(closed=True), "workshop.close")
    assert e.value.code == "closed"
    with pytest.raises(BoardError) as e:
        _decide(_workshop(), "workshop.reopen")
    assert e.value.code == "invalid"


@pytest.mark.parametrize("op", ["note.add", "vote.add", "announce", "workshop.close",
                                "room.add", "ready.set"])
@pytest.mark.parametrize("actor", [FAC, ANN, WALL])
def test_a_closed_workshop_refuses_every_op(op: str, actor: Actor) -> None:
    lifecycle.refuse_if_closed(False, op, actor)  # open: nothing refused here
    with pytest.raises(BoardError) as e:
        lifecycle.refuse_if_closed(True, op, actor)
    assert e.value.code == "closed"
    assert "reopen" in e.value.message


def test_only_a_facilitator_reopens_and_the_servers_own_ops_still_run() -> None:
    lifecycle.refuse_if_closed(True, "workshop.reopen", FAC)
    lifecycle.refuse_if_closed(True, "timer.end", None)
    for actor in (ANN, WALL):
        with pytest.raises(BoardError) as e:
            lifecycle.refuse_if_closed(True, "workshop.reopen", actor)
        assert e.value.code == "closed"


def test_retention_days_default_bounds_and_types() -> None:
    assert lifecycle.retention_days({}, 180) == 180
    assert lifecycle.retention_days({"retention_days": None}, 180) == 180
    assert lifecycle.retention_days({"retention_days": 1}, 180) == 1
    assert lifecycle.retention_days({"retention_days": RETENTION_DAYS_MAX}, 180) == 3650
    for bad, code in ((0, "invalid"), (RETENTION_DAYS_MAX + 1, "invalid"), (-5, "invalid"),
                      ("30", "bad_message"), (True, "bad_message"), (1.5, "bad_message")):
        with pytest.raises(BoardError) as e:
            lifecycle.retention_days({"retention_days": bad}, 180)
        assert e.value.code == code, bad


def test_a_closed_workshop_expires_its_retention_after_closing() -> None:
    created, closed = NOW - 400 * DAY, NOW - 30 * DAY
    assert lifecycle.expires_at(created, closed, NOW, 30) == NOW
    assert lifecycle.expired(created, closed, NOW, 30, NOW)
    assert not lifecycle.expired(created, closed, NOW, 31, NOW)
    # Activity after closing (reads only) does not move the date; only closing counts.
    assert lifecycle.expires_at(created, closed, NOW + DAY, 30) == NOW


def test_a_workshop_never_closed_expires_after_its_last_activity() -> None:
    created = NOW - 100 * DAY
    assert lifecycle.expires_at(created, None, None, 100) == NOW
    assert lifecycle.expired(created, None, None, 100, NOW)
    last = NOW - 10 * DAY
    assert lifecycle.expires_at(created, None, last, 100) == last + 100 * DAY
    assert not lifecycle.expired(created, None, last, 100, NOW)
    assert lifecycle.expired(created, None, last, 10, NOW)


def test_errors_before_closed_in_the_precedence_win_and_later_ones_do_not() -> None:
    for code in ("bad_message", "unknown_op", "forbidden"):
        with pytest.raises(BoardError) as e:
            lifecycle.refuse_if_closed(True, "note.add", ANN, BoardError(code, "first"))
        assert e.value.code == code
    for code in ("not_found", "invalid", "locked", "voting_closed"):
        with pytest.raises(BoardError) as e:
            lifecycle.refuse_if_closed(True, "note.add", ANN, BoardError(code, "later"))
        assert e.value.code == "closed"
        # Open, the rule's own error stands.
        with pytest.raises(BoardError) as e:
            lifecycle.refuse_if_closed(False, "note.add", ANN, BoardError(code, "later"))
        assert e.value.code == code
