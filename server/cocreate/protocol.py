"""Parsing client frames. Everything malformed becomes a `bad_message` error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from cocreate.board.errors import BoardError
from cocreate.board.limits import REF_MAX, VOLATILE_ID_MAX, ZOOM_MAX

CLIENT_TYPES = frozenset({"hello", "op", "ping", "cursor", "drag", "viewport", "overview.watch"})
SERVER_TYPES = frozenset({"welcome", "ack", "error", "event", "presence", "presence.changes",
                          "pong", "moved", "summon", "cursor", "drag", "viewport", "overview",
                          "suggestions", "similar", "team_suggestion"})

# Close codes the server uses; docs/protocol.md says when each is sent.
CLOSE_POLICY = 1008  # a disallowed origin, or a flood of refused ops
CLOSE_INTERNAL_ERROR = 1011  # a write to the socket failed; reconnect with `since`
CLOSE_TRY_AGAIN_LATER = 1013  # the client stopped reading; reconnect with `since`
CLOSE_UNAUTHORISED = 4401  # no hello, a bad token, a room not yours
CLOSE_REMOVED = 4403  # a facilitator removed this participant
CLOSE_TOO_MANY_SOCKETS = 4429  # this participant has as many sockets open as allowed
CLOSE_CODES = (CLOSE_POLICY, CLOSE_INTERNAL_ERROR, CLOSE_TRY_AGAIN_LATER, CLOSE_UNAUTHORISED,
               CLOSE_REMOVED, CLOSE_TOO_MANY_SOCKETS)


@dataclass(frozen=True)
class OpFrame:
    ref: str | None
    op: str
    data: dict[str, Any]


def parse(text: str | bytes) -> dict[str, Any]:
    try:
        frame: Any = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise BoardError("bad_message", "a frame must be one JSON object") from None
    if not isinstance(frame, dict):
        raise BoardError("bad_message", "a frame must be a JSON object")
    kind = frame.get("type")
    if not isinstance(kind, str) or kind not in CLIENT_TYPES:
        raise BoardError("bad_message", f"unknown frame type {kind!r}")
    return frame


def _valid_ref(ref: Any) -> bool:
    # No NUL: a ref is stored with its accepted op, and PostgreSQL stores no NUL in text.
    return isinstance(ref, str) and 1 <= len(ref) <= REF_MAX and "\x00" not in ref


def ref_of(frame: dict[str, Any]) -> str | None:
    """The frame's ref if it is a valid one (errors echo it), else None."""
    ref = frame.get("ref")
    return ref if _valid_ref(ref) else None


def op_frame(frame: dict[str, Any]) -> OpFrame:
    ref = frame.get("ref")
    if not _valid_ref(ref):
        raise BoardError("bad_message",
                         f"'ref' must be a string of 1 to {REF_MAX} characters, without NUL")
    op = frame.get("op")
    if not isinstance(op, str):
        raise BoardError("bad_message", "'op' must be a string")
    data = frame.get("data", {})
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BoardError("bad_message", "'data' must be an object")
    return OpFrame(ref, op, data)


def volatile_frame(frame: dict[str, Any], actor: str | None) -> dict[str, Any]:
    """A cursor, drag or viewport frame to relay: only its known fields, plus the actor."""
    x, y = frame.get("x"), frame.get("y")
    for value in (x, y):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise BoardError("bad_message", "'x' and 'y' must be numbers")
    out: dict[str, Any] = {"type": frame["type"], "actor": actor, "x": x, "y": y}
    if frame["type"] == "viewport":
        zoom = frame.get("zoom")
        if isinstance(zoom, bool) or not isinstance(zoom, (int, float)) \
                or not 0 < zoom <= ZOOM_MAX:
            raise BoardError("bad_message",
                             f"'zoom' must be a number above 0, at most {ZOOM_MAX:g}")
        out["zoom"] = zoom
    if frame["type"] == "drag":
        ident = frame.get("id")
        if not isinstance(ident, str) or not 1 <= len(ident) <= VOLATILE_ID_MAX:
            raise BoardError("bad_message", "'id' must be a string")
        out["id"] = ident
    return out


def pong(t: Any, server_time: int) -> str:
    """The answer to a ping, echoing `t` (any JSON the server can write back: a
    value nested more than 254 deep cannot be, and is `bad_message`)."""
    try:
        return orjson.dumps({"type": "pong", "t": t, "server_time": server_time}).decode()
    except orjson.JSONEncodeError:
        raise BoardError("bad_message", "'t' is nested too deeply to echo") from None


def error(ref: str | None, err: BoardError) -> str:
    return orjson.dumps({"type": "error", "ref": ref, "code": err.code,
                         "message": err.message}).decode()
