"""Validating op data: wrong types are `bad_message`, bad values are `invalid`."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from cocreate.board.errors import BoardError
from cocreate.board.limits import COORD_LIMIT

COLORS = ("yellow", "pink", "blue", "green", "orange", "purple", "white")
# C0 control characters but tab, line feed and carriage return: no database
# stores NUL in text (PostgreSQL refuses it), and none belongs in a note.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(value: str, what: str) -> str:
    """`value` with CRLF as LF; control characters other than tab, LF and CR are
    refused with `invalid`, the same on every database."""
    if _CONTROL.search(value):
        raise BoardError("invalid", f"{what} contains a control character")
    return value.replace("\r\n", "\n")


def text(data: dict[str, Any], key: str, limit: int, *, what: str) -> str:
    """A required string, 1..limit characters once trimmed; stored untrimmed (but
    with CRLF as LF)."""
    value = data.get(key)
    if not isinstance(value, str):
        raise BoardError("bad_message", f"'{key}' must be a string")
    value = clean(value, what)
    trimmed = len(value.strip())
    if trimmed == 0:
        raise BoardError("invalid", f"{what} must not be empty")
    if trimmed > limit:
        raise BoardError("invalid", f"{what} is {trimmed} characters; the limit is {limit}")
    return value


def optional_text(data: dict[str, Any], key: str, limit: int, *, what: str) -> str | None:
    if data.get(key) is None:
        return None
    return text(data, key, limit, what=what)


def ident(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise BoardError("bad_message", f"'{key}' must be an id string")
    return value


def optional_ident(data: dict[str, Any], key: str) -> str | None:
    if data.get(key) is None:
        return None
    return ident(data, key)


def number(data: dict[str, Any], key: str, default: float | None = None) -> float:
    value = data.get(key, default)
    if value is None:
        raise BoardError("bad_message", f"'{key}' is required")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BoardError("bad_message", f"'{key}' must be a number")
    if not math.isfinite(value) or abs(value) > COORD_LIMIT:
        raise BoardError("invalid", f"'{key}' must be a finite number within ±{COORD_LIMIT:g}")
    return float(value)


def integer(data: dict[str, Any], key: str, default: int | None = None) -> int:
    value = data.get(key, default)
    if value is None:
        raise BoardError("bad_message", f"'{key}' is required")
    if isinstance(value, bool) or not isinstance(value, int):
        raise BoardError("bad_message", f"'{key}' must be an integer")
    return value


def boolean(data: dict[str, Any], key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise BoardError("bad_message", f"'{key}' must be true or false")
    return value


def color(data: dict[str, Any], default: str | None) -> str | None:
    value = data.get("color", default)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BoardError("bad_message", "'color' must be a string")
    if value not in COLORS:
        raise BoardError("invalid", f"colour must be one of {', '.join(COLORS)}")
    return value


def id_list(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise BoardError("bad_message", f"'{key}' must be a list of id strings")
    return list(dict.fromkeys(value))


_KINDS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "str": (lambda v: isinstance(v, str), "a string"),
    "id": (lambda v: isinstance(v, str) and bool(v), "an id string"),
    "num": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), "a number"),
    "int": (lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer"),
    "bool": (lambda v: isinstance(v, bool), "true or false"),
    "list": (lambda v: isinstance(v, list), "a list"),
    "ids": (lambda v: isinstance(v, list) and all(isinstance(i, str) and i for i in v),
            "a list of id strings"),
}


def expect(data: dict[str, Any], **kinds: str) -> None:
    """Check field types up front, so `bad_message` wins over every later check.

    A kind ending in `?` may be missing or null.
    """
    for key, kind in kinds.items():
        optional = kind.endswith("?")
        value = data.get(key)
        if value is None:
            if optional:
                continue
            raise BoardError("bad_message", f"'{key}' is required")
        check, what = _KINDS[kind.rstrip("?")]
        if not check(value):
            raise BoardError("bad_message", f"'{key}' must be {what}")


def choice(data: dict[str, Any], key: str, allowed: tuple[str, ...], default: str) -> str:
    """One of `allowed` (a missing key is `default`)."""
    value = data.get(key, default)
    if not isinstance(value, str):
        raise BoardError("bad_message", f"'{key}' must be a string")
    if value not in allowed:
        raise BoardError("invalid", f"'{key}' must be {_one_of(allowed)}")
    return value


def text_list(data: dict[str, Any], key: str, limit: int, max_items: int) -> list[str]:
    """A list of strings, blank ones dropped, each trimmed to at most `limit` characters."""
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BoardError("bad_message", f"'{key}' must be a list of strings")
    items = [clean(v, f"'{key}'").strip() for v in value if v.strip()]
    if len(items) > max_items or any(len(v) > limit for v in items):
        raise BoardError("invalid", f"'{key}': at most {max_items} items of {limit} characters")
    return items


def _one_of(allowed: tuple[str, ...]) -> str:
    quoted = [f"'{a}'" for a in allowed]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
