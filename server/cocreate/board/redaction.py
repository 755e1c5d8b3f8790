"""What one viewer may see of a board and of each event.

Hidden votes, private notes and author names are redacted here, once per
audience: `event_audience` sorts a viewer into a small set of audiences per
event, and `render_event` builds the frame for an audience, so the hub can
encode each event once per audience rather than once per recipient.
`RoomRedaction` is what a room's delivery must remember between events to
do that: the workshop's disclosure settings and who wrote each private note.
`snapshot_view` applies the same rules to a stored snapshot when it is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from cocreate.board.matrix import my_scores
from cocreate.board.ready import ready_counts
from cocreate.board.state import AuthorsMode, BoardState, Event, Note, Voting

_NOTE_OPS = frozenset({"note.add", "note.edit", "note.move", "note.delete", "note.group"})
_VOTE_OPS = frozenset({"vote.add", "vote.remove", "vote.score"})
# Method templates are the facilitators' (GET .../templates is theirs alone).
_TEMPLATE_OPS = frozenset({"template.save", "template.delete"})
_ACTION_OPS = frozenset({"action.add", "action.update", "action.progress", "action.commit",
                         "action.uncommit"})


@dataclass(frozen=True)
class Viewer:
    id: str
    role: str


@dataclass(frozen=True)
class Disclosure:
    """The workshop settings that decide what viewers learn about authors."""

    authors: AuthorsMode = "named"
    facilitator_sees_authors: bool = True
    # Groups with fewer than `board.results.GROUP_MIN` participants: shown by group,
    # a note of theirs would point at one or two people, so it says "a participant".
    small_groups: frozenset[str] = frozenset()


@dataclass
class RoomRedaction:
    """A room's redaction state, kept current event by event."""

    disclosure: Disclosure = field(default_factory=Disclosure)
    # ids of notes still private -> their authors ("" when unknown)
    private_authors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, state: BoardState, disclosure: Disclosure) -> RoomRedaction:
        return cls(disclosure, {n.id: n.author or "" for n in state.notes.values() if n.private})

    def after(self, event: Event) -> None:
        d = event.data
        if event.op == "note.add" and d.get("private"):
            self.private_authors[d["id"]] = d.get("author") or ""
        elif event.op == "notes.paste":
            self.private_authors.update({n["id"]: n.get("author") or "" for n in d["notes"]
                                         if n.get("private")})
        elif event.op == "note.delete":
            self.private_authors.pop(d["id"], None)
        elif event.op == "notes.reveal":
            self.private_authors.clear()
        elif event.op == "snapshot.restore":
            self.private_authors = {n["id"]: n.get("author") or "" for n in d["notes"]
                                    if n.get("private")}
        elif event.op == "workshop.settings":
            self.disclosure = replace(self.disclosure, authors=d["authors"],
                                      facilitator_sees_authors=d["facilitator_sees_authors"])
        elif event.op == "participant.erased":
            if "small_groups" in d:
                self.disclosure = replace(self.disclosure,
                                          small_groups=frozenset(d["small_groups"]))
            self.private_authors = {n: ("" if a == d["participant"] else a)
                                    for n, a in self.private_authors.items()}


def changes_what_viewers_see(event: Event, before: Disclosure) -> bool:
    """Whether after `event` a viewer may see more or less than the events so far
    told them: the author display changed, or private notes or a hidden vote
    were revealed. Viewers then get a fresh welcome of the whole board."""
    if event.op == "workshop.settings":
        d = event.data
        return (d["authors"], d["facilitator_sees_authors"]) != (
            before.authors, before.facilitator_sees_authors)
    # An erasure rewrote who wrote what (and the people list): everyone reads it again.
    return event.op in ("notes.reveal", "voting.reveal", "participant.erased")


def _privileged(viewer: Viewer, author: str | None, disclosure: Disclosure) -> bool:
    if viewer.id == author:
        return True
    return viewer.role == "facilitator" and disclosure.facilitator_sees_authors


def shows_who(viewer: Viewer, disclosure: Disclosure) -> bool:
    """Whether `viewer` sees who committed a group, added an action or reported
    progress: the author display rule, as for notes (the group is always shown)."""
    return disclosure.authors == "named" or (viewer.role == "facilitator"
                                             and disclosure.facilitator_sees_authors)


