"""The room's countdown. It lives as `ends_at` / `remaining_ms` in server time."""

from __future__ import annotations

from typing import Any

from cocreate.board import fields
from cocreate.board.errors import BoardError
from cocreate.board.state import Actor, BoardState, Event, Timer
from cocreate.board.types import Change, Context

MAX_SECONDS = 24 * 3600


def _t(status: str, label: str, duration_ms: int, ends_at: int | None, remaining: int) -> dict[str, Any]:
    return {"status": status, "label": label, "duration_ms": duration_ms,
            "ends_at": ends_at, "remaining_ms": max(0, remaining)}


def _ended(label: str, duration_ms: int) -> Change:
    return Change("timer.end", _t("ended", label, duration_ms, None, 0), by_actor=False)


def timer_start(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    seconds = fields.integer(data, "seconds")
    label = fields.optional_text(data, "label", fields.TITLE_MAX, what="timer label") or ""
    if not 1 <= seconds <= MAX_SECONDS:
        raise BoardError("invalid", f"a timer runs 1 to {MAX_SECONDS} seconds")
    ms = seconds * 1000
    return [Change("timer.start", _t("running", label, ms, ctx.now + ms, ms))]


def timer_pause(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    t = state.timer
    if t.status != "running" or t.ends_at is None:
        raise BoardError("invalid", "the timer is not running")
    remaining = t.ends_at - ctx.now
    if remaining <= 0:
        return [_ended(t.label, t.duration_ms)]
    return [Change("timer.pause", _t("paused", t.label, t.duration_ms, None, remaining))]


def timer_resume(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    t = state.timer
    if t.status != "paused":
        raise BoardError("invalid", "the timer is not paused")
    return [Change("timer.resume",
                   _t("running", t.label, t.duration_ms, ctx.now + t.remaining_ms, t.remaining_ms))]


def timer_add(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    seconds = fields.integer(data, "seconds")
    t = state.timer
    if t.status not in ("running", "paused"):
        raise BoardError("invalid", "time can be added only to a running or paused timer")
    if abs(seconds) > MAX_SECONDS:
        raise BoardError("invalid", f"add at most {MAX_SECONDS} seconds")
    ms = seconds * 1000
    duration = max(0, t.duration_ms + ms)
    if t.status == "running" and t.ends_at is not None and t.ends_at <= ctx.now:
        return [_ended(t.label, t.duration_ms)]  # already up; the checker just had not seen it
    if t.status == "running" and t.ends_at is not None:
        ends_at = t.ends_at + ms
        change = Change("timer.add", _t("running", t.label, duration, ends_at, ends_at - ctx.now))
        if ends_at <= ctx.now:
            return [change, _ended(t.label, duration)]
        return [change]
    remaining = t.remaining_ms + ms
    change = Change("timer.add", _t("paused", t.label, duration, None, remaining))
    return [change, _ended(t.label, duration)] if remaining <= 0 else [change]


def timer_stop(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    t = state.timer
    return [Change("timer.stop", _t("idle", t.label, t.duration_ms, None, 0))]


def timer_end(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    """The server's own op: end a running timer whose time is up, exactly once."""
    t = state.timer
    if t.status != "running" or t.ends_at is None or t.ends_at > ctx.now:
        raise BoardError("invalid", "the timer is not due")
    return [_ended(t.label, t.duration_ms)]


def apply(state: BoardState, event: Event) -> None:
    d = event.data
    state.timer = Timer(d["status"], d["label"], d["duration_ms"], d["ends_at"], d["remaining_ms"])
