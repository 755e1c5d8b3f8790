"""A room's board in small, for the facilitator's all-rooms overview.

The console draws it as a thumbnail, so it carries only where things are,
their colours and the first words of each: no ids, no authors. It is
stricter than the board a facilitator opens. Private notes are counted but
never drawn (the overview is the screen a facilitator puts on a shared
display, and a silent round's notes are no one's to show), and vote counts
appear only while the room's tally is visible to everyone, so a hidden vote
orders nothing and shows nothing before its reveal (`board.redaction` rules).

Its size is bounded whatever the board holds: at most `NOTES_MAX` notes (the
most recently changed ones) and `CLUSTERS_MAX` frames, texts cut to
`TEXT_MAX` characters, coordinates rounded to whole board units.
"""

from __future__ import annotations

from typing import Any

from cocreate.board.layout import NOTE_H, NOTE_W, Box, frame_box
from cocreate.board.state import BoardState

NOTES_MAX = 60
CLUSTERS_MAX = 20
TEXT_MAX = 40


def _cut(text: str) -> str:
    return " ".join(text.split())[:TEXT_MAX]


def _bounds(boxes: list[Box]) -> dict[str, int]:
    if not boxes:
        return {"x": 0, "y": 0, "w": 0, "h": 0}
    x, y = min(b.x for b in boxes), min(b.y for b in boxes)
    return {"x": round(x), "y": round(y), "w": round(max(b.x2 for b in boxes) - x),
            "h": round(max(b.y2 for b in boxes) - y)}


def preview(state: BoardState) -> dict[str, Any]:
    """The protocol's PV shape of `state`: the same for every facilitator."""
    public = [n for n in state.notes.values() if not n.private]
    tally = state.tally() if state.voting.tally_visible() else None
    note_votes = tally if tally is not None and state.voting.target == "notes" else None
    frame_votes = tally if tally is not None and state.voting.target == "clusters" else None
    members: dict[str, int] = {}
    for n in public:
        if n.cluster is not None:
            members[n.cluster] = members.get(n.cluster, 0) + 1
    frames = []
    boxes = [Box(n.x, n.y, NOTE_W, NOTE_H) for n in public]
    for c in state.clusters.values():
        box = frame_box(c.x, c.y, members.get(c.id, 0))
        boxes.append(box)
        frame: dict[str, Any] = {"x": round(box.x), "y": round(box.y), "w": round(box.w),
                                 "h": round(box.h), "title": _cut(c.title),
                                 "notes": members.get(c.id, 0)}
        if frame_votes is not None:
            frame["votes"] = frame_votes.get(c.id, 0)
        frames.append(frame)
    # The biggest frames first: they are what the text alternative names.
    frames.sort(key=lambda f: (-f["notes"], f["title"]))
    shown = sorted(public, key=lambda n: (-n.updated, n.id))[:NOTES_MAX]
    notes = []
    for n in sorted(shown, key=lambda n: (n.created, n.id)):
        note: dict[str, Any] = {"x": round(n.x), "y": round(n.y), "color": n.color,
                                "text": _cut(n.text)}
        if note_votes is not None:
            note["votes"] = note_votes.get(n.id, 0)
        notes.append(note)
    return {"bounds": _bounds(boxes), "notes": notes, "clusters": frames[:CLUSTERS_MAX],
            "more": len(public) - len(shown), "private": len(state.notes) - len(public)}
