"""The board of one room, as plain data the rules read and change.

Nothing here does I/O. The store loads a `BoardState` from its tables, the
rules decide an event from it, and `apply` moves it forward one event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["facilitator", "participant", "wall"]
AuthorsMode = Literal["named", "group", "hidden"]

DEFAULT_COLOR = "yellow"


@dataclass(frozen=True)
class Actor:
    """Who sends an op; `None` stands for the server itself (e.g. timer.end)."""

    id: str
    role: Role
    name: str = ""
    group: str | None = None


@dataclass
class Note:
    id: str
    text: str
    color: str
    x: float
    y: float
    cluster: str | None
    author: str | None
    created: int
    updated: int
    author_group: str | None = None
    # Written during a private round: only its author and facilitators see it.
    private: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "text": self.text, "color": self.color, "x": self.x,
            "y": self.y, "cluster": self.cluster, "author": self.author,
            "author_group": self.author_group, "created": self.created,
            "updated": self.updated, "private": self.private,
        }


@dataclass
class Cluster:
    id: str
    title: str
    x: float
    y: float

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "x": self.x, "y": self.y}


@dataclass
class Timer:
    status: Literal["idle", "running", "paused", "ended"] = "idle"
    label: str = ""
    duration_ms: int = 0
    ends_at: int | None = None
    remaining_ms: int = 0

    def as_dict(self, now: int) -> dict[str, Any]:
        remaining = self.remaining_ms
        if self.status == "running" and self.ends_at is not None:
            remaining = max(0, self.ends_at - now)
        return {"status": self.status, "label": self.label, "duration_ms": self.duration_ms,
                "ends_at": self.ends_at, "remaining_ms": remaining}


@dataclass
class Voting:
    status: Literal["idle", "open", "closed"] = "idle"
    budget: int = 0
    max_per_note: int = 0
    hidden: bool = False
    revealed: bool = False
    # What is voted on: "notes" or "clusters" (a vote's `note` then names a cluster).
    target: Literal["notes", "clusters"] = "notes"

    def tally_visible(self) -> bool:
        return self.status != "idle" and (not self.hidden or self.revealed)


@dataclass
class BoardState:
    room_id: str
    seq: int = 0
    notes: dict[str, Note] = field(default_factory=dict)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    timer: Timer = field(default_factory=Timer)
    voting: Voting = field(default_factory=Voting)
    # participant id -> target id -> number of votes
    votes: dict[str, dict[str, int]] = field(default_factory=dict)
    locked: bool = False
    # The running round's notes are private until it ends or is revealed.
    private_round: bool = False
    agenda: list[dict[str, Any]] = field(default_factory=list)
    round_index: int | None = None

    def tally(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for by_target in self.votes.values():
            for target, n in by_target.items():
                totals[target] = totals.get(target, 0) + n
        return totals

    def votes_on(self, target: str) -> int:
        return sum(by_target.get(target, 0) for by_target in self.votes.values())

    def snapshot(self) -> dict[str, Any]:
        """The whole board, unredacted, for a snapshot only facilitators may read."""
        return {"seq": self.seq, "notes": [n.as_dict() for n in self.notes.values()],
                "clusters": [c.as_dict() for c in self.clusters.values()],
                "voting": {**self.voting_dict(), "tally": self.tally()},
                "locked": self.locked, "agenda": self.agenda, "round": self.round_index}

    def voting_dict(self) -> dict[str, Any]:
        v = self.voting
        return {"status": v.status, "budget": v.budget, "max_per_note": v.max_per_note,
                "hidden": v.hidden, "revealed": v.revealed, "target": v.target,
                "tally": self.tally() if v.tally_visible() else None}


@dataclass(frozen=True)
class Event:
    """An accepted change to a room, with its full (unredacted) data."""

    room: str
    seq: int
    op: str
    actor: str | None
    ts: int
    data: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"room": self.room, "seq": self.seq, "op": self.op, "actor": self.actor,
                "ts": self.ts, "data": self.data}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        return cls(d["room"], d["seq"], d["op"], d["actor"], d["ts"], d["data"])
