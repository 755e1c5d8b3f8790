"""A workshop's settings: one validation for creating a workshop and for changing it."""

from __future__ import annotations

from typing import Any

import pytest

from cocreate.board.errors import BoardError
from cocreate.board.limits import CHALLENGE_MAX, LIST_MAX, NAME_MAX, TITLE_MAX
from cocreate.board.settings import (
    DEFAULT_GROUPS,
    NEW_WORKSHOP,
    changed_settings,
    new_workshop_settings,
)


def refused(data: dict[str, Any], current: dict[str, Any] | None = None) -> str:
    with pytest.raises(BoardError) as info:
        if current is None:
            new_workshop_settings(data)
        else:
            changed_settings(current, data)
    return info.value.code


def test_a_new_workshop_needs_a_title_and_gets_the_default_groups() -> None:
    settings = new_workshop_settings({"title": "  Clean air  ", "groups": []})
    assert settings["title"] == "Clean air"
    assert settings["groups"] == list(DEFAULT_GROUPS)
    assert settings["authors"] == "named" and settings["facilitator_sees_authors"] is True
    assert refused({}) == "bad_message"
    assert refused({"title": "   "}) == "invalid"


def test_a_change_keeps_what_it_does_not_name() -> None:
    current = new_workshop_settings({"title": "Parks", "constraints": ["No cars"]})
    after = changed_settings(current, {"authors": "group", "groups": [" City ", "", "NGO"]})
    assert after["title"] == "Parks" and after["constraints"] == ["No cars"]
    assert after["authors"] == "group"
    assert after["groups"] == ["City", "NGO"]


@pytest.mark.parametrize(("data", "code"), [
    ({"title": 5}, "bad_message"),
    ({"title": "x" * (TITLE_MAX + 1)}, "invalid"),
    ({"challenge": ["no"]}, "bad_message"),
    ({"challenge": "x" * (CHALLENGE_MAX + 1)}, "invalid"),
    ({"constraints": "not a list"}, "bad_message"),
    ({"groups": [1, 2]}, "bad_message"),
    ({"groups": ["g"] * (LIST_MAX + 1)}, "invalid"),
    ({"groups": ["x" * (NAME_MAX + 1)]}, "invalid"),
    ({"authors": "everyone"}, "invalid"),
    ({"authors": 1}, "bad_message"),
    ({"facilitator_sees_authors": "no"}, "bad_message"),
])
def test_bad_settings_are_refused_alike_on_create_and_change(data: dict[str, Any],
                                                             code: str) -> None:
    assert refused({"title": "t", **data}) == code
    assert refused(data, dict(NEW_WORKSHOP)) == code
