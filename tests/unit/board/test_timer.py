"""The room's countdown, driven by a fake server clock."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cocreate import board
from cocreate.board.limits import TIMER_SECONDS_MAX
from cocreate.board.state import Actor, BoardState, Event
from support.rules import accept, context

T0 = 1_700_000_000_000
FAC = Actor("fac", "facilitator", "Fran")


def run(state: BoardState, op: str, data: dict[str, Any], now: int) -> list[Event]:
    return accept(state, board.decide(state, op, data, FAC, context(now)), FAC.id, now)


def tick(state: BoardState, now: int) -> list[Event]:
    """What the server's timer watcher does: decide timer.end, apply it."""
    return accept(state, board.decide_server(state, "timer.end", context(now)), None, now)


def refused(state: BoardState, op: str, data: dict[str, Any], now: int = T0) -> str:
    before = copy.deepcopy(state)
    with pytest.raises(board.BoardError) as info:
        board.decide(state, op, data, FAC, context(now))
    assert state == before
    return info.value.code


def not_due(state: BoardState, now: int) -> str:
    before = copy.deepcopy(state)
    with pytest.raises(board.BoardError) as info:
        board.decide_server(state, "timer.end", context(now))
    assert state == before
    return info.value.code


def started(seconds: int = 60, label: str | None = None) -> BoardState:
    state = BoardState("room")
    data: dict[str, Any] = {"seconds": seconds}
    if label is not None:
        data["label"] = label
    run(state, "timer.start", data, T0)
    return state


def _t(status: str, label: str, duration_ms: int, ends_at: int | None,
       remaining_ms: int) -> dict[str, Any]:
    return {"status": status, "label": label, "duration_ms": duration_ms, "ends_at": ends_at,
            "remaining_ms": remaining_ms}


def test_idle_timer() -> None:
    assert BoardState("room").timer.as_dict(T0) == _t("idle", "", 0, None, 0)


# timer.start


def test_start() -> None:
    state = BoardState("room")
    (event,) = run(state, "timer.start", {"seconds": 60}, T0)
    assert event.op == "timer.start" and event.actor == "fac"
    assert event.data == _t("running", "", 60_000, T0 + 60_000, 60_000)
    assert state.timer.as_dict(T0) == event.data
    assert state.timer.as_dict(T0 + 15_000)["remaining_ms"] == 45_000
    assert state.timer.as_dict(T0 + 99_000)["remaining_ms"] == 0


def test_start_with_label_and_restart() -> None:
    state = started(60, "Brainstorm")
    assert state.timer.label == "Brainstorm"
    (event,) = run(state, "timer.start", {"seconds": 30}, T0 + 10_000)
    assert event.data == _t("running", "", 30_000, T0 + 40_000, 30_000)


def test_start_limits() -> None:
    state = BoardState("room")
    run(state, "timer.start", {"seconds": 1}, T0)
    run(state, "timer.start", {"seconds": TIMER_SECONDS_MAX}, T0)
    run(state, "timer.start", {"seconds": 5, "label": "x" * 200}, T0)


@pytest.mark.parametrize("data, code", [
    ({}, "bad_message"),
    ({"seconds": "60"}, "bad_message"),
    ({"seconds": 60.0}, "bad_message"),
    ({"seconds": True}, "bad_message"),
    ({"seconds": 60, "label": 5}, "bad_message"),
    ({"seconds": 0}, "invalid"),
    ({"seconds": -5}, "invalid"),
    ({"seconds": TIMER_SECONDS_MAX + 1}, "invalid"),
    ({"seconds": 60, "label": ""}, "invalid"),
    ({"seconds": 60, "label": "x" * 201}, "invalid"),
])
def test_start_refusals(data: dict[str, Any], code: str) -> None:
    assert refused(BoardState("room"), "timer.start", data) == code


# pause / resume


