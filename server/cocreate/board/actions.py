"""Actions: what a workshop agrees to do, who owns it, and which parties commit.

Actions belong to the workshop, not to a room: any room may add one, and
every action op is a workshop-level op, so the store applies it under the
lock of every room of the workshop and appends its event to each room's
log. Two parties committing at once on two processes are therefore decided
one after the other, and the second sees the first's commitment.

`all_parties_committed` is derived from the parties and the commitments,
never stored or set: it is independent of the status, which the facilitator
sets (an action can be `agreed` before every party committed, and the other
way round).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cocreate.board import validate
from cocreate.board.errors import BoardError
from cocreate.board.limits import (
    ACTION_PROGRESS_MAX,
    ACTIONS_MAX,
    LIST_MAX,
    NAME_MAX,
    NOTE_TEXT_MAX,
    TITLE_MAX,
)
from cocreate.board.state import Actor, BoardState

ACTION_OPS = frozenset({"action.add", "action.update", "action.progress", "action.delete",
                        "action.commit", "action.uncommit"})
# The ops anyone in the workshop but a wall may send; the rule checks their group.
COMMIT_OPS = frozenset({"action.commit", "action.uncommit"})
# What a participant of an action's owner group may send about it: its status (and
# progress entries), so owners report in a review round themselves.
OWNER_OPS = frozenset({"action.update", "action.progress"})
OWNER_UPDATE_KEYS = frozenset({"id", "status"})

# Each status and the progress it stands for when it is set without a figure.
STATUS_PERCENT: dict[str, int] = {"proposed": 0, "agreed": 10, "in_progress": 50,
                                  "blocked": 50, "done": 100, "dropped": 0}
STATUSES = tuple(STATUS_PERCENT)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MS_PER_DAY = 86_400_000


@dataclass
class Action:
    id: str
    title: str
    owner_group: str
    parties: list[str]
    status: str = "proposed"
    percent: int = 0
    owner_org: str | None = None
    owner_person: str | None = None
    source: dict[str, str] | None = None  # {"note"|"cluster": id, "room": room id}
    due: str | None = None
    # group -> {"participant", "name", "ts"}: who committed their group, and when
    commits: dict[str, dict[str, Any]] = field(default_factory=dict)
    progress: list[dict[str, Any]] = field(default_factory=list)
    author: str | None = None
    created: int = 0
    updated: int = 0
    # Its id across a series (store/series.py): the id it had where it was first added;
    # None on an action added in this event.
    series_action: str | None = None

    def all_parties_committed(self) -> bool:
        return bool(self.parties) and all(p in self.commits for p in self.parties)

    def as_dict(self) -> dict[str, Any]:
        """The full A shape, unredacted (redaction.action_view hides who)."""
        return {
            "id": self.id, "title": self.title, "owner_group": self.owner_group,
            "owner_org": self.owner_org, "owner_person": self.owner_person,
            "parties": list(self.parties), "source": self.source, "due": self.due,
            "status": self.status, "percent": self.percent,
            "commits": [{"group": g, **c} for g, c in self.commits.items()],
            "all_parties_committed": self.all_parties_committed(),
            "progress": [dict(p) for p in self.progress], "author": self.author,
            "created": self.created, "updated": self.updated,
            "series_action": self.series_action,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Action:
        commits = {c["group"]: {k: v for k, v in c.items() if k != "group"}
                   for c in d.get("commits", [])}
        return cls(d["id"], d["title"], d["owner_group"], list(d["parties"]), d["status"],
                   d["percent"], d.get("owner_org"), d.get("owner_person"), d.get("source"),
                   d.get("due"), commits, [dict(p) for p in d.get("progress", [])],
                   d.get("author"), d.get("created", 0), d.get("updated", 0),
                   d.get("series_action"))


@dataclass(frozen=True)
class ActionChange:
    """An action op's event data; `action` is the action after it (None: deleted)."""

    op: str
    data: dict[str, Any]
    action: Action | None


