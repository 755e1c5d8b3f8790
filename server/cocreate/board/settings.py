"""A workshop's settings and their validation, for creating a workshop and for
the `workshop.settings` op alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cocreate.board import teams, validate
from cocreate.board.errors import BoardError
from cocreate.board.limits import (
    CHALLENGE_MAX,
    CONSTRAINT_MAX,
    LIST_MAX,
    NAME_MAX,
    PITCH_TEXT_MAX,
    PRIVACY_NOTE_MAX,
    TITLE_MAX,
)
from cocreate.board.names import DEFAULT_LANGUAGE, LANGUAGES

AUTHORS_MODES = ("named", "group", "hidden")
# What erasing a participant does to their notes: remove them, or keep them with no author.
ERASE_POLICIES = ("delete", "anonymise")
SETTINGS_KEYS = ("title", "challenge", "constraints", "boundaries", "groups", "authors",
                 "facilitator_sees_authors", "language", "participants_add_actions",
                 "privacy_note", "similar_hints", "erase_policy", "team_rule",
                 "min_pitch_text", "jurors_join")
DEFAULT_GROUPS = (
    "Public administration",
    "NGO / civil society",
    "Private sector",
    "Labour union",
    "Political representative",
    "Citizen / end user",
)
NEW_WORKSHOP: dict[str, Any] = {"title": "", "challenge": "", "constraints": [], "boundaries": [],
                                "groups": list(DEFAULT_GROUPS), "authors": "named",
                                "facilitator_sees_authors": True,
                                "language": DEFAULT_LANGUAGE,
                                "participants_add_actions": False, "privacy_note": "",
                                "similar_hints": True, "erase_policy": "delete",
                                # The hackathon's (board.teams; None: the default rule).
                                "team_rule": None, "min_pitch_text": 0,
                                # Whether jurors join by the code themselves (role juror).
                                "jurors_join": False}


def new_workshop_settings(data: dict[str, Any],
                          new_id: Callable[[], str] | None = None) -> dict[str, Any]:
    """The settings of a workshop being created: a title is required, an empty
    list of groups means the default groups."""
    if "title" not in data:
        raise BoardError("bad_message", "'title' is required")
    settings = changed_settings(NEW_WORKSHOP, data, new_id)
    settings["groups"] = settings["groups"] or list(DEFAULT_GROUPS)
    return settings


def changed_settings(current: dict[str, Any], data: dict[str, Any],
                     new_id: Callable[[], str] | None = None) -> dict[str, Any]:
    """All settings after changing those `data` names; the others keep `current`.

    `constraints` (texts) and `boundaries` (`{"id"?, "text"}`) are two views of
    one list: either may be sent, and the other follows. A boundary keeps its
    id while its text stays (or, sent with its id, while the id stays), so flags
    and challenges that name it survive an edit of the others. Without `new_id`
    new boundaries are numbered ("b3" after "b2"), unique among the current ones.
    """
    out = {k: current.get(k) for k in SETTINGS_KEYS}
    out["erase_policy"] = out["erase_policy"] or "delete"  # a state read before the setting
    if "constraints" in data and "boundaries" in data:
        raise BoardError("bad_message", "send 'constraints' or 'boundaries', not both")
    if "title" in data:
        out["title"] = validate.text(data, "title", TITLE_MAX, what="title").strip()
    if "challenge" in data:
        out["challenge"] = _long_text(data, "challenge", "the challenge", CHALLENGE_MAX)
    if "privacy_note" in data:
        # The organiser's own words for the join page's privacy notice (may be empty).
        out["privacy_note"] = _long_text(data, "privacy_note", "the privacy note",
                                         PRIVACY_NOTE_MAX)
    if "constraints" in data:
        texts = validate.text_list(data, "constraints", CONSTRAINT_MAX, LIST_MAX)
        out["boundaries"] = _boundaries([{"id": "", "text": t} for t in texts], current, new_id)
    if "boundaries" in data:
        out["boundaries"] = _boundaries(_boundary_list(data["boundaries"]), current, new_id)
    out["constraints"] = [b["text"] for b in out["boundaries"] or []]
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
    if "similar_hints" in data:
        out["similar_hints"] = validate.boolean(data, "similar_hints", True)
    if "erase_policy" in data:
        out["erase_policy"] = validate.choice(data, "erase_policy", ERASE_POLICIES, "delete")
    _hackathon_settings(out, data)
    return out


def _long_text(data: dict[str, Any], key: str, what: str, limit: int) -> str:
    """A free text of several lines that may be empty, cleaned and stripped."""
    value = data[key]
    if not isinstance(value, str):
        raise BoardError("bad_message", f"'{key}' must be a string")
    value = validate.clean(value, what)
    if len(value) > limit:
        raise BoardError("invalid", f"{what} is limited to {limit} characters")
    return value.strip()



def _hackathon_settings(out: dict[str, Any], data: dict[str, Any]) -> None:
    """`team_rule` (checked against the groups; a group no longer of the workshop
    leaves its `required_any`) and `min_pitch_text`, 0 to PITCH_TEXT_MAX."""
    groups = out["groups"] or []
    if "team_rule" in data:
        out["team_rule"] = (None if data["team_rule"] is None
                            else teams.team_rule(data["team_rule"], groups))
    elif "groups" in data and out["team_rule"]:
        rule = dict(out["team_rule"])
        rule["required_any"] = [g for g in rule.get("required_any") or [] if g in groups]
        out["team_rule"] = teams.team_rule(rule, groups)
    if "min_pitch_text" in data:
        least = validate.integer(data, "min_pitch_text")
        if not 0 <= least <= PITCH_TEXT_MAX:
            raise BoardError("invalid", f"'min_pitch_text' is from 0 to {PITCH_TEXT_MAX}")
        out["min_pitch_text"] = least
    if "jurors_join" in data:
        out["jurors_join"] = validate.boolean(data, "jurors_join", False)
    out["jurors_join"] = bool(out["jurors_join"])  # a state read before the setting


def current_boundaries(settings: dict[str, Any]) -> list[dict[str, str]]:
    """The workshop's boundaries (a workshop stored before they had ids has none)."""
    return list(settings.get("boundaries") or [])


