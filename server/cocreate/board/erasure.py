"""Erasing a participant at their request (or a facilitator's on their behalf).

Live boards follow ordinary events: with the `delete` policy a `note.delete`
for each of their notes (copies in other rooms too), then in every room
`participant.erased {"participant"}`, whose `apply` drops their votes, scores
and ready state, takes their name off actions and leaves what notes remain
without an author. What was stored before (the event log, snapshots) is
rewritten with `scrub`, so no payload keeps their name, organisation or, with
`delete`, the text of their notes.
"""

from __future__ import annotations

from typing import Any

from cocreate.board import notes
from cocreate.board.rule import Change, Context
from cocreate.board.state import Actor, BoardState, Event

ERASED_OP = "participant.erased"
# The rules' view of who removes the notes: the server, with a facilitator's rights.
_SERVER = Actor("", "facilitator")


def authored_notes(state: BoardState, participant_id: str) -> list[str]:
    """Ids of the notes on this board written by `participant_id` (copies too)."""
    return sorted(n.id for n in state.notes.values() if n.author == participant_id)


def next_deletion(state: BoardState, participant_id: str, ctx: Context) -> Change | None:
    """The `note.delete` of one of their notes still on the board, or None when none is
    left: each is decided on the board after the last, so the layout stays true."""
    left = authored_notes(state, participant_id)
    if not left:
        return None
    return notes.note_delete(state, {"id": left[0]}, _SERVER, ctx)[0]


def erased_change(participant_id: str, small_groups: list[str]) -> Change:
    """`small_groups` (the workshop's, without them) stays in the log and the processes:
    each room's delivery labels by it; frames carry only `participant`."""
    return Change(ERASED_OP, {"participant": participant_id, "small_groups": small_groups},
                  by_actor=False)


def apply(state: BoardState, event: Event) -> None:
    """The board without the participant: votes, scores, ready, author, commitments."""
    pid = event.data["participant"]
    state.votes.pop(pid, None)
    state.scores.pop(pid, None)
    state.ready.discard(pid)
    for note in state.notes.values():
        if note.author == pid:
            note.author, note.author_group = None, None
    for action in state.actions.values():
        if action.author == pid:
            action.author = None
        for entry in [*action.commits.values(), *action.progress]:
            if entry.get("participant") == pid:
                entry["participant"], entry["name"] = None, None


# Free-text fields that may name a person (an action's owner); elsewhere a name is
# only dropped where a dict names the participant by id, so a room or cluster
# that happens to share their name keeps it.
_PERSON_FIELDS = ("owner_person", "owner_org")


def scrub(value: Any, participant_id: str, words: set[str], note_ids: set[str],
          delete: bool) -> Any:
    """`value` (a stored payload) without the participant.

    A dict that names them as `author` loses its author (and group); one that
    names them as `participant` beside a `name` (a commitment, a progress entry)
    loses both, and one about them (`id`) loses name and organisation; an
    action owner that is their name or organisation (`words`) becomes null. With
    `delete`, a note of theirs (by author, or by id in `note_ids`) keeps no text,
    and a list of notes drops theirs.
    """
    if isinstance(value, list):
        kept = [v for v in value if not (delete and _their_note(v, participant_id, note_ids))]
        return [scrub(v, participant_id, words, note_ids, delete) for v in kept]
    if not isinstance(value, dict):
        return value
    out = {k: scrub(v, participant_id, words, note_ids, delete) for k, v in value.items()}
    if out.get("author") == participant_id:
        out["author"] = None
        if "author_group" in out:
            out["author_group"] = None
    if out.get("participant") == participant_id and "name" in out:
        out["participant"], out["name"] = None, None
    if out.get("id") == participant_id:
        for key in ("name", "organisation"):
            if key in out:
                out[key] = None
    for key in _PERSON_FIELDS:
        if isinstance(out.get(key), str) and out[key] in words:
            out[key] = None
    if delete and "text" in out and _their_note(value, participant_id, note_ids):
        out["text"] = ""
    return out


def _their_note(value: Any, participant_id: str, note_ids: set[str]) -> bool:
    return isinstance(value, dict) and "text" in value and (
        value.get("author") == participant_id or value.get("id") in note_ids)


def notes_written(events: list[dict[str, Any]], participant_id: str) -> set[str]:
    """Ids of every note `participant_id` wrote, from stored `note.add` payloads."""
    return {d["id"] for d in events if d.get("author") == participant_id and "id" in d}
