"""Restoring a snapshot: the room's notes and clusters go back to what it saved.

The board as it is first becomes a snapshot of its own, so a restore loses
nothing and can itself be undone by restoring that one. The restore is then
one event that carries the whole set of notes and clusters, so every client
replaces its board at once instead of replaying a note at a time. Votes, the
timer, the agenda, the lock and the ready-check stay as they are: a vote on a
note the restore removes is kept and counts again if the note comes back.
"""

from __future__ import annotations

from typing import Any

from cocreate.board import names, validate
from cocreate.board.errors import BoardError
from cocreate.board.rule import Change, Context
from cocreate.board.state import DEFAULT_COLOR, Actor, BoardState, Cluster, Event, Note


def _note(n: dict[str, Any]) -> dict[str, Any]:
    """A stored note in today's N shape (older snapshots lack the newer fields)."""
    return {"id": n["id"], "text": n["text"], "color": n.get("color") or DEFAULT_COLOR,
            "x": n["x"], "y": n["y"], "cluster": n.get("cluster"), "author": n.get("author"),
            "author_group": n.get("author_group"), "created": n.get("created", 0),
            "updated": n.get("updated", 0), "private": bool(n.get("private", False)),
            "source": n.get("source")}


def snapshot_restore(state: BoardState, data: dict[str, Any], actor: Actor,
                     ctx: Context) -> list[Change]:
    snapshot_id = validate.ident(data, "id")
    snap = ctx.snapshot
    if snap is None or snap["id"] != snapshot_id:
        raise BoardError("not_found", "no such snapshot of this room")
    stored = snap["state"]
    clusters = [{**{k: c[k] for k in ("id", "title", "x", "y")}, "source": c.get("source")}
                for c in stored.get("clusters", [])]
    known = {c["id"] for c in clusters}
    notes = [_note(n) for n in stored.get("notes", [])]
    for n in notes:
        if n["cluster"] not in known:
            n["cluster"] = None
    saved = {"id": ctx.new_id(), "name": names.before_restore(ctx.language, snap["name"])}
    return [Change("snapshot.save", saved),
            Change("snapshot.restore", {"id": snapshot_id, "name": snap["name"],
                                        "saved": saved["id"], "notes": notes,
                                        "clusters": clusters})]


def apply(state: BoardState, event: Event) -> None:
    d = event.data
    state.notes = {n["id"]: Note(**n) for n in d["notes"]}
    state.clusters = {c["id"]: Cluster(**c) for c in d["clusters"]}
