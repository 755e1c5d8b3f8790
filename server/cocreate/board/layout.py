"""Where notes and cluster frames sit: the board's layout, decided on the server.

A cluster is a frame that lays its notes out itself: a grid of at most
`MAX_COLS` columns under a header, growing and shrinking with its notes. A
frame that appears or grows never covers a note or another frame: what it
would cover moves aside to the nearest free spot. Only public notes take part;
a private note keeps the spot its author chose (no one else sees it, so it may
not push anything) until it is revealed, when it is placed like a new note.

Every position decided here goes into the event (`"layout"`), so each client
and every replay applies the same board; nothing here reads a clock or draws.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cocreate.board.state import BoardState, Event, Note

NOTE_W = 200
NOTE_H = 150
GAP = 16  # between notes in a frame, and the least space free-space placement leaves
PAD = 18  # a frame's inner margin left, right and below its notes
HEAD = 52  # a frame's header: its notes start below it
MAX_COLS = 4
TIDY_ORIGIN = (40.0, 60.0)
TIDY_WIDTH = 1800  # a tidy row of frames wraps past this width
_STEP = 40  # free-space search: the lattice step around the wanted spot
_RINGS = 30  # and how far out it looks before it goes below everything


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def x2(self) -> float:
        return self.x + self.w

    @property
    def y2(self) -> float:
        return self.y + self.h

    def clashes(self, other: Box, margin: float = GAP / 2) -> bool:
        """Closer than `margin` to `other` (touching frames look like one)."""
        return (self.x < other.x2 + margin and other.x < self.x2 + margin
                and self.y < other.y2 + margin and other.y < self.y2 + margin)

    def holds(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x2 and self.y <= y <= self.y2


def grid(count: int) -> tuple[int, int]:
    """Columns and rows of a frame holding `count` notes (an empty one holds one)."""
    cols = min(MAX_COLS, max(1, math.ceil(math.sqrt(count))))
    return cols, max(1, math.ceil(count / cols))


def frame_box(x: float, y: float, count: int) -> Box:
    cols, rows = grid(count)
    return Box(x, y, 2 * PAD + cols * NOTE_W + (cols - 1) * GAP,
               HEAD + rows * NOTE_H + (rows - 1) * GAP + PAD)


def slot(x: float, y: float, count: int, index: int) -> tuple[float, float]:
    cols, _ = grid(count)
    return (x + PAD + (index % cols) * (NOTE_W + GAP),
            y + HEAD + (index // cols) * (NOTE_H + GAP))


def note_box(x: float, y: float) -> Box:
    return Box(x, y, NOTE_W, NOTE_H)


def reading_order(note: Note, top: float) -> tuple[float, float, int, str]:
    """Row by row, left to right: where a note sits in (or was dropped on) a frame."""
    return (math.floor((note.y - top + (NOTE_H + GAP) / 2) / (NOTE_H + GAP)), note.x,
            note.created, note.id)


class Plan:
    """A working copy of a board's public layout; `result()` says what moved.

    Rules change membership and positions here, then call `settle` for the
    frames that appeared or grew, and put `result()` into their event.
    """

    def __init__(self, state: BoardState) -> None:
        self._state = state
        self.notes: dict[str, list[float]] = {
            n.id: [n.x, n.y] for n in state.notes.values() if not n.private}
        self.clusters: dict[str, list[float]] = {
            c.id: [c.x, c.y] for c in state.clusters.values()}
        grouped: dict[str, list[Note]] = {cid: [] for cid in self.clusters}
        for n in state.notes.values():
            if n.cluster in grouped and not n.private:
                grouped[n.cluster].append(n)
        self.members: dict[str, list[str]] = {}
        for cid, public in grouped.items():
            top = self.clusters[cid][1] + HEAD
            self.members[cid] = [n.id for n in sorted(public, key=lambda n: reading_order(n, top))]
        self._before = ({k: tuple(v) for k, v in self.notes.items()},
                        {k: tuple(v) for k, v in self.clusters.items()})

    # Boxes

    def cluster_box(self, cid: str) -> Box:
        x, y = self.clusters[cid]
        return frame_box(x, y, len(self.members[cid]))

    def cluster_of(self, note_id: str) -> str | None:
        for cid, ids in self.members.items():
            if note_id in ids:
                return cid
        return None

    def free_notes(self) -> list[str]:
        grouped = {i for ids in self.members.values() for i in ids}
        return [i for i in self.notes if i not in grouped]

    def items(self) -> list[tuple[str, str, Box]]:
        """What stands on the board on its own: free notes and frames."""
        out = [("note", i, note_box(*self.notes[i])) for i in self.free_notes()]
        out += [("cluster", c, self.cluster_box(c)) for c in self.clusters]
        return out

    def frame_at(self, x: float, y: float, skip: str | None = None) -> str | None:
        """The frame holding point (x, y), the topmost (last added) first."""
        for cid in reversed(list(self.clusters)):
            if cid != skip and self.cluster_box(cid).holds(x, y):
                return cid
        return None

    # Changes

    def add_note(self, note_id: str, x: float, y: float) -> None:
        self.notes[note_id] = [x, y]

    def remove_note(self, note_id: str) -> None:
        self.leave(note_id)
        self.notes.pop(note_id, None)

    def leave(self, note_id: str) -> str | None:
        cid = self.cluster_of(note_id)
        if cid is not None:
            self.members[cid].remove(note_id)
            self.reflow(cid)
        return cid

    def join(self, note_id: str, cid: str, by_position: bool = False) -> None:
        """Put a note into a frame: last, or where it was dropped (`by_position`)."""
        self.leave(note_id)
        ids = self.members[cid]
        if by_position:
            # The slot nearest the drop in the frame as it will be. Compared with the
            # others' places after the gap it left had closed, a note dropped back on
            # its own slot went one slot on.
            fx, fy = self.clusters[cid]
            x, y = self.notes[note_id]
            count = len(ids) + 1
            index = min(range(count), key=lambda k: math.dist(slot(fx, fy, count, k), (x, y)))
            ids.insert(index, note_id)
        else:
            ids.append(note_id)
        self.reflow(cid)

    def add_cluster(self, cid: str, x: float, y: float) -> None:
        self.clusters[cid] = [x, y]
        self.members[cid] = []

    def remove_cluster(self, cid: str) -> None:
        del self.clusters[cid]
        del self.members[cid]

    def move_cluster(self, cid: str, x: float, y: float) -> None:
        self.clusters[cid] = [x, y]
        self.reflow(cid)

    def reflow(self, cid: str) -> None:
        x, y = self.clusters[cid]
        ids = self.members[cid]
        for index, note_id in enumerate(ids):
            self.notes[note_id] = list(slot(x, y, len(ids), index))

    def shift(self, kind: str, item: str, x: float, y: float) -> None:
        if kind == "cluster":
            self.move_cluster(item, x, y)
        else:
            self.notes[item] = [x, y]

    # Free space

    def free_spot(self, w: float, h: float, x: float, y: float,
                  skip: Iterable[tuple[str, str]] = (),
                  extra: Iterable[Box] = ()) -> tuple[float, float]:
        """The nearest spot to (x, y) where a w×h box keeps `GAP` from everything."""
        skipped = set(skip)
        obstacles = [b for kind, i, b in self.items() if (kind, i) not in skipped]
        obstacles += list(extra)
        return nearest_free(w, h, x, y, obstacles)

    def settle(self, anchors: Iterable[tuple[str, str]]) -> None:
        """Move aside, to the nearest free spot, whatever an anchor's box covers."""
        fixed = list(dict.fromkeys(anchors))
        anchor_boxes = [self._box(kind, i) for kind, i in fixed]
        placed = set(fixed)
        crowd = [(kind, i, b) for kind, i, b in self.items() if (kind, i) not in placed]
        crowd.sort(key=lambda item: (item[2].y, item[2].x, item[1]))
        for kind, i, b in crowd:
            if not any(b.clashes(a) for a in anchor_boxes):
                continue
            nx, ny = self.free_spot(b.w, b.h, b.x, b.y, skip=[(kind, i)])
            self.shift(kind, i, nx, ny)
            anchor_boxes.append(self._box(kind, i))

    def _box(self, kind: str, item: str) -> Box:
        return self.cluster_box(item) if kind == "cluster" else note_box(*self.notes[item])

    def result(self) -> dict[str, list[dict[str, Any]]]:
        """What moved: `{"notes": [{"id", "x", "y"}], "clusters": [...]}`."""
        notes_before, clusters_before = self._before
        return {
            "notes": [{"id": i, "x": p[0], "y": p[1]} for i, p in self.notes.items()
                      if i in notes_before and tuple(p) != notes_before[i]],
            "clusters": [{"id": i, "x": p[0], "y": p[1]} for i, p in self.clusters.items()
                         if i in clusters_before and tuple(p) != clusters_before[i]],
        }


