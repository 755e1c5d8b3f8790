"""The one exception board rules raise."""

from __future__ import annotations

# The protocol's precedence: when several errors apply, the first listed wins.
ERROR_CODES = (
    "bad_message",
    "unknown_op",
    "forbidden",
    "closed",
    "not_found",
    "invalid",
    "locked",
    "voting_closed",
    "vote_budget",
    "vote_note_limit",
    "rate_limited",
    "unavailable",
)


class BoardError(Exception):
    """A refused op: `code` is one of ERROR_CODES, `message` is for humans."""

    def __init__(self, code: str, message: str) -> None:
        assert code in ERROR_CODES, code
        super().__init__(message)
        self.code = code
        self.message = message