def may_send(op: str, actor: Actor, participants_add: bool,
             action: Action | None = None, data: dict[str, Any] | None = None) -> None:
    """`forbidden` unless `actor` may send `op` (their group is the rule's); about an
    existing `action`, a participant of its owner group may set its status and add
    progress, nothing else."""
    if actor.role == "facilitator":
        return
    if actor.role == "participant" and (op in COMMIT_OPS
                                        or (op == "action.add" and participants_add)):
        return
    if (actor.role == "participant" and op in OWNER_OPS and action is not None
            and actor.group == action.owner_group):
        if op == "action.progress" or set(data or {}) <= OWNER_UPDATE_KEYS:
            return
        raise BoardError("forbidden", "the owners of an action may set its status; only a "
                                      "facilitator may change the rest")
    raise BoardError("forbidden", f"only a facilitator may send {op}")


def decide_action(actions: dict[str, Action], settings: dict[str, Any],
                  room: BoardState | None, op: str, data: dict[str, Any], actor: Actor, now: int,
                  new_id: str) -> ActionChange:
    """The change `op` makes to the workshop's `actions`; `room` is the sender's
    board (where a source note or cluster must be), `new_id` the id an add takes."""
    participants_add = bool(settings.get("participants_add_actions"))
    if op not in OWNER_OPS or actor.role != "participant":
        # Only a participant's right to an owner op depends on the action it names.
        may_send(op, actor, participants_add)
    groups = list(settings.get("groups") or [])
    if op == "action.add":
        return _add(actions, groups, room, data, actor, now, new_id)
    validate.expect(data, id="id")
    current = actions.get(data["id"])
    if op in OWNER_OPS:
        # Whether the sender owns it decides first: nobody learns of an action that way.
        may_send(op, actor, participants_add, current, data)
    if current is None:
        raise BoardError("not_found", "that action does not exist")
    action = Action.from_dict(current.as_dict())
    if op == "action.delete":
        return ActionChange(op, {"id": action.id}, None)
    if op == "action.update":
        _update(action, groups, data)
    elif op == "action.progress":
        _progress(action, data, actor, now)
    else:
        _commit(action, op, data, actor, now)
    action.updated = now
    return ActionChange(op, action.as_dict(), action)


def _add(actions: dict[str, Action], groups: list[str], room: BoardState | None,
         data: dict[str, Any], actor: Actor, now: int, new_id: str) -> ActionChange:
    validate.expect(data, title="str", owner_group="str", parties="list?", due="str?",
                    owner_org="str?", owner_person="str?")
    if len(actions) >= ACTIONS_MAX:
        raise BoardError("invalid", f"a workshop has at most {ACTIONS_MAX} actions")
    title = _title(data)
    owner = _group(data["owner_group"], groups)
    parties = _parties(data.get("parties"), owner, groups)
    action = Action(new_id, title, owner, parties, percent=STATUS_PERCENT["proposed"],
                    owner_org=_short(data, "owner_org"), owner_person=_short(data, "owner_person"),
                    source=_source(data.get("source"), room, actor),
                    due=_due(data.get("due")), author=actor.id, created=now, updated=now)
    return ActionChange("action.add", action.as_dict(), action)


def _update(action: Action, groups: list[str], data: dict[str, Any]) -> None:
    validate.expect(data, title="str?", owner_group="str?", parties="list?", status="str?",
                    owner_org="str?", owner_person="str?", due="str?")
    if "title" in data:
        action.title = _title(data)
    if data.get("owner_group") is not None:
        action.owner_group = _group(data["owner_group"], groups)
    if "parties" in data or data.get("owner_group") is not None:
        given = data["parties"] if data.get("parties") is not None else action.parties
        action.parties = _parties(given, action.owner_group, groups)
        # A group that is no longer a party has nothing to be committed to.
        action.commits = {g: c for g, c in action.commits.items() if g in action.parties}
    for key in ("owner_org", "owner_person"):
        if key in data:
            setattr(action, key, _short(data, key))
    if "due" in data:
        action.due = _due(data["due"])
    if data.get("status") is not None:
        status = validate.choice(data, "status", STATUSES, "proposed")
        if status != action.status:
            action.status = status
            action.percent = STATUS_PERCENT[status]


def _progress(action: Action, data: dict[str, Any], actor: Actor, now: int) -> None:
    validate.expect(data, text="str", percent="int?")
    text = validate.text(data, "text", NOTE_TEXT_MAX, what="a progress entry")
    if len(action.progress) >= ACTION_PROGRESS_MAX:
        raise BoardError("invalid", f"an action keeps at most {ACTION_PROGRESS_MAX} entries")
    entry: dict[str, Any] = {"text": text, "date": date_of(now), "ts": now,
                             "participant": actor.id, "name": actor.name}
    if data.get("percent") is not None:
        percent = validate.integer(data, "percent")
        if not 0 <= percent <= 100:
            raise BoardError("invalid", "progress is a percentage from 0 to 100")
        action.percent = percent
        entry["percent"] = percent
    action.progress.append(entry)


