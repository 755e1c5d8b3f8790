"""Copies of notes from one room's board on another's, as ordinary board events.

A themed split seeds each room with a frame of copies, teams into rooms seeds
each team's room with its pitch and copies of its source (`board.team_rooms`),
and collecting results brings each room's notes back to the plenary in a
frame. All are written as the events clients already apply (`cluster.add`,
`cluster.rename`, `note.add`, `note.delete`), decided one after another on a
working copy of the board, so that each event's layout holds after the ones
before it, on every client and on replay. A copy keeps its original's text,
colour, author and author group (redaction shows the author as for any note)
and when it was written (so results keep their order), and carries `source`;
it is never private, since private notes are never copied.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from cocreate.board import layout, notes
from cocreate.board.layout import GAP, TIDY_ORIGIN, TIDY_WIDTH, Plan
from cocreate.board.rule import Change, Context
from cocreate.board.state import Actor, BoardState, Event, Note

# Server-made changes pass the rules' role and lock checks as a facilitator would.
_SERVER = Actor("", "facilitator")


@dataclass
class Draft:
    """A board the copies' changes are applied to as they are decided."""

    state: BoardState
    changes: list[Change] = field(default_factory=list)
    # Where the next new frame goes: a row below everything that was on the board.
    _cursor: list[float] = field(default_factory=list)
    _row_h: float = 0.0

    @classmethod
    def of(cls, state: BoardState) -> Draft:
        # The notes, frames and votes the copies' events change; the rest is read only.
        return cls(replace(state, notes={k: replace(n) for k, n in state.notes.items()},
                           clusters={k: replace(c) for k, c in state.clusters.items()},
                           votes={k: dict(v) for k, v in state.votes.items()}))

    def _take(self, change: Change) -> None:
        notes.apply(self.state, Event(self.state.room_id, 0, change.op, None, 0, change.data))
        self.changes.append(change)

    def add_frame(self, title: str, source_room: str, size: int, ctx: Context) -> str:
        """A new frame for `size` notes, in a row below what was on the board."""
        box = layout.frame_box(0, 0, size)
        if not self._cursor:
            plan = Plan(self.state)
            bottom = max((b.y2 for _, _, b in plan.items()), default=None)
            self._cursor = [TIDY_ORIGIN[0], TIDY_ORIGIN[1] if bottom is None
                            else bottom + 4 * GAP]
        x, y = self._cursor
        if x > TIDY_ORIGIN[0] and x + box.w > TIDY_ORIGIN[0] + TIDY_WIDTH:
            x, y = TIDY_ORIGIN[0], y + self._row_h + 2 * GAP
            self._row_h = 0.0
        x, y = Plan(self.state).free_spot(box.w, box.h, x, y)
        self._cursor = [x + box.w + 2 * GAP, y]
        self._row_h = max(self._row_h, box.h)
        cid = ctx.new_id()
        self._take(Change("cluster.add", {"id": cid, "title": title, "x": x, "y": y,
                                          "source": {"room": source_room}, "notes": []}))
        return cid

    def rename_frame(self, cid: str, title: str) -> None:
        cluster = self.state.clusters[cid]
        if cluster.title != title:
            self._take(Change("cluster.rename", {**cluster.as_dict(), "title": title}))

    def delete_note(self, note_id: str, ctx: Context) -> None:
        for change in notes.note_delete(self.state, {"id": note_id}, _SERVER, ctx):
            self._take(change)

    def add_copy(self, cid: str, room_id: str, original: Note, ctx: Context) -> None:
        """A copy of `original` (from `room_id`) in frame `cid`'s next slot."""
        self.add_note(cid, original.text, original.color, original.author,
                      original.author_group, original.created, ctx,
                      source={"room": room_id, "note": original.id})

    def add_note(self, cid: str, text: str, color: str, author: str | None,
                 author_group: str | None, created: int, ctx: Context,
                 source: dict[str, str] | None = None) -> None:
        """A new public note in frame `cid`'s next slot (a copy when it has a `source`)."""
        plan = Plan(self.state)
        note_id = ctx.new_id()
        x, y = self.state.clusters[cid].x, self.state.clusters[cid].y
        plan.add_note(note_id, x, y)
        plan.join(note_id, cid)
        plan.settle([("cluster", cid)])
        nx, ny = plan.notes[note_id]
        note = Note(id=note_id, text=text, color=color, x=nx, y=ny, cluster=cid, author=author,
                    author_group=author_group, created=created, updated=ctx.now,
                    private=False, source=source)
        data = note.as_dict()
        moved = plan.result()
        if moved["notes"] or moved["clusters"]:
            data["layout"] = moved
        self._take(Change("note.add", data))
