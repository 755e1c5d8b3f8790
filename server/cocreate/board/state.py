"""The board of one room, as plain data the rules read and change.

Nothing here does I/O. The store loads a `BoardState` from its tables, the
rules decide an event from it, and `apply` moves it forward one event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast

if TYPE_CHECKING:
    from cocreate.board.actions import Action
    from cocreate.board.hackathon import Hackathon

Role = Literal["facilitator", "participant", "wall", "juror"]
AuthorsMode = Literal["named", "group", "hidden"]
TimerStatus = Literal["idle", "running", "paused", "ended"]
VotingStatus = Literal["idle", "open", "closed"]
VoteTarget = Literal["notes", "clusters", "actions"]
VoteKind = Literal["dots", "matrix"]

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
    # A copy's original: {"room", "note"} (a themed split's seed, a collected result).
    source: dict[str, str] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "text": self.text, "color": self.color, "x": self.x,
            "y": self.y, "cluster": self.cluster, "author": self.author,
            "author_group": self.author_group, "created": self.created,
            "updated": self.updated, "private": self.private, "source": self.source,
        }


@dataclass
class Cluster:
    id: str
    title: str
    x: float
    y: float
    # The room a collected cluster holds the results of, as {"room"}; or the
    # plenary, for the frame a themed split seeds a room with.
    source: dict[str, str] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "x": self.x, "y": self.y,
                "source": self.source}


@dataclass(frozen=True)
class Timer:
    """The protocol's T shape; `remaining_ms` counts while paused, `ends_at` while running."""

    status: TimerStatus = "idle"
    label: str = ""
    duration_ms: int = 0
    ends_at: int | None = None
    remaining_ms: int = 0

    def event_data(self) -> dict[str, Any]:
        """As timer events carry it (the room row stores the same fields)."""
        return {"status": self.status, "label": self.label, "duration_ms": self.duration_ms,
                "ends_at": self.ends_at, "remaining_ms": max(0, self.remaining_ms)}

    def as_dict(self, now: int) -> dict[str, Any]:
        """As a welcome shows it at `now`: with the time left of a running timer."""
        out = self.event_data()
        if self.status == "running" and self.ends_at is not None:
            out["remaining_ms"] = max(0, self.ends_at - now)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Timer:
        return cls(cast(TimerStatus, d["status"]), d["label"], d["duration_ms"], d["ends_at"],
                   d["remaining_ms"])


