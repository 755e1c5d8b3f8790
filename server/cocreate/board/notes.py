"""Rules for notes, clusters and the board lock."""

from __future__ import annotations

from typing import Any

from cocreate.board import validate
from cocreate.board.errors import BoardError
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
    return [Change("note.add", note.as_dict())]


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
    return [Change("note.move", {"id": note.id, "x": x, "y": y}, owner=_owner(note))]


def note_delete(state: BoardState, data: dict[str, Any], actor: Actor,
                ctx: Context) -> list[Change]:
    validate.expect(data, id="id")
    note = _note(state, validate.ident(data, "id"))
    _may_change_note(note, actor)
    _check_unlocked(state, actor)
    return [Change("note.delete", {"id": note.id}, owner=_owner(note))]


def note_group(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    if "cluster" not in data:
        raise BoardError("bad_message", "'cluster' is required (an id, or null to ungroup)")
    validate.expect(data, id="id", cluster="id?")
    note = _note(state, validate.ident(data, "id"))
    cluster = validate.optional_ident(data, "cluster")
    if cluster is not None:
        _cluster(state, cluster)
    _check_unlocked(state, actor)
    return [Change("note.group", {"id": note.id, "cluster": cluster}, owner=_owner(note))]


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
    return [Change("cluster.add", {**cluster.as_dict(), "notes": notes})]


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
            created=d["created"], updated=d["updated"], private=d.get("private", False))
    elif op == "note.move":
        note = state.notes[d["id"]]
        note.x, note.y = d["x"], d["y"]
    elif op == "note.delete":
        del state.notes[d["id"]]
        for by_target in state.votes.values():
            by_target.pop(d["id"], None)
    elif op == "note.group":
        state.notes[d["id"]].cluster = d["cluster"]
    elif op in ("cluster.add", "cluster.rename"):
        state.clusters[d["id"]] = Cluster(id=d["id"], title=d["title"], x=d["x"], y=d["y"])
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
