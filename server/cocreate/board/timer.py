"""The room's countdown. It lives as `ends_at` / `remaining_ms` in server time."""

from __future__ import annotations

from typing import Any

from cocreate.board import validate
from cocreate.board.errors import BoardError
from cocreate.board.limits import TIMER_SECONDS_MAX, TITLE_MAX
from cocreate.board.rule import Change, Context
from cocreate.board.state import Actor, BoardState, Event, Timer


def _change(op: str, timer: Timer) -> Change:
    return Change(op, timer.event_data())


def _ended(state: BoardState, label: str, duration_ms: int) -> list[Change]:
    """Time is up: `timer.end`, and the lock of a round that asks for `lock_at_end`.

    Both are server events in the same transaction, so however many processes
    notice the due timer, the board is locked once.
    """
    changes = [Change("timer.end", Timer("ended", label, duration_ms, None, 0).event_data(),
                      by_actor=False)]
    index = state.round_index
    running = state.agenda[index] if index is not None and index < len(state.agenda) else None
    if running is not None and running.get("lock_at_end") and not state.locked:
        changes.append(Change("board.lock", {"locked": True}, by_actor=False))
    return changes


def timer_start(state: BoardState, data: dict[str, Any], actor: Actor,
                ctx: Context) -> list[Change]:
    seconds = validate.integer(data, "seconds")
    label = validate.optional_text(data, "label", TITLE_MAX, what="timer label") or ""
    if not 1 <= seconds <= TIMER_SECONDS_MAX:
        raise BoardError("invalid", f"a timer runs 1 to {TIMER_SECONDS_MAX} seconds")
    ms = seconds * 1000
    return [_change("timer.start", Timer("running", label, ms, ctx.now + ms, ms))]


def timer_pause(state: BoardState, data: dict[str, Any], actor: Actor,
                ctx: Context) -> list[Change]:
    t = state.timer
    if t.status != "running" or t.ends_at is None:
        raise BoardError("invalid", "the timer is not running")
    remaining = t.ends_at - ctx.now
    if remaining <= 0:
        return _ended(state, t.label, t.duration_ms)
    return [_change("timer.pause", Timer("paused", t.label, t.duration_ms, None, remaining))]


def timer_resume(state: BoardState, data: dict[str, Any], actor: Actor,
                 ctx: Context) -> list[Change]:
    t = state.timer
    if t.status != "paused":
        raise BoardError("invalid", "the timer is not paused")
    resumed = Timer("running", t.label, t.duration_ms, ctx.now + t.remaining_ms, t.remaining_ms)
    return [_change("timer.resume", resumed)]


def timer_add(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    seconds = validate.integer(data, "seconds")
    t = state.timer
    if t.status not in ("running", "paused"):
        raise BoardError("invalid", "time can be added only to a running or paused timer")
    if abs(seconds) > TIMER_SECONDS_MAX:
        raise BoardError("invalid", f"add at most {TIMER_SECONDS_MAX} seconds")
    ms = seconds * 1000
    duration = max(0, t.duration_ms + ms)
    if t.status == "running" and t.ends_at is not None and t.ends_at <= ctx.now:
        return _ended(state, t.label, t.duration_ms)  # already up; the checker just had not seen it
    if t.status == "running" and t.ends_at is not None:
        ends_at = t.ends_at + ms
        change = _change("timer.add",
                         Timer("running", t.label, duration, ends_at, ends_at - ctx.now))
        if ends_at <= ctx.now:
            return [change, *_ended(state, t.label, duration)]
        return [change]
    remaining = t.remaining_ms + ms
    change = _change("timer.add", Timer("paused", t.label, duration, None, remaining))
    return [change, *_ended(state, t.label, duration)] if remaining <= 0 else [change]


def timer_stop(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    t = state.timer
    return [_change("timer.stop", Timer("idle", t.label, t.duration_ms, None, 0))]


def timer_end(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    """The server's own op: end a running timer whose time is up, exactly once."""
    t = state.timer
    if t.status != "running" or t.ends_at is None or t.ends_at > ctx.now:
        raise BoardError("invalid", "the timer is not due")
    return _ended(state, t.label, t.duration_ms)


def apply(state: BoardState, event: Event) -> None:
    state.timer = Timer.from_dict(event.data)
