"""A workshop's settings: one validation for creating a workshop and for changing it."""

from __future__ import annotations

from typing import Any

import pytest

from cocreate.board.errors import BoardError
from cocreate.board.limits import (
    CHALLENGE_MAX,
    LIST_MAX,
    NAME_MAX,
    PITCH_TEXT_MAX,
    PRIVACY_NOTE_MAX,
    TEAM_SIZE_MAX,
    TITLE_MAX,
)
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
    ({"privacy_note": None}, "bad_message"),
    ({"privacy_note": "x" * (PRIVACY_NOTE_MAX + 1)}, "invalid"),
    ({"privacy_note": "Photos\x07"}, "invalid"),
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


def test_constraints_become_boundaries_that_keep_their_ids_while_their_text_stays() -> None:
    current = new_workshop_settings({"title": "Parks", "constraints": ["Budget 10k", "No law"]})
    assert current["boundaries"] == [{"id": "b1", "text": "Budget 10k"},
                                     {"id": "b2", "text": "No law"}]
    ids = iter(["x1", "x2"])
    after = changed_settings(current, {"constraints": ["No law", "Two years", "Budget 10k"]},
                             lambda: next(ids))
    assert after["boundaries"] == [{"id": "b2", "text": "No law"},
                                   {"id": "x1", "text": "Two years"},
                                   {"id": "b1", "text": "Budget 10k"}]
    assert after["constraints"] == ["No law", "Two years", "Budget 10k"]


def test_boundaries_sent_with_their_ids_keep_them_through_an_edit_of_the_text() -> None:
    current = new_workshop_settings({"title": "Parks", "constraints": ["Budget 10k"]})
    after = changed_settings(current, {"boundaries": [{"id": "b1", "text": "Budget 20k"},
                                                      {"text": " New one "}, {"text": " "}]})
    assert after["boundaries"] == [{"id": "b1", "text": "Budget 20k"},
                                   {"id": "b2", "text": "New one"}]
    assert after["constraints"] == ["Budget 20k", "New one"]


@pytest.mark.parametrize(("data", "code"), [
    ({"boundaries": "Budget"}, "bad_message"),
    ({"boundaries": [{"id": 3, "text": "x"}]}, "bad_message"),
    ({"boundaries": [{"text": "x"}], "constraints": ["x"]}, "bad_message"),
    ({"boundaries": [{"text": "x" * 501}]}, "invalid"),
])
def test_bad_boundaries_are_refused(data: dict[str, Any], code: str) -> None:
    with pytest.raises(BoardError) as info:
        changed_settings(new_workshop_settings({"title": "Parks"}), data)
    assert info.value.code == code


def test_a_privacy_note_is_kept_trimmed_with_its_lines_and_may_be_emptied() -> None:
    created = new_workshop_settings({"title": "Parks"})
    assert created["privacy_note"] == ""
    after = changed_settings(created, {"privacy_note": "  Photos are taken.\r\nAsk us.  "})
    assert after["privacy_note"] == "Photos are taken.\nAsk us."
    assert after["title"] == "Parks"
    assert changed_settings(after, {"privacy_note": "x" * PRIVACY_NOTE_MAX})["privacy_note"] \
        == "x" * PRIVACY_NOTE_MAX
    assert changed_settings(after, {"privacy_note": "   "})["privacy_note"] == ""
    kept = changed_settings(after, {"authors": "hidden"})
    assert kept["privacy_note"] == "Photos are taken.\nAsk us."


def test_the_team_rule_and_the_least_pitch_text_are_settings() -> None:
    current = new_workshop_settings({"title": "Hack", "groups": ["City", "NGO", "Firm"]})
    assert (current["team_rule"], current["min_pitch_text"]) == (None, 0)
    after = changed_settings(current, {"team_rule": {"required_any": ["NGO", "Firm"]},
                                       "min_pitch_text": 40})
    assert after["team_rule"]["required_any"] == ["NGO", "Firm"]
    assert after["team_rule"]["min_size"] == 3 and after["min_pitch_text"] == 40
    # A group that leaves the workshop leaves the rule with it.
    fewer = changed_settings(after, {"groups": ["City", "NGO"]})
    assert fewer["team_rule"]["required_any"] == ["NGO"]
    assert refused({"team_rule": {"required_any": ["Nobody"]}}, after) == "invalid"
    assert refused({"team_rule": {"max_size": TEAM_SIZE_MAX + 1}}, after) == "invalid"
    assert refused({"min_pitch_text": PITCH_TEXT_MAX + 1}, after) == "invalid"
    assert refused({"min_pitch_text": "long"}, after) == "bad_message"
