"""Rules for notes, clusters and the board lock."""

from __future__ import annotations

from typing import Any

from cocreate.board import layout, validate
from cocreate.board.errors import BoardError
from cocreate.board.layout import NOTE_H, NOTE_W, Plan
from cocreate.board.limits import NOTE_TEXT_MAX, TITLE_MAX
from cocreate.board.rule import Change, Context
from cocreate.board.state import DEFAULT_COLOR, Actor, BoardState, Cluster, Event, Note, NoteOwner


def _note(state: BoardState, note_id: str) -> Note:
    note = state.notes.get(note_id)
    if note is None:
        raise BoardError("not_found", "that note does not exist (it may have been deleted)")
    return note


def _cluster(state: BoardState, cluster_id: str) -> Cluster:
    cluster = state.clusters.get(cluster_id)
    if cluster is None:
        raise BoardError("not_found", "that cluster does not exist (it may have been deleted)")
    return cluster


def _owner(note: Note) -> NoteOwner:
    return NoteOwner(note.author, note.private)


def _check_unlocked(state: BoardState, actor: Actor) -> None:
    if state.locked and actor.role != "facilitator":
        raise BoardError("locked", "the facilitator has locked the board")


def _may_change_note(note: Note, actor: Actor) -> None:
    if actor.role != "facilitator" and note.author != actor.id:
        raise BoardError("forbidden", "only the note's author or a facilitator may do that")


