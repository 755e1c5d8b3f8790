"""`notes.paste`: many lines (a pasted list, a spreadsheet column) as notes, in
one op and one event, laid out in a grid from where they were pasted."""

from __future__ import annotations

import math
from typing import Any

from cocreate.board import layout, validate
from cocreate.board.errors import BoardError
from cocreate.board.layout import GAP, MAX_COLS, NOTE_H, NOTE_W, Plan
from cocreate.board.limits import NOTE_TEXT_MAX, PASTE_LINES_MAX
from cocreate.board.notes import apply as apply_note
from cocreate.board.rule import Change, Context
from cocreate.board.state import DEFAULT_COLOR, Actor, BoardState, Event, Note


def pasted_lines(data: dict[str, Any]) -> list[str]:
    """The non-blank lines, each a note's text (1..NOTE_TEXT_MAX once trimmed)."""
    lines = data["lines"]
    if not all(isinstance(line, str) for line in lines):
        raise BoardError("bad_message", "'lines' must be a list of strings")
    kept = [line for line in lines if line.strip()]
    if not kept:
        raise BoardError("invalid", "give at least one line that is not blank")
    if len(kept) > PASTE_LINES_MAX:
        raise BoardError("invalid", f"{len(kept)} lines; at most {PASTE_LINES_MAX} at once")
    return [validate.text({"text": line}, "text", NOTE_TEXT_MAX, what=f"line {i + 1}")
            for i, line in enumerate(kept)]


def notes_paste(state: BoardState, data: dict[str, Any], actor: Actor,
                ctx: Context) -> list[Change]:
    """The rules of `note.add` for each line: the lock, a private round, a cluster."""
    validate.expect(data, lines="list", color="str?", x="num?", y="num?", cluster="id?")
    cluster = validate.optional_ident(data, "cluster")
    if cluster is not None and cluster not in state.clusters:
        raise BoardError("not_found", "that cluster does not exist (it may have been deleted)")
    texts = pasted_lines(data)
    color = validate.color(data, DEFAULT_COLOR) or DEFAULT_COLOR
    x0 = validate.number(data, "x", 0)
    y0 = validate.number(data, "y", 0)
    if state.locked and actor.role != "facilitator":
        raise BoardError("locked", "the facilitator has locked the board")
    cols = min(MAX_COLS, math.ceil(math.sqrt(len(texts))))
    plan = Plan(state)
    own = [layout.note_box(n.x, n.y) for n in state.notes.values()
           if n.private and n.author == actor.id]
    notes = []
    for i, text in enumerate(texts):
        x = x0 + (i % cols) * (NOTE_W + GAP)
        y = y0 + (i // cols) * (NOTE_H + GAP)
        note = Note(id=ctx.new_id(), text=text, color=color, x=x, y=y, cluster=cluster,
                    author=actor.id, author_group=actor.group, created=ctx.now,
                    updated=ctx.now, private=state.private_round)
        if note.private:
            note.x, note.y = plan.free_spot(NOTE_W, NOTE_H, x, y, extra=own)
            own.append(layout.note_box(note.x, note.y))
        elif cluster is not None:
            plan.add_note(note.id, x, y)
            plan.join(note.id, cluster)
        else:
            note.x, note.y = plan.free_spot(NOTE_W, NOTE_H, x, y)
            plan.add_note(note.id, note.x, note.y)
        notes.append(note)
    if cluster is not None and not state.private_round:
        plan.settle([("cluster", cluster)])
        for note in notes:
            note.x, note.y = plan.notes[note.id]
    out: dict[str, Any] = {"notes": [n.as_dict() for n in notes]}
    moved = plan.result()
    if moved["notes"] or moved["clusters"]:
        out["layout"] = moved
    return [Change("notes.paste", out)]


def apply(state: BoardState, event: Event) -> None:
    for note in event.data["notes"]:
        apply_note(state, Event(event.room, event.seq, "note.add", event.actor, event.ts, note))
    layout.apply_layout(state, event.data.get("layout"))