def action_view(action: dict[str, Any], show_who: bool) -> dict[str, Any]:
    """The protocol's A shape; `show_who` False leaves out who did what."""
    if show_who:
        return action
    anon = {"participant": None, "name": None}
    return {**action, "author": None,
            "commits": [{**c, **anon} for c in action["commits"]],
            "progress": [{**p, **anon} for p in action["progress"]]}


def actions_view(state: BoardState, viewer: Viewer, disclosure: Disclosure) -> list[dict[str, Any]]:
    show = shows_who(viewer, disclosure)
    return [action_view(a.as_dict(), show) for a in state.actions.values()]


def _can_see_note(viewer: Viewer, note: Note) -> bool:
    return _may_see(viewer, note.private, note.author)


def _may_see(viewer: Viewer, private: bool, author: str | None) -> bool:
    return not private or viewer.role == "facilitator" or viewer.id == author


def note_view(note: dict[str, Any], show_author: bool, authors_mode: str,
              small_groups: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The protocol's N shape; `show_author` False hides who wrote it (and, shown by
    group, a group in `small_groups` too)."""
    out = {k: note[k] for k in ("id", "text", "color", "x", "y", "cluster", "author",
                                "created", "updated")}
    out["private"] = note.get("private", False)
    out["source"] = note.get("source")
    if show_author or authors_mode == "group":
        group = note.get("author_group")
        out["author_group"] = None if not show_author and group in small_groups else group
    if not show_author:
        out["author"] = None
    return out


def state_view(state: BoardState, viewer: Viewer, disclosure: Disclosure,
               now: int, present: list[dict[str, Any]] | None = None,
               counts: dict[str, int] | None = None) -> dict[str, Any]:
    """The protocol's S shape of `state` as `viewer` may see it; `present` (the
    P shapes of who has a socket open in the room) counts the ready-check, unless
    its `counts` (`ready.ready_counts`) come counted already."""
    named = disclosure.authors == "named"
    notes = [note_view(n.as_dict(), named or _privileged(viewer, n.author, disclosure),
                       disclosure.authors, disclosure.small_groups)
             for n in state.notes.values() if _can_see_note(viewer, n)]
    view = {
        "notes": notes,
        "clusters": [c.as_dict() for c in state.clusters.values()],
        "voting": state.voting_dict(),
        "timer": state.timer.as_dict(now),
        "locked": state.locked,
        "private_round": state.private_round,
        "agenda": state.agenda,
        "round": state.round_index,
        "my_votes": dict(state.votes.get(viewer.id, {})),
        "ready": ready_view(state, viewer, disclosure, present or [], counts),
        "actions": actions_view(state, viewer, disclosure),
    }
    if state.voting.kind == "matrix":
        view["my_scores"] = my_scores(state, viewer.id)
    return view


def ready_view(state: BoardState, viewer: Viewer, disclosure: Disclosure,
               present: list[dict[str, Any]],
               counts: dict[str, int] | None = None) -> dict[str, Any]:
    """The ready-check as `viewer` may see it: counts, whether they are done
    themselves, and who is done only for facilitators while authors are named."""
    view: dict[str, Any] = {**(counts or ready_counts(state.ready, present)),
                            "mine": viewer.id in state.ready}
    if viewer.role == "facilitator" and disclosure.authors == "named":
        view["who"] = sorted(state.ready)
    return view


def _snapshot_tally(session: Voting, tally: dict[str, Any] | None,
                    revealed_tally: dict[str, Any] | None) -> dict[str, Any] | None:
    if tally is None or session.tally_visible():
        return tally
    if session.status == "closed" and revealed_tally is not None:
        # Only what the reveal published: a count the reveal did not show stays out.
        return {k: n for k, n in tally.items() if revealed_tally.get(k) == n}
    return None


def snapshot_tallies(voting: dict[str, Any], revealed_tally: dict[str, int] | None,
                     revealed_results: dict[str, Any] | None
                     ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """A stored snapshot's `tally` and matrix `results` as anyone may read them
    (the rule of `snapshot_view`)."""
    session = Voting.from_dict(voting)
    tally = _snapshot_tally(session, voting.get("tally"), revealed_tally)
    results = (_snapshot_tally(session, voting.get("results") or {}, revealed_results)
               if session.kind == "matrix" else None)
    return tally, results


def snapshot_view(snapshot: dict[str, Any], viewer: Viewer, disclosure: Disclosure,
                  revealed_tally: dict[str, int] | None = None,
                  revealed_results: dict[str, Any] | None = None) -> dict[str, Any]:
    """A stored snapshot (`BoardState.snapshot()`) as `viewer` may see it now.

    Notes and authors as `state_view` shows a live board under `disclosure`
    (the workshop's settings of now). A hidden vote's tally is null unless the
    snapshot's own session was revealed, or `revealed_tally` is what the
    `voting.reveal` of the very session the snapshot caught closed published
    (the store finds it in the log); a session caught while still open keeps
    its tally null. A matrix vote's `results` follow the same rule, with
    `revealed_results` from that reveal. Only the keys named here leave: a field later added to the
    stored snapshot stays in the row until it is redacted here.
    """
    notes = _notes_for(snapshot["notes"], viewer, disclosure)
    session = Voting.from_dict(snapshot["voting"])
    voting = session.as_dict(None)
    voting["tally"], results = snapshot_tallies(snapshot["voting"], revealed_tally,
                                                revealed_results)
    if session.kind == "matrix":
        voting["results"] = results
    return {
        "seq": snapshot["seq"],
        "notes": notes,
        "clusters": [{**{k: c[k] for k in ("id", "title", "x", "y")}, "source": c.get("source")}
                     for c in snapshot["clusters"]],
        "voting": voting,
        "locked": snapshot.get("locked", False),
        "agenda": snapshot.get("agenda", []),
        "round": snapshot.get("round"),
    }


def event_audience(event: Event, viewer: Viewer, disclosure: Disclosure,
                   private_authors: dict[str, str]) -> str:
    """A short key: viewers with the same key get byte-identical frames.

    `private_authors` maps the ids of notes still private to their authors.
    """
    op = event.op
    data = event.data
    if op in _VOTE_OPS:
        if data["voter"] == viewer.id:
            return "voter:" + viewer.id
        return "hidden" if data.get("hidden") else "public"
    if op == "cluster.add":
        # A new cluster lists its notes: not the private ones this viewer may not see
        # (grouping a private note would show it and, to others, whose it is).
        unseen = sorted(n for n in data.get("notes", ()) if n in private_authors
                        and not _may_see(viewer, True, private_authors[n]))
        # Grouping notes (dropping one on another) is mostly done by their author:
        # like a note.* event, it names its actor only to who may see authors.
        anon = (bool(data.get("notes")) and disclosure.authors != "named"
                and not _privileged(viewer, event.actor, disclosure))
        if not unseen:
            return "anon" if anon else "full"
        return ("anon-without:" if anon else "without:") + ",".join(unseen)
    if op in _TEMPLATE_OPS:
        return "full" if viewer.role == "facilitator" else "not-facilitator"
    if op in _ACTION_OPS:
        return "full" if shows_who(viewer, disclosure) else "anon"
    if op == "ready.set":
        # Who is done: the sender, and facilitators while authors are named.
        if viewer.id == event.actor or (viewer.role == "facilitator"
                                        and disclosure.authors == "named"):
            return "full"
        return "anon"
    if op == "constraint.challenge":
        # A proposal names its sender as a note names its author.
        if disclosure.authors != "named" and not _privileged(viewer, event.actor, disclosure):
            return "anon"
        return "full"
    if op == "snapshot.restore":
        return _restore_audience(data, viewer, disclosure)
    if op == "notes.paste":
        # One author's notes, private or not together (as one note.add each would be).
        first = data["notes"][0]
        if first.get("private") and not (viewer.role == "facilitator"
                                         or viewer.id == first.get("author")):
            return "private"
        if disclosure.authors != "named" and not _privileged(viewer, first.get("author"),
                                                             disclosure):
            return "anon"
        return "full"
    if op == "notes.reveal":
        if disclosure.authors == "named" or (viewer.role == "facilitator"
                                             and disclosure.facilitator_sees_authors):
            return "full"
        return "reader:" + viewer.id
    if op in _NOTE_OPS:
        note_id: str = data.get("id", "")
        if op in ("note.add", "note.edit"):
            author, private = data.get("author"), bool(data.get("private"))
        elif event.owner is not None:
            author, private = event.owner.author, event.owner.private
        else:
            private = note_id in private_authors
            author = private_authors.get(note_id, event.actor)
        if private and not (viewer.role == "facilitator" or viewer.id == author):
            return "private"
        if disclosure.authors != "named" and not _privileged(viewer, author, disclosure):
            return "anon"
    return "full"


def _restore_audience(data: dict[str, Any], viewer: Viewer, disclosure: Disclosure) -> str:
    """A restore lists whole notes: everyone sees the same unless a private note
    or an author name is not theirs to see; then the frame is the viewer's own."""
    full = viewer.role == "facilitator" and (disclosure.authors == "named"
                                             or disclosure.facilitator_sees_authors)
    if full or (disclosure.authors == "named"
                and not any(n.get("private") for n in data["notes"])):
        return "full"
    return f"reader:{viewer.role}:{viewer.id}"


def _notes_for(notes: list[dict[str, Any]], viewer: Viewer,
               disclosure: Disclosure) -> list[dict[str, Any]]:
    named = disclosure.authors == "named"
    return [note_view(n, named or _privileged(viewer, n["author"], disclosure), disclosure.authors,
                      disclosure.small_groups)
            for n in notes if _may_see(viewer, n.get("private", False), n["author"])]


def render_event(event: Event, audience: str, disclosure: Disclosure) -> dict[str, Any]:
    """The `event` frame for one audience of `event_audience`."""
    data: dict[str, Any] = event.data
    actor = event.actor
    op = event.op
    if op == "participant.erased":
        data = {"participant": data["participant"]}  # the groups left small: the hub's
    elif op == "vote.score":
        data, actor = _score_data(data, audience), (None if audience == "hidden" else actor)
    elif op in _VOTE_OPS:
        if audience.startswith("voter:"):
            data = {"note": data["note"], "my_votes": data["my_votes"]}
            if not event.data.get("hidden"):
                data["votes"] = event.data["votes"]
        elif audience == "hidden":
            data, actor = {}, None
        else:
            data = {"note": data["note"], "votes": data["votes"]}
    elif op in _TEMPLATE_OPS and audience != "full":
        data = {}
    elif op == "snapshot.restore" and audience != "full":
        role, viewer_id = audience[len("reader:"):].split(":", 1)
        data = {**data, "notes": _notes_for(data["notes"], Viewer(viewer_id, role), disclosure)}
    elif op in _ACTION_OPS and audience == "anon":
        data, actor = action_view(data, False), None
    elif op == "notes.reveal":
        reader = audience[len("reader:"):] if audience.startswith("reader:") else None
        data = {"notes": [note_view(n, reader is None or n.get("author") == reader,
                                    disclosure.authors, disclosure.small_groups)
                          for n in data["notes"]]}
    elif op == "cluster.add" and "without:" in audience:
        unseen = set(audience.split("without:", 1)[1].split(","))
        data = {**data, "notes": [n for n in data["notes"] if n not in unseen]}
        if audience.startswith("anon"):
            actor = None
    elif op == "notes.paste":
        # Unseen private notes as a private note.add shows them: an id, nothing more.
        data = {"notes": [{"id": n["id"], "private": True} if audience == "private"
                          else note_view(n, audience == "full", disclosure.authors)
                          for n in data["notes"]]}
        actor = actor if audience == "full" else None
    elif audience == "private":
        data, actor = {"id": data.get("id"), "private": True}, None
    elif op in ("note.add", "note.edit"):
        data = note_view(data, audience == "full", disclosure.authors, disclosure.small_groups)
        if audience == "anon":
            actor = None
    elif audience == "anon":
        actor = None
    if "layout" in event.data and audience != "private" and "layout" not in data:
        # Where the server's layout moved public notes and frames: everyone applies it.
        data = {**data, "layout": event.data["layout"]}
    return {"type": "event", "room": event.room, "seq": event.seq, "op": op, "actor": actor,
            "ts": event.ts, "data": data}


def _score_data(data: dict[str, Any], audience: str) -> dict[str, Any]:
    """A `vote.score` event: the voter sees their own scores; while the vote is
    hidden everyone else gets `{}` (as for a hidden dot), so no frame says who
    scored, which note or how; once it is public, the note's means and count."""
    if audience == "hidden":
        return {}
    out: dict[str, Any] = {"note": data["note"]}
    if audience.startswith("voter:"):
        out.update(scores=data["scores"], my_scores=data["my_scores"])
    if not data.get("hidden"):
        out["result"] = data["result"]
    return out
