"""Board rules: pure functions `(state, op, actor, context) -> changes | BoardError`.

No I/O, no clock, no global randomness here: the store passes the time and
fresh ids in a `Context` (and a seeded random source where a rule draws), so
every rule is a plain function under test. `board.ops` lists the room ops,
`board.workshop` the workshop ops.
"""

from __future__ import annotations

from cocreate.board.errors import ERROR_CODES, BoardError
from cocreate.board.ops import (
    ALL_ROOMS_OPS,
    ROOM_OPS,
    SERVER_OPS,
    apply,
    decide,
    decide_server,
    for_all_rooms,
)
from cocreate.board.rule import Change, Context
from cocreate.board.state import Actor, BoardState, Event

__all__ = ["ALL_ROOMS_OPS", "ERROR_CODES", "ROOM_OPS", "SERVER_OPS", "Actor", "BoardError",
           "BoardState", "Change", "Context", "Event", "apply", "decide", "decide_server",
           "for_all_rooms"]
