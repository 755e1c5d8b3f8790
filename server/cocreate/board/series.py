"""A series: workshops that follow one another up, and what becomes of their actions.

The next event of a series starts from what the last one left open: every
action whose status is not `done` or `dropped` is carried into it as a new
action of the new event, keeping its title, owners, parties, due date,
status and percent, the groups that committed, and its progress entries
(without who wrote them: those people belong to the other event), followed by
an entry saying where it came from.

Each action has an id across the series (`series_action`): the id it had in
the event it was first added to. It is given on its first carry, to the
carried copy only, so the first event's rows are never rewritten; an action
with none stands for itself (its own id is its series id).

The follow-up view is what a read-only follow-up link shows decision makers
who were absent: the actions, boundaries, title and challenge, and never who
wrote or committed anything (`followup_view`).
"""

from __future__ import annotations

from typing import Any

from cocreate.board.actions import Action, date_of
from cocreate.board.limits import ACTION_PROGRESS_MAX
from cocreate.board.names import DEFAULT_LANGUAGE, LANGUAGES

CLOSED_STATUSES = frozenset({"done", "dropped"})
# The round the next event's plenary agenda starts with, untimed.
_REVIEW = {"en": "Review open actions", "et": "Avatud tegevuste ülevaatus",
           "de": "Offene Maßnahmen überprüfen"}
_CARRIED = {"en": "Carried from {title}", "et": "Üle toodud üritusest {title}",
            "de": "Übernommen aus {title}"}


def _lang(language: str) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def is_open(action: Action) -> bool:
    return action.status not in CLOSED_STATUSES


def series_id_of(action: Action) -> str:
    return action.series_action or action.id


def carried(action: Action, new_id: str, now: int, from_title: str, language: str) -> Action:
    """`action` of the previous event as the next event's action `new_id`."""
    entry = {"text": _CARRIED[_lang(language)].format(title=from_title), "date": date_of(now),
             "ts": now, "participant": None, "name": None}
    kept = [{**p, "participant": None, "name": None} for p in action.progress]
    progress = [*kept[len(kept) - (ACTION_PROGRESS_MAX - 1):], entry]
    commits = {g: {"participant": None, "name": None, "ts": c.get("ts", now)}
               for g, c in action.commits.items()}
    return Action(new_id, action.title, action.owner_group, list(action.parties),
                  action.status, action.percent, action.owner_org, action.owner_person,
                  None, action.due, commits, progress, None, now, now, series_id_of(action))


def review_round(language: str, round_id: str) -> dict[str, Any]:
    """The agenda round (board.rounds shape) in which owners report on open actions."""
    return {"id": round_id, "title": _REVIEW[_lang(language)], "seconds": 0, "private": False,
            "lock": False, "lock_at_end": False, "voting": None, "done": False}


def next_event_settings(previous: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The body of the next event's create: the previous event's settings where the
    body gives none (`constraints` in the body stands for its boundaries too)."""
    merged = {k: v for k, v in previous.items() if k != "constraints"}
    if "constraints" in body:
        merged.pop("boundaries", None)
    merged.update({k: v for k, v in body.items() if k != "series_of"})
    return merged


def _progress_view(progress: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: p[k] for k in ("text", "date", "percent") if k in p} for p in progress]


def followup_action(action: Action) -> dict[str, Any]:
    """An action as the follow-up page and the series page show it: no person named."""
    return {"id": action.id, "series_action": series_id_of(action), "title": action.title,
            "owner_group": action.owner_group, "owner_org": action.owner_org,
            "parties": list(action.parties), "status": action.status,
            "percent": action.percent, "due": action.due,
            "commits": [{"group": g, "date": date_of(c.get("ts") or 0)}
                        for g, c in action.commits.items()],
            "all_parties_committed": action.all_parties_committed(),
            "progress": _progress_view(action.progress)}


def followup_view(workshop: dict[str, Any], actions: list[Action]) -> dict[str, Any]:
    return {"workshop": {"title": workshop["title"], "challenge": workshop["challenge"],
                         "language": workshop["language"]},
            "boundaries": [{"id": b["id"], "text": b["text"]} for b in workshop["boundaries"]],
            "actions": [followup_action(a) for a in actions]}


def series_view(series_id: str, events: list[dict[str, Any]],
                actions_by_event: dict[str, list[Action]]) -> dict[str, Any]:
    """Every event (oldest first) and every series action with what it was in each
    event it appears in; an action's title and owner are those of its latest event."""
    by_series: dict[str, dict[str, Any]] = {}
    for event in events:
        for action in actions_by_event.get(event["id"], []):
            key = series_id_of(action)
            entry = by_series.setdefault(key, {"id": key, "events": {}})
            entry.update(title=action.title, owner_group=action.owner_group,
                         owner_org=action.owner_org)
            entry["events"][event["id"]] = {
                "action": action.id, "status": action.status, "percent": action.percent,
                "due": action.due, "progress": _progress_view(action.progress)}
    return {"id": series_id, "events": events, "actions": list(by_series.values())}
