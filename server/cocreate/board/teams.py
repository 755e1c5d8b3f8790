"""The viability rule of a hackathon team: how big, and how mixed by stakeholder group.

A workshop's `team_rule` is `{"min_size", "max_size", "min_groups", "required_any"?}`
(default: 3 to 8 people from at least 2 groups). `required_any` lists groups of
which at least one member must be present (e.g. every group but public
administration: "at least one from outside the administration"); a pitch's own
`needs` are groups each of which must be present. A team is "viable" or says
what is missing, as reasons a client can translate and an English text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from cocreate.board.errors import BoardError
from cocreate.board.limits import LIST_MAX, NAME_MAX, TEAM_SIZE_MAX

DEFAULT_RULE: dict[str, Any] = {"min_size": 3, "max_size": 8, "min_groups": 2,
                                "required_any": []}


def team_rule(value: Any, groups: Sequence[str]) -> dict[str, Any]:
    """A checked `team_rule` (missing keys take the default); `groups` are the workshop's."""
    if value is None:
        return dict(DEFAULT_RULE)
    if not isinstance(value, dict):
        raise BoardError("bad_message", "'team_rule' must be an object")
    rule = {**DEFAULT_RULE, **value}
    if set(rule) - set(DEFAULT_RULE):
        raise BoardError("bad_message", "'team_rule' has min_size, max_size, min_groups and "
                                        "required_any only")
    for key in ("min_size", "max_size", "min_groups"):
        v = rule[key]
        if not isinstance(v, int) or isinstance(v, bool):
            raise BoardError("bad_message", f"'team_rule.{key}' must be an integer")
    if not 1 <= rule["min_size"] <= rule["max_size"] <= TEAM_SIZE_MAX:
        raise BoardError("invalid", f"a team is 1 to {TEAM_SIZE_MAX} people, its minimum "
                                    "no more than its maximum")
    if not 1 <= rule["min_groups"] <= rule["max_size"]:
        raise BoardError("invalid", "'min_groups' is from 1 to the team's maximum size")
    rule["required_any"] = group_list(rule["required_any"], groups, "team_rule.required_any")
    return rule


def group_list(value: Any, groups: Sequence[str], key: str) -> list[str]:
    """Groups of the workshop, each once, in the order given."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(g, str) for g in value):
        raise BoardError("bad_message", f"'{key}' must be a list of groups")
    if len(value) > LIST_MAX:
        raise BoardError("invalid", f"'{key}' has at most {LIST_MAX} groups")
    for g in value:
        if g not in groups:
            raise BoardError("invalid", f"{g[:NAME_MAX]!r} is not a group of this workshop")
    return list(dict.fromkeys(value))


def viability(member_groups: Sequence[str | None], rule: dict[str, Any],
              needs: Sequence[str] = ()) -> dict[str, Any]:
    """`{"viable", "missing": [reason], "text"}` of a team whose members have
    `member_groups` (None: a member without a group, who counts for size only).

    Reasons: `{"reason": "people", "count"}` (more people needed),
    `{"reason": "too_many", "count"}`, `{"reason": "groups", "count"}` (more
    distinct groups), `{"reason": "any_of", "groups"}` (someone from one of
    these), `{"reason": "group", "group"}` (someone from this group).
    """
    present = Counter(g for g in member_groups if g)
    size = len(member_groups)
    missing: list[dict[str, Any]] = []
    if size < rule["min_size"]:
        missing.append({"reason": "people", "count": rule["min_size"] - size})
    if size > rule["max_size"]:
        missing.append({"reason": "too_many", "count": size - rule["max_size"]})
    for g in needs:
        if not present[g]:
            missing.append({"reason": "group", "group": g})
    required = list(rule.get("required_any") or [])
    if required and not any(present[g] for g in required):
        missing.append({"reason": "any_of", "groups": required})
    if len(present) < rule["min_groups"]:
        missing.append({"reason": "groups", "count": rule["min_groups"] - len(present)})
    return {"viable": not missing, "missing": missing, "text": describe(missing)}


def describe(missing: Sequence[dict[str, Any]]) -> str:
    """The reasons in English ("viable" when there are none); clients translate the reasons."""
    if not missing:
        return "viable"
    parts = []
    for m in missing:
        if m["reason"] == "people":
            parts.append(f"needs {m['count']} more {'person' if m['count'] == 1 else 'people'}")
        elif m["reason"] == "too_many":
            parts.append(f"{m['count']} too many")
        elif m["reason"] == "group":
            parts.append(f"needs someone from {m['group']}")
        elif m["reason"] == "any_of":
            parts.append("needs someone from " + " or ".join(m["groups"]))
        else:
            parts.append(f"needs {m['count']} more "
                         f"{'group' if m['count'] == 1 else 'groups'}")
    return "; ".join(parts)