def test_pause_and_resume_keep_the_remaining_time_exact() -> None:
    state = started(60, "Go")
    (pause,) = run(state, "timer.pause", {}, T0 + 20_250)
    assert pause.data == _t("paused", "Go", 60_000, None, 39_750)
    # A paused timer does not run down.
    assert state.timer.as_dict(T0 + 500_000)["remaining_ms"] == 39_750
    (resume,) = run(state, "timer.resume", {}, T0 + 100_000)
    assert resume.data == _t("running", "Go", 60_000, T0 + 139_750, 39_750)
    (pause,) = run(state, "timer.pause", {}, T0 + 100_001)
    assert pause.data["remaining_ms"] == 39_749
    run(state, "timer.resume", {}, T0 + 200_000)
    assert state.timer.ends_at == T0 + 239_749
    assert not_due(state, T0 + 239_748) == "invalid"
    (end,) = tick(state, T0 + 239_749)
    assert end.op == "timer.end"


def test_pause_refused_unless_running() -> None:
    state = BoardState("room")
    assert refused(state, "timer.pause", {}) == "invalid"
    run(state, "timer.start", {"seconds": 10}, T0)
    run(state, "timer.pause", {}, T0 + 1)
    assert refused(state, "timer.pause", {}) == "invalid"
    run(state, "timer.stop", {}, T0 + 2)
    assert refused(state, "timer.pause", {}) == "invalid"


def test_resume_refused_unless_paused() -> None:
    state = BoardState("room")
    assert refused(state, "timer.resume", {}) == "invalid"
    run(state, "timer.start", {"seconds": 10}, T0)
    assert refused(state, "timer.resume", {}) == "invalid"
    tick(state, T0 + 10_000)
    assert refused(state, "timer.resume", {}) == "invalid"


def test_pausing_a_timer_that_is_due_ends_it() -> None:
    state = started(10, "Due")
    (event,) = run(state, "timer.pause", {}, T0 + 10_000)
    assert event.op == "timer.end" and event.actor is None
    assert event.data == _t("ended", "Due", 10_000, None, 0)
    assert state.timer.status == "ended"
    assert not_due(state, T0 + 20_000) == "invalid"


# timer.add


def test_add_to_a_running_timer() -> None:
    state = started(60)
    (event,) = run(state, "timer.add", {"seconds": 30}, T0 + 10_000)
    assert event.data == _t("running", "", 90_000, T0 + 90_000, 80_000)
    (event,) = run(state, "timer.add", {"seconds": -20}, T0 + 10_000)
    assert event.data == _t("running", "", 70_000, T0 + 70_000, 60_000)
    assert state.timer.ends_at == T0 + 70_000


def test_add_to_a_paused_timer() -> None:
    state = started(60)
    run(state, "timer.pause", {}, T0 + 10_000)
    (event,) = run(state, "timer.add", {"seconds": 15}, T0 + 20_000)
    assert event.data == _t("paused", "", 75_000, None, 65_000)
    run(state, "timer.resume", {}, T0 + 30_000)
    assert state.timer.ends_at == T0 + 95_000


def test_add_on_idle_or_ended_is_invalid() -> None:
    state = BoardState("room")
    assert refused(state, "timer.add", {"seconds": 10}) == "invalid"
    run(state, "timer.start", {"seconds": 5}, T0)
    tick(state, T0 + 5_000)
    assert state.timer.status == "ended"
    assert refused(state, "timer.add", {"seconds": 10}) == "invalid"
    run(state, "timer.stop", {}, T0 + 6_000)
    assert refused(state, "timer.add", {"seconds": 10}) == "invalid"


def test_add_refusals() -> None:
    state = started(60)
    assert refused(state, "timer.add", {}) == "bad_message"
    assert refused(state, "timer.add", {"seconds": 1.5}) == "bad_message"
    assert refused(state, "timer.add", {"seconds": TIMER_SECONDS_MAX + 1}) == "invalid"
    assert refused(state, "timer.add", {"seconds": -TIMER_SECONDS_MAX - 1}) == "invalid"
    # bad_message wins over invalid on an idle timer.
    assert refused(BoardState("room"), "timer.add", {"seconds": "9"}) == "bad_message"


