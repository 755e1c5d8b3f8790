"""Reading op data: wrong types are `bad_message`, bad values are `invalid`."""

from __future__ import annotations

import math
from typing import Any

import pytest

from cocreate.board import limits, validate
from cocreate.board.errors import ERROR_CODES, BoardError


def _code(fn: Any, *args: Any, **kw: Any) -> str:
    with pytest.raises(BoardError) as info:
        fn(*args, **kw)
    return info.value.code


def test_error_codes_follow_the_protocol_precedence() -> None:
    assert ERROR_CODES == ("bad_message", "unknown_op", "forbidden", "closed", "not_found",
                           "invalid",
                           "locked", "voting_closed", "vote_budget", "vote_note_limit",
                           "rate_limited", "unavailable")


def test_board_error_carries_code_and_message() -> None:
    err = BoardError("invalid", "too long")
    assert (err.code, err.message, str(err)) == ("invalid", "too long", "too long")


def test_board_error_refuses_a_code_outside_the_protocol() -> None:
    with pytest.raises(AssertionError):
        BoardError("teapot", "no")


@pytest.mark.parametrize("value", ["a", "x" * 1000, "  " + "x" * 1000 + "\n\t ", " ok "])
def test_text_within_limit_is_returned_untrimmed(value: str) -> None:
    assert validate.text({"text": value}, "text", 1000, what="note text") == value


@pytest.mark.parametrize("value", ["", "   ", "\n\t", "x" * 1001, " " + "x" * 1001 + " "])
def test_text_empty_or_too_long_is_invalid(value: str) -> None:
    assert _code(validate.text, {"text": value}, "text", 1000, what="note text") == "invalid"


@pytest.mark.parametrize("value", [None, 5, 1.5, True, ["a"], {"a": 1}])
def test_text_of_wrong_type_is_bad_message(value: Any) -> None:
    assert _code(validate.text, {"text": value}, "text", 1000, what="t") == "bad_message"


def test_text_missing_is_bad_message() -> None:
    assert _code(validate.text, {}, "text", 1000, what="t") == "bad_message"


def test_optional_text_absent_or_null_is_none() -> None:
    assert validate.optional_text({}, "label", 200, what="label") is None
    assert validate.optional_text({"label": None}, "label", 200, what="label") is None
    assert validate.optional_text({"label": "go"}, "label", 200, what="label") == "go"
    assert _code(validate.optional_text, {"label": ""}, "label", 200, what="l") == "invalid"
    assert _code(validate.optional_text, {"label": 3}, "label", 200, what="l") == "bad_message"


def test_ident() -> None:
    assert validate.ident({"id": "n1"}, "id") == "n1"
    for bad in (None, "", 1, ["n1"]):
        assert _code(validate.ident, {"id": bad}, "id") == "bad_message"
    assert _code(validate.ident, {}, "id") == "bad_message"
    assert validate.optional_ident({}, "cluster") is None
    assert validate.optional_ident({"cluster": None}, "cluster") is None
    assert _code(validate.optional_ident, {"cluster": 7}, "cluster") == "bad_message"


def test_number() -> None:
    assert validate.number({"x": 3}, "x") == 3.0
    assert isinstance(validate.number({"x": 3}, "x"), float)
    assert validate.number({"x": -2.5}, "x") == -2.5
    assert validate.number({}, "x", 0) == 0.0
    assert validate.number({"x": limits.COORD_LIMIT}, "x") == limits.COORD_LIMIT
    for bad in ("1", True, None, [1]):
        assert _code(validate.number, {"x": bad}, "x") == "bad_message"
    assert _code(validate.number, {}, "x") == "bad_message"
    for bad_value in (math.nan, math.inf, -math.inf, limits.COORD_LIMIT + 1):
        assert _code(validate.number, {"x": bad_value}, "x") == "invalid"


def test_integer() -> None:
    assert validate.integer({"n": -4}, "n") == -4
    assert validate.integer({}, "n", 9) == 9
    for bad in (1.0, "1", True, False, None):
        assert _code(validate.integer, {"n": bad}, "n") == "bad_message"
    assert _code(validate.integer, {}, "n") == "bad_message"


def test_boolean() -> None:
    assert validate.boolean({}, "hidden", False) is False
    assert validate.boolean({"hidden": True}, "hidden", False) is True
    for bad in (1, 0, "true", None):
        assert _code(validate.boolean, {"hidden": bad}, "hidden", False) == "bad_message"


def test_color() -> None:
    assert validate.color({}, "yellow") == "yellow"
    assert validate.color({}, None) is None
    for c in validate.COLORS:
        assert validate.color({"color": c}, None) == c
    assert _code(validate.color, {"color": "mauve"}, None) == "invalid"
    assert _code(validate.color, {"color": 3}, None) == "bad_message"


def test_id_list_dedupes_in_order() -> None:
    assert validate.id_list({}, "notes") == []
    assert validate.id_list({"notes": ["b", "a", "b"]}, "notes") == ["b", "a"]
    for bad in ("a", ["a", ""], ["a", 1], None):
        assert _code(validate.id_list, {"notes": bad}, "notes") == "bad_message"