@dataclass(frozen=True)
class Voting:
    """A dot-vote session: the protocol's V shape without its tally."""

    status: VotingStatus = "idle"
    budget: int = 0
    max_per_note: int = 0
    hidden: bool = False
    revealed: bool = False
    # What is voted on: "notes", "clusters" or the workshop's "actions" (a vote's
    # `note` then names a cluster or an action).
    target: VoteTarget = "notes"
    # "dots", or "matrix": each person scores notes on the two `criteria` (board.matrix).
    kind: VoteKind = "dots"
    criteria: tuple[str, ...] = ()

    def tally_visible(self) -> bool:
        return self.status != "idle" and (not self.hidden or self.revealed)

    def as_dict(self, tally: dict[str, int] | None,
                results: dict[str, Any] | None = None) -> dict[str, Any]:
        """The V shape; `tally` (and a matrix vote's `results`) are shown only when
        this session lets everyone see them. A matrix vote adds `kind`, `criteria`
        and `results`; a dot vote's shape is as it was before matrix votes existed."""
        out: dict[str, Any] = {
            "status": self.status, "budget": self.budget, "max_per_note": self.max_per_note,
            "hidden": self.hidden, "revealed": self.revealed, "target": self.target,
            "tally": tally if self.tally_visible() else None}
        if self.kind == "matrix":
            out["kind"] = "matrix"
            out["criteria"] = list(self.criteria)
            out["results"] = (results or {}) if self.tally_visible() else None
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Voting:
        return cls(cast(VotingStatus, d["status"]), d["budget"], d["max_per_note"], d["hidden"],
                   d["revealed"], cast(VoteTarget, d.get("target", "notes")),
                   cast(VoteKind, d.get("kind", "dots")), tuple(d.get("criteria") or ()))


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
    # participant id -> note id -> their scores on the matrix vote's two criteria
    scores: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    locked: bool = False
    # The running round's notes are private until it ends or is revealed.
    private_round: bool = False
    agenda: list[dict[str, Any]] = field(default_factory=list)
    round_index: int | None = None
    # Participants who said they are done (ready-check); a round start clears it.
    ready: set[str] = field(default_factory=set)
    # The workshop's actions (the same in every room's board; votes on them are the room's).
    actions: dict[str, Action] = field(default_factory=dict)
    # The workshop's hackathon, the same in every room's board (board.hackathon).
    hackathon: Hackathon = field(default_factory=lambda: _new_hackathon())

    def tally(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for by_target in self.votes.values():
            for target, n in by_target.items():
                totals[target] = totals.get(target, 0) + n
        return totals

    def results(self) -> dict[str, dict[str, Any]]:
        """A matrix vote's outcome per scored note: the mean of each criterion
        (two decimals) and how many people scored it."""
        sums: dict[str, list[int]] = {}
        for by_note in self.scores.values():
            for note, (a, b) in by_note.items():
                acc = sums.setdefault(note, [0, 0, 0])
                acc[0] += a
                acc[1] += b
                acc[2] += 1
        names = self.voting.criteria
        return {note: {"means": {names[0]: round(a / n, 2), names[1]: round(b / n, 2)},
                       "count": n}
                for note, (a, b, n) in sums.items()} if len(names) == 2 else {}

    def votes_on(self, target: str) -> int:
        return sum(by_target.get(target, 0) for by_target in self.votes.values())

    def snapshot(self) -> dict[str, Any]:
        """The whole board, unredacted, for a snapshot only facilitators may read."""
        return {"seq": self.seq, "notes": [n.as_dict() for n in self.notes.values()],
                "clusters": [c.as_dict() for c in self.clusters.values()],
                "voting": {**self.voting_dict(), "tally": self.tally(),
                           **({"results": self.results()} if self.voting.kind == "matrix"
                              else {})},
                "locked": self.locked, "agenda": self.agenda, "round": self.round_index}

    def voting_dict(self) -> dict[str, Any]:
        return self.voting_as(self.voting)

    def voting_as(self, voting: Voting) -> dict[str, Any]:
        """`voting` (this session, or what it becomes) as the V shape of this board."""
        if voting.kind != "matrix":
            return voting.as_dict(self.tally())
        return voting.as_dict(self.tally(), self.results())


@dataclass(frozen=True)
class NoteOwner:
    """Whose note an event concerns and whether it was private then."""

    author: str | None
    private: bool


@dataclass(frozen=True)
class Event:
    """An accepted change to a room, with its full (unredacted) data.

    `owner` rides along with note moves, groupings and deletions so that
    redaction knows whose note it was, also on replay after the note is gone;
    it is never sent to a client.
    """

    room: str
    seq: int
    op: str
    actor: str | None
    ts: int
    data: dict[str, Any]
    owner: NoteOwner | None = None

    def as_dict(self) -> dict[str, Any]:
        """For the broker: everything, `owner` included (processes only)."""
        owner = None if self.owner is None else [self.owner.author, self.owner.private]
        return {"room": self.room, "seq": self.seq, "op": self.op, "actor": self.actor,
                "ts": self.ts, "data": self.data, "owner": owner}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        owner = d.get("owner")
        return cls(d["room"], d["seq"], d["op"], d["actor"], d["ts"], d["data"],
                   None if owner is None else NoteOwner(owner[0], bool(owner[1])))


def _new_hackathon() -> Hackathon:
    # Imported here: board.hackathon reads this module's BoardState.
    from cocreate.board.hackathon import Hackathon
    return Hackathon()
