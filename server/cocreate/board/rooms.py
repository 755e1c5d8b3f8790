"""Breakout rooms: adding, renaming, archiving, splitting people into them, recall.

An archived room is hidden from room lists and splits but keeps its board
(for the report and for collecting results); archiving moves everyone of
role `participant` in it to the plenary, so nobody is left in a room they
cannot see, and `"archived": false` brings the room back (empty). The
plenary can be neither renamed nor archived: it is where everyone returns.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cocreate.board import names, validate
from cocreate.board.errors import BoardError
from cocreate.board.limits import ROOMS_MAX, TITLE_MAX, ZOOM_MAX
from cocreate.board.mixing import STRATEGIES, MixingError, Person, split_rooms
from cocreate.board.participants import Participant
from cocreate.board.rule import Change, Context
from cocreate.board.state import BoardState

if TYPE_CHECKING:
    from cocreate.board.actions import Action
    from cocreate.board.hackathon import Hackathon, HackathonChange


@dataclass(frozen=True)
class RoomInfo:
    id: str
    name: str
    plenary: bool
    archived: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "plenary": self.plenary,
                "archived": self.archived}


@dataclass
class WorkshopState:
    id: str
    plenary_room_id: str
    rooms: list[RoomInfo]
    participants: list[Participant]
    # title, challenge, constraints, groups, authors, facilitator_sees_authors, language
    settings: dict[str, Any] = field(default_factory=dict)
    # The method templates saved in this workshop (`board.templates`), read only
    # for the template ops.
    templates: list[dict[str, Any]] = field(default_factory=list)
    # World Café: each breakout room's host as stored, and who met whom how
    # often (`rotation.pair` keys; read only for a rotation).
    hosts: dict[str, str] = field(default_factory=dict)
    met: dict[tuple[str, str], int] = field(default_factory=dict)
    # Flags and proposals on its boundaries (board.boundaries), and what the
    # sender may flag, by kind: {"note": ids of the public notes of their room}.
    flags: list[dict[str, Any]] = field(default_factory=list)
    challenges: list[dict[str, Any]] = field(default_factory=list)
    targets: dict[str, frozenset[str]] = field(default_factory=dict)
    # For action ops: the workshop's actions and the sender's room's board.
    actions: dict[str, Action] = field(default_factory=dict)
    room_board: BoardState | None = None
    # Closed (board.lifecycle): read-only until a facilitator reopens it.
    closed: bool = False
    # For hackathon ops: the workshop's hackathon (the sender's board's, all rooms locked).
    hackathon: Hackathon | None = None
    # For jury ops: every juror's scores, pitch by pitch (read only for them: secret).
    jury_scores: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

    def language(self) -> str:
        return str(self.settings.get("language") or names.DEFAULT_LANGUAGE)


@dataclass
class WorkshopChange:
    op: str
    data: dict[str, Any]
    new_rooms: list[RoomInfo] = field(default_factory=list)
    moves: dict[str, str] = field(default_factory=dict)
    removals: list[str] = field(default_factory=list)
    # Rooms whose name or archived flag the change sets, as they are after it.
    changed_rooms: list[RoomInfo] = field(default_factory=list)
    # Rooms whose host the change sets (None: no host any more), and the pairs
    # it seats at one table (see `board.cafe`).
    hosts: dict[str, str | None] = field(default_factory=dict)
    encounters: list[tuple[str, str]] = field(default_factory=list)
    # The workshop's flags or challenges after the change, when it changes them.
    flags: list[dict[str, Any]] | None = None
    challenges: list[dict[str, Any]] | None = None
    # The action an action op wrote, by id: None when it was deleted.
    action: tuple[str, Action | None] | None = None
    # What a hackathon op changed (board.hackathon).
    hackathon: HackathonChange | None = None
    # Board events some rooms get after the change's own (a themed split's seeds,
    # collected results), decided in order on each room's board.
    board_changes: dict[str, list[Change]] = field(default_factory=dict)


def room_add(workshop: WorkshopState, data: dict[str, Any], ctx: Context) -> WorkshopChange:
    room = RoomInfo(ctx.new_id(), validate.text(data, "name", TITLE_MAX, what="room name"), False)
    return WorkshopChange("room.add", {"room": room.as_dict()}, new_rooms=[room])


def room_assign(workshop: WorkshopState, data: dict[str, Any]) -> WorkshopChange:
    pid = validate.ident(data, "participant")
    room_id = validate.ident(data, "room")
    if not any(p.id == pid for p in workshop.participants):
        raise BoardError("not_found", "no such participant in this workshop")
    room = _room(workshop, room_id)
    if room.archived:
        raise BoardError("invalid", "that room is archived; restore it first")
    return WorkshopChange("room.assign", {"participant": pid, "room": room.id},
                          moves={pid: room.id})


def room_rename(workshop: WorkshopState, data: dict[str, Any]) -> WorkshopChange:
    room = _room(workshop, validate.ident(data, "room"))
    name = validate.text(data, "name", TITLE_MAX, what="room name").strip()
    if room.plenary:
        raise BoardError("invalid", "the plenary keeps its name")
    renamed = RoomInfo(room.id, name, False, room.archived)
    return WorkshopChange("room.rename", {"room": renamed.as_dict()}, changed_rooms=[renamed])


def room_archive(workshop: WorkshopState, data: dict[str, Any]) -> WorkshopChange:
    """Archive (or with `archived: false` restore) a breakout room. Its
    participants go to the plenary; facilitators and walls stay, since they
    may open any room, archived ones included."""
    room = _room(workshop, validate.ident(data, "room"))
    archived = validate.boolean(data, "archived", True)
    if room.plenary:
        raise BoardError("invalid", "the plenary cannot be archived")
    moves = {p.id: workshop.plenary_room_id for p in workshop.participants
             if archived and p.role == "participant" and p.room_id == room.id}
    changed = RoomInfo(room.id, room.name, False, archived)
    return WorkshopChange("room.archive", {"room": changed.as_dict(), "moves": moves},
                          moves=dict(moves), changed_rooms=[changed])


def summon(workshop: WorkshopState, data: dict[str, Any], room_id: str) -> WorkshopChange:
    """Bring the participants of `data["room"]` (by default `room_id`, the
    sender's; with `all`, of every room) to that room and, with a viewport, to
    that part of its board. The overview names a room: its socket is elsewhere."""
    validate.expect(data, all="bool?", room="id?")
    everyone = bool(data.get("all", False))
    room = _room(workshop, validate.optional_ident(data, "room") or room_id)
    if room.archived:
        raise BoardError("invalid", "that room is archived; restore it first")
    viewport = viewport_of(data.get("viewport"))
    moves = {p.id: room.id for p in workshop.participants
             if everyone and p.role == "participant" and p.room_id != room.id}
    return WorkshopChange("summon", {"room": room.id, "viewport": viewport, "all": everyone},
                          moves=moves)


def viewport_of(value: Any) -> dict[str, float] | None:
    """A viewport `{"x", "y", "zoom"}` (None stays None): the board point at the
    view's centre, and its zoom."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BoardError("bad_message", "'viewport' must be an object with x, y and zoom")
    validate.expect(value, x="num", y="num", zoom="num")
    zoom = float(value["zoom"])
    if not 0 < zoom <= ZOOM_MAX:
        raise BoardError("invalid", f"'zoom' must be above 0 and at most {ZOOM_MAX:g}")
    return {"x": validate.number(value, "x"), "y": validate.number(value, "y"), "zoom": zoom}


def rooms_recall(workshop: WorkshopState) -> WorkshopChange:
    plenary = workshop.plenary_room_id
    moves = {p.id: plenary for p in workshop.participants
             if p.role == "participant" and p.room_id != plenary}
    return WorkshopChange("rooms.recall", {"room": plenary}, moves=moves)


def rooms_split(workshop: WorkshopState, data: dict[str, Any], ctx: Context,
                rng: random.Random) -> WorkshopChange:
    """Split every participant into `count` rooms. With `reuse`, the breakout
    rooms that are not archived come first, in their order, boards and names
    kept; only the rooms missing are made, named in the workshop's language
    after the highest number any breakout room has had ("Room 4" after three)."""
    count = validate.integer(data, "count")
    strategy = validate.choice(data, "strategy", (*STRATEGIES, "themes"), "mix")
    reuse = validate.boolean(data, "reuse", False)
    balance = balance_of(data, strategy)
    if not 1 <= count <= ROOMS_MAX:
        raise BoardError("invalid", f"split into 1 to {ROOMS_MAX} rooms")
    breakouts = [r for r in workshop.rooms if not r.plenary]
    kept = [r for r in breakouts if not r.archived][:count] if reuse else []
    made = [RoomInfo(ctx.new_id(), names.breakout_room(workshop.language(), len(breakouts) + i + 1),
                     False) for i in range(count - len(kept))]
    rooms = kept + made
    people = [Person(p.id, p.group, p.organisation, p.site) for p in workshop.participants
              if p.role == "participant"]
    try:
        assignments = split_rooms(people, [r.id for r in rooms],
                                  "random" if strategy == "random" else "mix", rng,
                                  balance_sites="site" in balance)
    except MixingError as e:
        raise BoardError("invalid", str(e)) from None
    return WorkshopChange("rooms.split",
                          {"assignments": assignments, "rooms": [r.as_dict() for r in rooms]},
                          new_rooms=made, moves=dict(assignments))


BALANCES = ("group", "site")


def balance_of(data: dict[str, Any], strategy: str) -> list[str]:
    """What a mixed split balances across rooms: stakeholder groups always, and
    on-site and remote people with "site"."""
    balance = validate.text_list(data, "balance", 8, len(BALANCES)) if "balance" in data \
        else ["group"]
    if any(b not in BALANCES for b in balance):
        raise BoardError("invalid", "'balance' may hold 'group' and 'site'")
    if "site" in balance and strategy == "random":
        raise BoardError("invalid", "only the mix and themes strategies balance sites")
    return balance


def _room(workshop: WorkshopState, room_id: str) -> RoomInfo:
    room = next((r for r in workshop.rooms if r.id == room_id), None)
    if room is None:
        raise BoardError("not_found", "no such room in this workshop")
    return room