def _commit(action: Action, op: str, data: dict[str, Any], actor: Actor, now: int) -> None:
    """The sender's group; a facilitator may name the party whose word they record
    (a representative without a device), a participant only their own group."""
    validate.expect(data, group="str?")
    group = data.get("group") or actor.group
    if group != actor.group and actor.role != "facilitator":
        raise BoardError("forbidden", "a participant commits their own group only")
    if not group or group not in action.parties:
        raise BoardError("invalid", "your group is not a party to that action")
    if op == "action.commit":
        if group in action.commits:
            raise BoardError("invalid", f"{group} has committed to that action already")
        action.commits[group] = {"participant": actor.id, "name": actor.name, "ts": now}
    else:
        if group not in action.commits:
            raise BoardError("invalid", f"{group} has not committed to that action")
        del action.commits[group]


def _title(data: dict[str, Any]) -> str:
    return validate.text(data, "title", TITLE_MAX, what="an action's title").strip()


def _group(value: Any, groups: list[str]) -> str:
    if not isinstance(value, str):
        raise BoardError("bad_message", "a group must be a string")
    if value not in groups:
        raise BoardError("invalid", f"{value[:NAME_MAX]!r} is not a group of this workshop")
    return value


def _parties(value: Any, owner: str, groups: list[str]) -> list[str]:
    """The owner's group first (the owner is always a party), then the others once each."""
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BoardError("bad_message", "'parties' must be a list of groups")
    parties = list(dict.fromkeys([owner, *(_group(v, groups) for v in value)]))
    if len(parties) > LIST_MAX:
        raise BoardError("invalid", f"an action has at most {LIST_MAX} parties")
    return parties


def _short(data: dict[str, Any], key: str) -> str | None:
    if data.get(key) is None or not str(data[key]).strip():
        return None
    return validate.text(data, key, NAME_MAX, what=f"'{key}'").strip()


def _due(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BoardError("bad_message", "'due' must be a date string")
    m = _DATE.match(value)
    if m is None:
        raise BoardError("invalid", "'due' must be a date as YYYY-MM-DD")
    year, month, day = (int(g) for g in m.groups())
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = 0 if not 1 <= month <= 12 else 28 if month == 2 and not leap else _DAYS[month - 1]
    if not 1 <= day <= days:
        raise BoardError("invalid", f"{value} is not a date")
    return value


def date_of(ms: int) -> str:
    """The UTC date of a server time, as YYYY-MM-DD (civil-from-days, no clock read)."""
    z = ms // _MS_PER_DAY + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (1 if month <= 2 else 0)
    return f"{year:04d}-{month:02d}-{day:02d}"


def _source(value: Any, room: BoardState | None, actor: Actor) -> dict[str, str] | None:
    if value is None:
        return None
    if room is None:
        raise BoardError("not_found", "there is no board to take that from")
    if not isinstance(value, dict) or len(value) != 1:
        raise BoardError("bad_message", "'source' must be {\"note\": id} or {\"cluster\": id}")
    kind, ident = next(iter(value.items()))
    if kind not in ("note", "cluster") or not isinstance(ident, str) or not ident:
        raise BoardError("bad_message", "'source' must be {\"note\": id} or {\"cluster\": id}")
    if kind == "note":
        note = room.notes.get(ident)
        # A private note stays private: it may not become everyone's action.
        if note is None or (note.private and actor.role != "facilitator"
                            and note.author != actor.id):
            raise BoardError("not_found", "that note is not on this board")
        if note.private:
            raise BoardError("invalid", "a private note cannot become an action before it is "
                                        "revealed")
    elif ident not in room.clusters:
        raise BoardError("not_found", "that cluster is not on this board")
    return {kind: ident, "room": room.room_id}


def apply(state: BoardState, op: str, data: dict[str, Any]) -> None:
    """Every room's board keeps the workshop's actions (votes on them are the room's)."""
    if op == "action.delete":
        state.actions.pop(data["id"], None)
        for mine in state.votes.values():
            mine.pop(data["id"], None)
    else:
        state.actions[data["id"]] = Action.from_dict(data)
