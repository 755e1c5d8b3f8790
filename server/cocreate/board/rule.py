"""What a rule is: `(state, data, actor, context) -> list[Change]`.

A rule reads a room's state and an op's data, and either raises `BoardError`
or returns the changes the op makes; the store gives each change a seq and it
becomes an `Event`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cocreate.board.state import Actor, BoardState, NoteOwner


@dataclass(frozen=True)
class Change:
    """One event an op produces, before the store gives it a seq."""

    op: str
    data: dict[str, Any]
    # False for events the server emits on its own behalf (e.g. timer.end).
    by_actor: bool = True
    # Whose note the change concerns and whether it was private: kept for
    # redaction (also on replay, after the note is gone), never sent.
    owner: NoteOwner | None = None


@dataclass(frozen=True)
class Context:
    """What the rules need from outside: the server's clock, fresh ids, and the
    workshop's language for what a rule names itself (`board.names`), and for
    `snapshot.restore` the stored snapshot it names, if it is of this room
    (`{"id", "name", "state"}`, the state as `BoardState.snapshot()` made it)."""

    now: int
    new_id: Callable[[], str]
    language: str = "en"
    snapshot: dict[str, Any] | None = None


Rule = Callable[[BoardState, dict[str, Any], Actor, Context], list[Change]]
