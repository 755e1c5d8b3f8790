"""Ops that arrange the board as a whole: moving a frame, tidying, placing revealed notes.

Each decides every position on the server (`board.layout`) and sends them in
its event, so no client computes a layout of its own and a tidy is one op,
not one per note.
"""

from __future__ import annotations

from typing import Any

from cocreate.board import validate
from cocreate.board.errors import BoardError
from cocreate.board.layout import NOTE_H, NOTE_W, Plan, tidy
from cocreate.board.rule import Change, Context
from cocreate.board.state import Actor, BoardState


def cluster_move(state: BoardState, data: dict[str, Any], actor: Actor,
                 ctx: Context) -> list[Change]:
    validate.expect(data, id="id", x="num", y="num")
    cluster_id = validate.ident(data, "id")
    if cluster_id not in state.clusters:
        raise BoardError("not_found", "that cluster does not exist (it may have been deleted)")
    x = validate.number(data, "x")
    y = validate.number(data, "y")
    if state.locked and actor.role != "facilitator":
        raise BoardError("locked", "the facilitator has locked the board")
    plan = Plan(state)
    box = plan.cluster_box(cluster_id)
    # The moved frame finds room near where it was dropped; nothing else moves.
    fx, fy = plan.free_spot(box.w, box.h, x, y, skip=[("cluster", cluster_id)])
    plan.move_cluster(cluster_id, fx, fy)
    moved = plan.result()
    return [Change("cluster.move", {"id": cluster_id, "x": fx, "y": fy,
                                    "layout": {"notes": moved["notes"], "clusters": []}})]


def board_tidy(state: BoardState, data: dict[str, Any], actor: Actor,
               ctx: Context) -> list[Change]:
    validate.expect(data)
    plan = Plan(state)
    order = sorted(state.clusters.values(), key=lambda c: (c.y, c.x, c.id))
    tidy(plan, [c.id for c in order])
    return [Change("board.tidy", {"layout": plan.result()})]


def place_revealed(state: BoardState, notes: list[dict[str, Any]]) -> dict[str, Any]:
    """Give each revealed note (N dicts, changed in place) a spot of its own.

    In the order they were written: a note in a cluster goes into its frame
    (which pushes its neighbours aside as it grows), any other note stays put
    if it covers nothing and otherwise goes to the nearest free spot. Returns
    the layout of what else moved.
    """
    plan = Plan(state)
    for note in sorted(notes, key=lambda n: (n["created"], n["id"])):
        cluster = note.get("cluster")
        if cluster in plan.clusters:
            plan.add_note(note["id"], note["x"], note["y"])
            plan.join(note["id"], cluster)
            plan.settle([("cluster", cluster)])
        else:
            x, y = plan.free_spot(NOTE_W, NOTE_H, note["x"], note["y"])
            plan.add_note(note["id"], x, y)
    revealed = {n["id"] for n in notes}
    for note in notes:
        note["x"], note["y"] = plan.notes[note["id"]]
    moved = plan.result()
    return {"notes": [m for m in moved["notes"] if m["id"] not in revealed],
            "clusters": moved["clusters"]}


def apply_positions(state: BoardState, notes: list[dict[str, Any]]) -> None:
    for note in notes:
        known = state.notes.get(note["id"])
        if known is not None and "x" in note:
            known.x, known.y = note["x"], note["y"]