def note_add(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    validate.expect(data, text="str", color="str?", x="num?", y="num?", cluster="id?")
    cluster = validate.optional_ident(data, "cluster")
    if cluster is not None:
        _cluster(state, cluster)
    text = validate.text(data, "text", NOTE_TEXT_MAX, what="note text")
    color = validate.color(data, DEFAULT_COLOR) or DEFAULT_COLOR
    x = validate.number(data, "x", 0)
    y = validate.number(data, "y", 0)
    _check_unlocked(state, actor)
    note = Note(id=ctx.new_id(), text=text, color=color, x=x, y=y, cluster=cluster,
                author=actor.id, author_group=actor.group, created=ctx.now, updated=ctx.now,
                private=state.private_round)
    plan = Plan(state)
    if note.private:
        # Clear of what its author sees; the reveal places it among the others.
        own = [layout.note_box(n.x, n.y) for n in state.notes.values()
               if n.private and n.author == actor.id]
        note.x, note.y = plan.free_spot(NOTE_W, NOTE_H, x, y, extra=own)
    elif cluster is not None:
        plan.add_note(note.id, x, y)
        plan.join(note.id, cluster)
        plan.settle([("cluster", cluster)])
        note.x, note.y = plan.notes[note.id]
    else:
        note.x, note.y = plan.free_spot(NOTE_W, NOTE_H, x, y)
    return [Change("note.add", _with_layout(note.as_dict(), plan))]


def _near_a_frame(state: BoardState, x: float, y: float) -> bool:
    """Whether a note at (x, y) would touch any cluster's frame."""
    if not state.clusters:
        return False
    counts = dict.fromkeys(state.clusters, 0)
    for n in state.notes.values():
        if n.cluster in counts and not n.private:
            counts[n.cluster] += 1
    box = layout.note_box(x, y)
    return any(box.clashes(layout.frame_box(c.x, c.y, counts[c.id]), margin=0)
               for c in state.clusters.values())


def _with_layout(data: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """`data` plus what else moved (only when something did)."""
    moved = plan.result()
    if moved["notes"] or moved["clusters"]:
        data["layout"] = moved
    return data


def note_edit(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    validate.expect(data, id="id", text="str?", color="str?")
    note = _note(state, validate.ident(data, "id"))
    _may_change_note(note, actor)
    text = validate.optional_text(data, "text", NOTE_TEXT_MAX, what="note text")
    color = validate.color(data, None)
    if text is None and color is None:
        raise BoardError("invalid", "give a new 'text' or 'color'")
    _check_unlocked(state, actor)
    out = note.as_dict()
    if text is not None:
        out["text"] = text
    if color is not None:
        out["color"] = color
    out["updated"] = ctx.now
    return [Change("note.edit", out)]


def note_move(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    validate.expect(data, id="id", x="num", y="num")
    note = _note(state, validate.ident(data, "id"))
    x = validate.number(data, "x")
    y = validate.number(data, "y")
    _check_unlocked(state, actor)
    if note.private:
        return [Change("note.move", {"id": note.id, "x": x, "y": y, "cluster": note.cluster},
                       owner=_owner(note))]
    if note.cluster is None and not _near_a_frame(state, x, y):
        # The common case, kept cheap: a loose note moved where no frame is.
        return [Change("note.move", {"id": note.id, "x": x, "y": y, "cluster": None},
                       owner=_owner(note))]
    plan = Plan(state)
    plan.notes[note.id] = [x, y]
    centre = (x + NOTE_W / 2, y + NOTE_H / 2)
    old = plan.cluster_of(note.id)
    if old is not None and plan.cluster_box(old).holds(*centre):
        plan.join(note.id, old, by_position=True)  # moved within its frame: a new place in it
        target: str | None = old
    else:
        # Out of its frame it leaves the cluster; onto another frame it joins that one.
        target = plan.frame_at(*centre)
        if target is None:
            plan.leave(note.id)
            if any(layout.note_box(x, y).clashes(plan.cluster_box(c), margin=0)
                   for c in plan.clusters):
                # Half over a frame: just beside it, so no frame is ever covered.
                plan.notes[note.id] = list(plan.free_spot(NOTE_W, NOTE_H, x, y,
                                                          skip=[("note", note.id)]))
        else:
            plan.join(note.id, target, by_position=True)
            plan.settle([("cluster", target)])
    fx, fy = plan.notes[note.id]
    del plan.notes[note.id]  # its own place is the event's x, y
    data = _with_layout({"id": note.id, "x": fx, "y": fy, "cluster": target}, plan)
    return [Change("note.move", data, owner=_owner(note))]


def note_delete(state: BoardState, data: dict[str, Any], actor: Actor,
                ctx: Context) -> list[Change]:
    validate.expect(data, id="id")
    note = _note(state, validate.ident(data, "id"))
    _may_change_note(note, actor)
    _check_unlocked(state, actor)
    plan = Plan(state)
    plan.remove_note(note.id)
    return [Change("note.delete", _with_layout({"id": note.id}, plan), owner=_owner(note))]


def note_group(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    if "cluster" not in data:
        raise BoardError("bad_message", "'cluster' is required (an id, or null to ungroup)")
    validate.expect(data, id="id", cluster="id?")
    note = _note(state, validate.ident(data, "id"))
    cluster = validate.optional_ident(data, "cluster")
    if cluster is not None:
        _cluster(state, cluster)
    _check_unlocked(state, actor)
    out: dict[str, Any] = {"id": note.id, "cluster": cluster}
    if note.private or cluster == note.cluster:
        return [Change("note.group", out, owner=_owner(note))]
    plan = Plan(state)
    old = plan.leave(note.id)
    if cluster is not None:
        plan.join(note.id, cluster)
        plan.settle([("cluster", cluster)])
    elif old is not None:
        # Out of a frame from a menu: beside the frame, not under it.
        x, y = plan.notes[note.id]
        plan.notes[note.id] = list(plan.free_spot(NOTE_W, NOTE_H, x, y, skip=[("note", note.id)]))
    return [Change("note.group", _with_layout(out, plan), owner=_owner(note))]


def cluster_add(state: BoardState, data: dict[str, Any], actor: Actor,
                ctx: Context) -> list[Change]:
    validate.expect(data, title="str", x="num?", y="num?", notes="ids?")
    notes = validate.id_list(data, "notes")
    for note_id in notes:
        _note(state, note_id)
    title = validate.text(data, "title", TITLE_MAX, what="cluster title")
    x = validate.number(data, "x", 0)
    y = validate.number(data, "y", 0)
    _check_unlocked(state, actor)
    cluster = Cluster(id=ctx.new_id(), title=title, x=x, y=y)
    plan = Plan(state)
    public = [i for i in dict.fromkeys(notes) if not state.notes[i].private]
    for note_id in public:
        plan.leave(note_id)
    box = layout.frame_box(x, y, len(public))
    # A new frame goes where it covers nothing (its own notes move into it).
    cluster.x, cluster.y = plan.free_spot(box.w, box.h, x, y,
                                          skip=[("note", i) for i in public])
    plan.add_cluster(cluster.id, cluster.x, cluster.y)
    for note_id in public:
        plan.join(note_id, cluster.id)
    plan.settle([("cluster", cluster.id)])
    return [Change("cluster.add", _with_layout({**cluster.as_dict(), "notes": notes}, plan))]


def cluster_rename(state: BoardState, data: dict[str, Any], actor: Actor,
                   ctx: Context) -> list[Change]:
    validate.expect(data, id="id", title="str")
    cluster = _cluster(state, validate.ident(data, "id"))
    title = validate.text(data, "title", TITLE_MAX, what="cluster title")
    _check_unlocked(state, actor)
    return [Change("cluster.rename", {**cluster.as_dict(), "title": title})]


def cluster_delete(state: BoardState, data: dict[str, Any], actor: Actor,
                   ctx: Context) -> list[Change]:
    validate.expect(data, id="id")
    cluster = _cluster(state, validate.ident(data, "id"))
    _check_unlocked(state, actor)
    return [Change("cluster.delete", {"id": cluster.id})]


def board_lock(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    return [Change("board.lock", {"locked": True})]


def board_unlock(state: BoardState, data: dict[str, Any], actor: Actor,
                 ctx: Context) -> list[Change]:
    return [Change("board.unlock", {"locked": False})]


def apply(state: BoardState, event: Event) -> None:
    d = event.data
    op = event.op
    if op in ("note.add", "note.edit"):
        state.notes[d["id"]] = Note(
            id=d["id"], text=d["text"], color=d["color"], x=d["x"], y=d["y"],
            cluster=d["cluster"], author=d["author"], author_group=d.get("author_group"),
            created=d["created"], updated=d["updated"], private=d.get("private", False),
            source=d.get("source"))
    elif op == "note.move":
        note = state.notes[d["id"]]
        note.x, note.y = d["x"], d["y"]
        if "cluster" in d:  # events from before membership followed the frame lack it
            note.cluster = d["cluster"]
    elif op == "note.delete":
        del state.notes[d["id"]]
        for by_target in state.votes.values():
            by_target.pop(d["id"], None)
        for by_note in state.scores.values():
            by_note.pop(d["id"], None)
    elif op == "note.group":
        state.notes[d["id"]].cluster = d["cluster"]
    elif op in ("cluster.add", "cluster.rename"):
        state.clusters[d["id"]] = Cluster(id=d["id"], title=d["title"], x=d["x"], y=d["y"],
                                          source=d.get("source"))
        for note_id in d.get("notes", []):
            if note_id in state.notes:
                state.notes[note_id].cluster = d["id"]
    elif op == "cluster.delete":
        del state.clusters[d["id"]]
        for note in state.notes.values():
            if note.cluster == d["id"]:
                note.cluster = None
        for by_target in state.votes.values():
            by_target.pop(d["id"], None)
    elif op in ("board.lock", "board.unlock"):
        state.locked = d["locked"]
    layout.apply_layout(state, d.get("layout"))
