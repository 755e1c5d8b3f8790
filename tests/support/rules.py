"""Board rules run the way the store runs an accepted op: decide, then apply its events."""

from __future__ import annotations

import itertools
from typing import Any

from cocreate import board
from cocreate.board.rule import Change, Context
from cocreate.board.state import Actor, BoardState, Event

_ids = itertools.count(1)


def context(now: int) -> Context:
    """A context with fresh ids (`id1`, `id2`, ...) at `now`."""
    return Context(now, lambda: f"id{next(_ids)}")


def accept(state: BoardState, changes: list[Change], actor_id: str | None,
           now: int) -> list[Event]:
    """Apply `changes` to `state` as the next events of the room."""
    events = []
    for change in changes:
        event = Event(state.room_id, state.seq + 1, change.op,
                      actor_id if change.by_actor else None, now, change.data, change.owner)
        board.apply(state, event)
        events.append(event)
    return events


def run_op(state: BoardState, op: str, data: dict[str, Any], actor: Actor,
           now: int) -> list[Event]:
    """Decide `op` and apply its events, as one accepted op of the store."""
    return accept(state, board.decide(state, op, data, actor, context(now)), actor.id, now)
