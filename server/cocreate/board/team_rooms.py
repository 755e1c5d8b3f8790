"""`teams.to_rooms`: every viable hackathon team into a breakout room of its own.

Each viable team (`board.teams.viability`, as its pitch shows it) gets a new room
named after its pitch; no room is reused. The room's board is seeded, as a themed
split seeds its rooms (`board.copies`), with one frame titled with the pitch: a
note holding the pitch (its title, a blank line, its text; the holder as author),
then copies of its source, when the pitch has one still on its board: the note,
or the public notes of the cluster, each copy carrying `"source": {"room", "note"}`.
Every member of the team who is a participant is moved there (a `moved` frame, as
after a split); members of teams that are not viable, people in no team,
facilitators, walls and jurors stay where they are. No viable team: `invalid`.
"""

from __future__ import annotations

from cocreate.board import teams
from cocreate.board.copies import Draft
from cocreate.board.errors import BoardError
from cocreate.board.hackathon import PHASES_OF, Hackathon, Pitch, pitch_view
from cocreate.board.layout import Plan
from cocreate.board.limits import NOTE_TEXT_MAX, ROOMS_MAX, TITLE_MAX
from cocreate.board.participants import Participant
from cocreate.board.rooms import RoomInfo, WorkshopChange, WorkshopState
from cocreate.board.rule import Change, Context
from cocreate.board.state import DEFAULT_COLOR, BoardState, Note

OP = "teams.to_rooms"


def teams_to_rooms(workshop: WorkshopState, actor_role: str, boards: dict[str, BoardState],
                   ctx: Context) -> WorkshopChange:
    """`{"rooms": [R], "assignments": {participant_id: room_id}, "pitches": {pitch_id:
    room_id}}`; `boards` holds every room's board (where a pitch's source is)."""
    if actor_role != "facilitator":
        raise BoardError("forbidden", f"only a facilitator may send {OP}")
    hack = workshop.hackathon or Hackathon()
    phases = PHASES_OF[OP]
    if hack.phase not in phases:
        raise BoardError("invalid", f"{OP} is accepted in the {' or '.join(phases)} phase; "
                                    f"this is the {hack.phase} phase")
    people = {p.id: p for p in workshop.participants}
    rule = teams.team_rule(workshop.settings.get("team_rule"),
                           workshop.settings.get("groups") or [])
    viable = [p for p in hack.pitches.values()
              if pitch_view(p, people, rule)["viability"]["viable"]]
    if not viable:
        raise BoardError("invalid", "no team is viable yet, so there is no team to give a "
                                    "room: complete a team first")
    if len(viable) > ROOMS_MAX:
        raise BoardError("invalid", f"{len(viable)} viable teams; rooms are made for at most "
                                    f"{ROOMS_MAX} at once")
    rooms: list[RoomInfo] = []
    assignments: dict[str, str] = {}
    seeds: dict[str, list[Change]] = {}
    for pitch in viable:
        room = RoomInfo(ctx.new_id(), pitch.title.strip()[:TITLE_MAX], False)
        rooms.append(room)
        seeds[room.id] = seed(pitch, people, source_notes(pitch, boards),
                              workshop.plenary_room_id, room.id, ctx)
        for member in pitch.members:
            person = people.get(member)
            if person is not None and person.role == "participant":
                assignments[member] = room.id
    return WorkshopChange(
        OP, {"rooms": [r.as_dict() for r in rooms], "assignments": assignments,
             "pitches": {p.id: r.id for p, r in zip(viable, rooms, strict=True)}},
        new_rooms=rooms, moves=dict(assignments), board_changes=seeds)


def source_notes(pitch: Pitch, boards: dict[str, BoardState]) -> list[tuple[str, Note]]:
    """`(room_id, note)` of what the pitch came from, as it is now: its source note,
    or the public notes of its source cluster in reading order; none when that is
    gone (or a note is private again, after a restore)."""
    source = pitch.source or {}
    board = boards.get(source.get("room", ""))
    if board is None:
        return []
    if "note" in source:
        note = board.notes.get(source["note"])
        return [] if note is None or note.private else [(board.room_id, note)]
    if source.get("cluster") in board.clusters:
        members = Plan(board).members[source["cluster"]]  # public notes, reading order
        return [(board.room_id, board.notes[i]) for i in members]
    return []


def pitch_text(pitch: Pitch) -> str:
    """The seed note's text: the title, a blank line, the text (cut to a note's limit)."""
    text = f"{pitch.title.strip()}\n\n{pitch.text.strip()}".strip()
    return text if len(text) <= NOTE_TEXT_MAX else text[:NOTE_TEXT_MAX - 1].rstrip() + "…"


def seed(pitch: Pitch, people: dict[str, Participant], originals: list[tuple[str, Note]],
         frame_source: str, room_id: str, ctx: Context) -> list[Change]:
    """The new room's board events: a frame titled with the pitch, the pitch's note,
    then a copy of each original."""
    draft = Draft.of(BoardState(room_id))
    frame = draft.add_frame(pitch.title.strip()[:TITLE_MAX], frame_source,
                            1 + len(originals), ctx)
    holder = people.get(pitch.holder)
    draft.add_note(frame, pitch_text(pitch), DEFAULT_COLOR, pitch.holder,
                   holder.group if holder is not None else None, pitch.created, ctx)
    for source_room, note in originals:
        draft.add_copy(frame, source_room, note, ctx)
    return draft.changes

