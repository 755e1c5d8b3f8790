"""A workshop's lifecycle: open, closed, deleted; and when a workshop expires.

A closed workshop keeps its boards for reading (welcomes, exports, reports) but
takes no op and no new participant until a facilitator reopens it. A workshop
expires `retention_days` after it was closed; one never closed expires that long
after its last activity (its last event, or its creation), so an abandoned
workshop does not live forever.
"""

from __future__ import annotations

from typing import Any

from cocreate.board.errors import ERROR_CODES, BoardError
from cocreate.board.limits import RETENTION_DAYS_MAX
from cocreate.board.rooms import WorkshopChange
from cocreate.board.state import Actor

LIFECYCLE_OPS = frozenset({"workshop.close", "workshop.reopen"})
DAY_MS = 24 * 3600 * 1000
RETENTION_DAYS_MIN = 1
BEFORE_CLOSED = ERROR_CODES[:ERROR_CODES.index("closed")]
CLOSED_MESSAGE = ("this workshop is closed: its boards can be read and exported, "
                  "but nothing can be changed until a facilitator reopens it")


def refuse_if_closed(closed: bool, op: str, actor: Actor | None,
                     error: BoardError | None = None) -> None:
    """`closed` for every op on a closed workshop but a facilitator's `workshop.reopen`.
    The server's own ops (actor None, e.g. a timer reaching zero) still run.

    `error` is what the op's own rule said, when it refused: one that comes before
    `closed` in the protocol's precedence (a malformed op, an unknown one, a sender who
    may not send it) is raised instead, so `closed` never hides a `forbidden`."""
    if error is not None and error.code in BEFORE_CLOSED:
        raise error
    if closed and actor is not None and not (op == "workshop.reopen"
                                             and actor.role == "facilitator"):
        raise BoardError("closed", CLOSED_MESSAGE)
    if error is not None:
        raise error


def workshop_close(closed: bool, now: int) -> WorkshopChange:
    if closed:
        raise BoardError("closed", "this workshop is closed already")
    return WorkshopChange("workshop.close", {"closed": True, "closed_at": now})


def workshop_reopen(closed: bool) -> WorkshopChange:
    if not closed:
        raise BoardError("invalid", "this workshop is open; only a closed one can be reopened")
    return WorkshopChange("workshop.reopen", {"closed": False, "closed_at": None})


def retention_days(body: dict[str, Any], default: int) -> int:
    """A new workshop's `retention_days`: whole days from 1 to RETENTION_DAYS_MAX,
    the operator's default when not given."""
    value = body.get("retention_days")
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise BoardError("bad_message", "'retention_days' must be a whole number of days")
    if not RETENTION_DAYS_MIN <= value <= RETENTION_DAYS_MAX:
        raise BoardError("invalid", f"'retention_days' must be from {RETENTION_DAYS_MIN} "
                         f"to {RETENTION_DAYS_MAX}")
    return value


def expires_at(created: int, closed_at: int | None, last_activity: int | None,
               days: int) -> int:
    """When a workshop is due for deletion (MS): `days` after it was closed, or, never
    closed, `days` after its last event (its creation if it has none)."""
    start = closed_at if closed_at is not None else max(created, last_activity or 0)
    return start + days * DAY_MS


def expired(created: int, closed_at: int | None, last_activity: int | None, days: int,
            now: int) -> bool:
    return now >= expires_at(created, closed_at, last_activity, days)
