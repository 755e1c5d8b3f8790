"""Small shared types of the rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Change:
    """One event an op produces, before the store gives it a seq."""

    op: str
    data: dict[str, Any]
    # False for events the server emits on its own behalf (e.g. timer.end).
    by_actor: bool = True


@dataclass(frozen=True)
class Context:
    """What the rules need from outside: the server's clock and fresh ids."""

    now: int
    new_id: Callable[[], str]