def test_negative_add_past_zero_on_a_running_timer_ends_it() -> None:
    state = started(60, "Go")
    events = run(state, "timer.add", {"seconds": -100}, T0 + 10_000)
    assert [e.op for e in events] == ["timer.add", "timer.end"]
    add, end = events
    assert add.actor == "fac" and end.actor is None
    assert add.data["ends_at"] == T0 - 40_000 and add.data["remaining_ms"] == 0
    assert end.data["status"] == "ended" and end.data["label"] == "Go"
    assert end.data["ends_at"] is None and end.data["remaining_ms"] == 0
    assert [e.seq for e in events] == [2, 3]
    assert state.timer.status == "ended"
    assert not_due(state, T0 + 10_000) == "invalid"


def test_add_landing_exactly_on_now_ends_a_running_timer() -> None:
    state = started(60)
    events = run(state, "timer.add", {"seconds": -50}, T0 + 10_000)
    assert [e.op for e in events] == ["timer.add", "timer.end"]


def test_negative_add_past_zero_on_a_paused_timer_ends_it() -> None:
    state = started(60)
    run(state, "timer.pause", {}, T0 + 30_000)
    events = run(state, "timer.add", {"seconds": -30}, T0 + 40_000)
    assert [e.op for e in events] == ["timer.add", "timer.end"]
    assert events[0].data["status"] == "paused" and events[0].data["remaining_ms"] == 0
    assert events[1].data["status"] == "ended" and events[1].actor is None
    assert state.timer.status == "ended"


def test_negative_add_that_leaves_time_does_not_end() -> None:
    state = started(60)
    run(state, "timer.pause", {}, T0 + 30_000)
    (event,) = run(state, "timer.add", {"seconds": -29}, T0 + 40_000)
    assert event.data["remaining_ms"] == 1_000


def test_timer_end_after_a_negative_add_agrees_with_the_add() -> None:
    # The add shortened the timer to 0 ms; the end that follows it should not put
    # the old duration back (a timer ended by the watcher after the same add
    # reports the shortened duration).
    state = started(60)
    add, end = run(state, "timer.add", {"seconds": -100}, T0 + 10_000)
    assert end.data["duration_ms"] == add.data["duration_ms"]
    assert state.timer.duration_ms == add.data["duration_ms"]


# timer.end (the server's own op)


def test_timer_end_only_when_due_and_only_once() -> None:
    state = started(60, "Go")
    assert not_due(state, T0) == "invalid"
    assert not_due(state, T0 + 59_999) == "invalid"
    changes = board.decide_server(state, "timer.end", context(T0 + 60_000))
    assert [(c.op, c.by_actor) for c in changes] == [("timer.end", False)]
    (event,) = accept(state, changes, None, T0 + 60_000)
    assert event.actor is None
    assert event.data == _t("ended", "Go", 60_000, None, 0)
    assert state.timer.as_dict(T0 + 70_000) == _t("ended", "Go", 60_000, None, 0)
    assert not_due(state, T0 + 60_000) == "invalid"
    assert not_due(state, T0 + 999_999) == "invalid"


def test_timer_end_late_still_ends_once() -> None:
    state = started(5)
    tick(state, T0 + 3_600_000)
    assert not_due(state, T0 + 3_600_001) == "invalid"


def test_timer_end_refused_for_idle_and_paused_timers() -> None:
    state = BoardState("room")
    assert not_due(state, T0) == "invalid"
    run(state, "timer.start", {"seconds": 5}, T0)
    run(state, "timer.pause", {}, T0 + 1_000)
    assert not_due(state, T0 + 60_000) == "invalid"
    run(state, "timer.resume", {}, T0 + 60_000)
    assert not_due(state, T0 + 63_999) == "invalid"
    tick(state, T0 + 64_000)


# timer.stop


@pytest.mark.parametrize("setup", ["idle", "running", "paused", "ended"])
def test_stop_from_any_status(setup: str) -> None:
    state = BoardState("room")
    if setup != "idle":
        run(state, "timer.start", {"seconds": 10, "label": "L"}, T0)
    if setup == "paused":
        run(state, "timer.pause", {}, T0 + 1_000)
    if setup == "ended":
        tick(state, T0 + 10_000)
    (event,) = run(state, "timer.stop", {}, T0 + 2_000)
    assert event.data["status"] == "idle"
    assert event.data["ends_at"] is None and event.data["remaining_ms"] == 0
    assert state.timer.status == "idle"
    assert not_due(state, T0 + 99_000) == "invalid"
