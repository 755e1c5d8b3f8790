"""Themes into rooms and results back: a split with one room per theme, and collecting.

`rooms.split` with strategy `themes` makes one breakout room per chosen
cluster or note of the plenary, named after it, seeds its board with a frame
of copies of the theme's public notes, and mixes people as `mix` does.
`rooms.collect` brings every breakout room's public notes back to the
plenary, one frame per room titled with the room's name, in rank order by the
room's votes where everyone may see them (a hidden vote orders nothing until
it is revealed); collecting again refreshes that room's frame in place.
"""

from __future__ import annotations

import random
from typing import Any

from cocreate.board import validate
from cocreate.board.copies import Draft
from cocreate.board.errors import BoardError
from cocreate.board.layout import Plan
from cocreate.board.limits import COLLECT_TOP_MAX, ROOMS_MAX, TITLE_MAX
from cocreate.board.mixing import MixingError, Person, split_rooms
from cocreate.board.rooms import RoomInfo, WorkshopChange, WorkshopState, balance_of
from cocreate.board.rule import Change, Context
from cocreate.board.state import BoardState, Note

# A room named after a note takes the start of its first line.
_NOTE_NAME_MAX = 60


def split_by_themes(workshop: WorkshopState, data: dict[str, Any], boards: dict[str, BoardState],
                    ctx: Context, rng: random.Random) -> WorkshopChange:
    """One room per theme; `boards` holds the board of every room of the workshop."""
    # Checked in the protocol's precedence: types, then what is missing, then values.
    validate.expect(data, clusters="ids?", notes="ids?", reuse="bool?")
    reuse = validate.boolean(data, "reuse", False)
    balance = data.get("balance")
    if balance is not None and not (isinstance(balance, list)
                                    and all(isinstance(b, str) for b in balance)):
        raise BoardError("bad_message", "'balance' must be a list of strings")
    kind = "clusters" if "clusters" in data else "notes"
    ids = validate.id_list(data, kind)
    plenary = boards[workshop.plenary_room_id]
    known = plenary.clusters if kind == "clusters" else plenary.notes
    if any(i not in known for i in ids):
        raise BoardError("not_found", f"no such {kind[:-1]} in the plenary")
    balance_sites = "site" in balance_of(data, "themes")
    if "count" in data:
        raise BoardError("invalid", "a split by themes makes one room per theme: leave out "
                                    "'count'")
    if ("clusters" in data) == ("notes" in data):
        raise BoardError("invalid", "a split by themes takes 'clusters' or 'notes' (one of them)")
    if not 1 <= len(ids) <= ROOMS_MAX:
        raise BoardError("invalid", f"choose 1 to {ROOMS_MAX} themes")
    themes = [_cluster_theme(plenary, i) if kind == "clusters" else _note_theme(plenary, i)
              for i in ids]
    breakouts = [r for r in workshop.rooms if not r.plenary]
    kept = [r for r in breakouts if not r.archived][:len(themes)] if reuse else []
    renamed = [RoomInfo(r.id, name, False) for r, (name, _) in zip(kept, themes, strict=False)]
    made = [RoomInfo(ctx.new_id(), name, False) for name, _ in themes[len(kept):]]
    rooms = renamed + made
    people = [Person(p.id, p.group, p.organisation, p.site) for p in workshop.participants
              if p.role == "participant"]
    try:
        assignments = split_rooms(people, [r.id for r in rooms], "mix", rng,
                                  balance_sites=balance_sites)
    except MixingError as e:
        raise BoardError("invalid", str(e)) from None
    seeds: dict[str, list[Change]] = {}
    for room, (name, originals) in zip(rooms, themes, strict=True):
        draft = Draft.of(boards.get(room.id) or BoardState(room.id))
        frame = draft.add_frame(name, workshop.plenary_room_id, len(originals), ctx)
        for note in originals:
            draft.add_copy(frame, workshop.plenary_room_id, note, ctx)
        seeds[room.id] = draft.changes
    return WorkshopChange(
        "rooms.split",
        {"assignments": assignments, "rooms": [r.as_dict() for r in rooms],
         "themes": {room.id: {kind[:-1]: i} for room, i in zip(rooms, ids, strict=True)}},
        new_rooms=made, moves=dict(assignments), changed_rooms=renamed, board_changes=seeds)


def _cluster_theme(plenary: BoardState, cluster_id: str) -> tuple[str, list[Note]]:
    cluster = plenary.clusters[cluster_id]
    members = Plan(plenary).members[cluster_id]  # its public notes, in reading order
    return cluster.title.strip()[:TITLE_MAX], [plenary.notes[i] for i in members]


def _note_theme(plenary: BoardState, note_id: str) -> tuple[str, list[Note]]:
    note = plenary.notes[note_id]
    if note.private:
        raise BoardError("invalid", "a private note cannot be a theme until it is revealed")
    first = note.text.strip().splitlines()[0].strip()
    name = first if len(first) <= _NOTE_NAME_MAX else first[:_NOTE_NAME_MAX - 1].rstrip() + "…"
    return name, [note]


def rooms_collect(workshop: WorkshopState, data: dict[str, Any], boards: dict[str, BoardState],
                  ctx: Context) -> WorkshopChange:
    """Every breakout room's results into the plenary (see the module docstring).
    Rooms with no public note are left out, and so is their earlier frame."""
    validate.expect(data, top="int?")
    top = data.get("top")
    if top is not None and not 1 <= top <= COLLECT_TOP_MAX:
        raise BoardError("invalid", f"'top' must be 1 to {COLLECT_TOP_MAX}")
    plenary_id = workshop.plenary_room_id
    draft = Draft.of(boards[plenary_id])
    frames: dict[str, str] = {}
    for room in workshop.rooms:
        if room.plenary:
            continue
        results = ranked(boards[room.id])[:top]
        if not results:
            continue
        frame = _collected_frame(draft.state, room.id)
        if frame is None:
            frame = draft.add_frame(room.name, room.id, len(results), ctx)
        else:
            draft.rename_frame(frame, room.name)
            for note in list(draft.state.notes.values()):
                if note.cluster == frame and (note.source or {}).get("room") == room.id:
                    draft.delete_note(note.id, ctx)
        for note in results:
            draft.add_copy(frame, room.id, note, ctx)
        frames[room.id] = frame
    return WorkshopChange("rooms.collect", {"rooms": frames, "top": top},
                          board_changes={plenary_id: draft.changes})


def _collected_frame(plenary: BoardState, room_id: str) -> str | None:
    return next((c.id for c in plenary.clusters.values()
                 if (c.source or {}).get("room") == room_id), None)


def ranked(state: BoardState) -> list[Note]:
    """A room's public notes, most votes first where the tally is visible to
    everyone (by their cluster's votes when clusters were voted on); otherwise,
    and on a tie, in the order they were written."""
    public = sorted((n for n in state.notes.values() if not n.private),
                    key=lambda n: (n.created, n.id))
    if not state.voting.tally_visible():
        return public
    tally = state.tally()
    if state.voting.target == "clusters":
        return sorted(public, key=lambda n: -tally.get(n.cluster or "", 0))
    return sorted(public, key=lambda n: -tally.get(n.id, 0))