def _boundary_list(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(
            isinstance(b, dict) and isinstance(b.get("text"), str)
            and isinstance(b.get("id", ""), str) for b in value):
        raise BoardError("bad_message", "'boundaries' must be a list of {\"id\"?, \"text\"}")
    texts = validate.text_list({"boundaries": [b["text"] for b in value]}, "boundaries",
                               CONSTRAINT_MAX, LIST_MAX)
    kept = [b for b in value if b["text"].strip()]
    return [{"id": b.get("id") or "", "text": t} for b, t in zip(kept, texts, strict=True)]


def _numbered(old: list[dict[str, str]]) -> Callable[[], str]:
    taken = [int(b["id"][1:]) for b in old if b["id"][:1] == "b" and b["id"][1:].isdigit()]
    numbers = iter(range(max(taken, default=0) + 1, 10**9))
    return lambda: f"b{next(numbers)}"


def _boundaries(wanted: list[dict[str, Any]], current: dict[str, Any],
                new_id: Callable[[], str] | None) -> list[dict[str, str]]:
    old = current_boundaries(current)
    new_id = new_id or _numbered(old)
    by_id = {b["id"]: b for b in old}
    free_by_text: dict[str, list[str]] = {}
    for b in old:
        free_by_text.setdefault(b["text"], []).append(b["id"])
    used: set[str] = set()
    out = []
    for b in wanted:
        bid = b["id"] if b["id"] in by_id and b["id"] not in used else ""
        if not bid:
            bid = next((i for i in free_by_text.get(b["text"], []) if i not in used), "")
        if not bid:
            bid = new_id()
        used.add(bid)
        out.append({"id": bid, "text": b["text"]})
    return out
