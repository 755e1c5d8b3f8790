"""A workshop's settings and their validation, for creating a workshop and for
the `workshop.settings` op alike."""

from __future__ import annotations

from typing import Any

from cocreate.board import validate
from cocreate.board.errors import BoardError
from cocreate.board.limits import CHALLENGE_MAX, CONSTRAINT_MAX, LIST_MAX, NAME_MAX, TITLE_MAX
from cocreate.board.names import DEFAULT_LANGUAGE, LANGUAGES

AUTHORS_MODES = ("named", "group", "hidden")
SETTINGS_KEYS = ("title", "challenge", "constraints", "groups", "authors",
                 "facilitator_sees_authors", "language", "participants_add_actions")
DEFAULT_GROUPS = (
    "Public administration",
    "NGO / civil society",
    "Private sector",
    "Labour union",
    "Political representative",
    "Citizen / end user",
)
NEW_WORKSHOP: dict[str, Any] = {"title": "", "challenge": "", "constraints": [],
                                "groups": list(DEFAULT_GROUPS), "authors": "named",
                                "facilitator_sees_authors": True,
                                "language": DEFAULT_LANGUAGE,
                                "participants_add_actions": False}


def new_workshop_settings(data: dict[str, Any]) -> dict[str, Any]:
    """The settings of a workshop being created: a title is required, an empty
    list of groups means the default groups."""
    if "title" not in data:
        raise BoardError("bad_message", "'title' is required")
    settings = changed_settings(NEW_WORKSHOP, data)
    settings["groups"] = settings["groups"] or list(DEFAULT_GROUPS)
    return settings


def changed_settings(current: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """All settings after changing those `data` names; the others keep `current`."""
    out = {k: current.get(k) for k in SETTINGS_KEYS}
    if "title" in data:
        out["title"] = validate.text(data, "title", TITLE_MAX, what="title").strip()
    if "challenge" in data:
        challenge = data["challenge"]
        if not isinstance(challenge, str):
            raise BoardError("bad_message", "'challenge' must be a string")
        challenge = validate.clean(challenge, "the challenge")
        if len(challenge) > CHALLENGE_MAX:
            raise BoardError("invalid", f"the challenge is limited to {CHALLENGE_MAX} characters")
        out["challenge"] = challenge.strip()
    if "constraints" in data:
        out["constraints"] = validate.text_list(data, "constraints", CONSTRAINT_MAX, LIST_MAX)
    if "groups" in data:
        out["groups"] = validate.text_list(data, "groups", NAME_MAX, LIST_MAX)
    if "authors" in data:
        out["authors"] = validate.choice(data, "authors", AUTHORS_MODES, "named")
    if "facilitator_sees_authors" in data:
        out["facilitator_sees_authors"] = validate.boolean(data, "facilitator_sees_authors", True)
    if "language" in data:
        out["language"] = validate.choice(data, "language", LANGUAGES, DEFAULT_LANGUAGE)
    if "participants_add_actions" in data:
        out["participants_add_actions"] = validate.boolean(data, "participants_add_actions",
                                                           False)
    return out