def _ring_order(rings: int) -> list[int]:
    """Lattice cells of a (2r+1)² square, nearest to the centre first (row-major indices)."""
    side = 2 * rings + 1
    cells = [(dx, dy) for dy in range(-rings, rings + 1) for dx in range(-rings, rings + 1)]
    cells.sort(key=lambda d: (d[0] * d[0] + d[1] * d[1], d[1], d[0]))
    return [(dy + rings) * side + (dx + rings) for dx, dy in cells]


_ORDER = _ring_order(_RINGS)
_SIDE = 2 * _RINGS + 1


def nearest_free(w: float, h: float, x: float, y: float,
                 obstacles: list[Box]) -> tuple[float, float]:
    """The nearest lattice spot around (x, y) that keeps `GAP` from every obstacle; past
    the lattice, below everything.

    Each obstacle blocks a rectangle of lattice cells (where a w×h box would come too
    close to it), marked row by row; the first unmarked cell in distance order wins.
    """
    want = Box(x, y, w, h)
    if not any(want.clashes(b, GAP) for b in obstacles):
        return x, y
    blocked = bytearray(_SIDE * _SIDE)
    for b in obstacles:
        # Cells i with x + i*STEP in (b.x - w - GAP, b.x2 + GAP), likewise for rows.
        lo_x = math.floor((b.x - w - GAP - x) / _STEP) + 1
        hi_x = math.ceil((b.x2 + GAP - x) / _STEP) - 1
        lo_y = math.floor((b.y - h - GAP - y) / _STEP) + 1
        hi_y = math.ceil((b.y2 + GAP - y) / _STEP) - 1
        if hi_x < -_RINGS or lo_x > _RINGS or hi_y < -_RINGS or lo_y > _RINGS:
            continue
        lo_x, hi_x = max(lo_x, -_RINGS) + _RINGS, min(hi_x, _RINGS) + _RINGS
        ones = b"\x01" * (hi_x - lo_x + 1)
        for row in range(max(lo_y, -_RINGS) + _RINGS, min(hi_y, _RINGS) + _RINGS + 1):
            blocked[row * _SIDE + lo_x: row * _SIDE + hi_x + 1] = ones
    free = bytes(map(blocked.__getitem__, _ORDER)).find(0)
    if free >= 0:
        cell = _ORDER[free]
        return (x + (cell % _SIDE - _RINGS) * _STEP, y + (cell // _SIDE - _RINGS) * _STEP)
    bottom = max((b.y2 for b in obstacles), default=y)
    return x, max(y, bottom + GAP + 1)


def tidy(plan: Plan, order: list[str]) -> None:
    """The whole board in rows: frames first (wrapping at `TIDY_WIDTH`), then loose notes."""
    ox, oy = TIDY_ORIGIN
    x, y, row_h = ox, oy, 0.0
    for cid in order:
        box = plan.cluster_box(cid)
        if x > ox and x + box.w > ox + TIDY_WIDTH:
            x, y, row_h = ox, y + row_h + 2 * GAP, 0.0
        plan.move_cluster(cid, x, y)
        x += box.w + 2 * GAP
        row_h = max(row_h, box.h)
    if order:
        y += row_h + 2 * GAP
    loose = sorted(plan.free_notes(), key=lambda i: (plan.notes[i][1], plan.notes[i][0], i))
    cols = max(1, int((TIDY_WIDTH + GAP) // (NOTE_W + GAP)))
    for index, note_id in enumerate(loose):
        plan.notes[note_id] = [ox + (index % cols) * (NOTE_W + GAP),
                               y + (index // cols) * (NOTE_H + GAP)]


def apply_layout(state: BoardState, layout: dict[str, Any] | None) -> None:
    """Move a state's notes and frames as an event's `"layout"` says."""
    if not layout:
        return
    for moved in layout.get("notes", ()):
        note = state.notes.get(moved["id"])
        if note is not None:
            note.x, note.y = moved["x"], moved["y"]
    for moved in layout.get("clusters", ()):
        cluster = state.clusters.get(moved["id"])
        if cluster is not None:
            cluster.x, cluster.y = moved["x"], moved["y"]


def apply_event(state: BoardState, event: Event) -> None:
    """`cluster.move` and `board.tidy`: the frame's own place, then the layout."""
    d = event.data
    if event.op == "cluster.move" and d["id"] in state.clusters:
        cluster = state.clusters[d["id"]]
        cluster.x, cluster.y = d["x"], d["y"]
    apply_layout(state, d.get("layout"))
