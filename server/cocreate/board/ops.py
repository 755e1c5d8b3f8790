"""Every room op: its rule, who may send it, and how its event is applied.

`decide` checks an op against a room's state and returns the changes it
makes (usually one); `apply` moves a state forward by one event. The store
runs both inside one database transaction. Workshop-level ops (rooms,
moves, settings) are in `board.workshop`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cocreate.board import (
    actions,
    arrange,
    erasure,
    hackathon,
    layout,
    matrix,
    notes,
    paste,
    ready,
    restore,
    rounds,
    timer,
    voting,
)
from cocreate.board.errors import BoardError
from cocreate.board.rule import Change, Context, Rule
from cocreate.board.state import Actor, BoardState, Event

EVERYONE = frozenset({"participant", "facilitator"})
FACILITATOR = frozenset({"facilitator"})
PARTICIPANT = frozenset({"participant"})
_WHO = {FACILITATOR: "a facilitator", PARTICIPANT: "a participant",
        EVERYONE: "a participant or facilitator"}

# op name -> (rule, roles allowed to send it)
ROOM_OPS: dict[str, tuple[Rule, frozenset[str]]] = {
    "note.add": (notes.note_add, EVERYONE),
    "notes.paste": (paste.notes_paste, EVERYONE),
    "note.edit": (notes.note_edit, EVERYONE),
    "note.move": (notes.note_move, EVERYONE),
    "note.delete": (notes.note_delete, EVERYONE),
    "note.group": (notes.note_group, EVERYONE),
    "cluster.add": (notes.cluster_add, EVERYONE),
    "cluster.rename": (notes.cluster_rename, EVERYONE),
    "cluster.delete": (notes.cluster_delete, EVERYONE),
    "cluster.move": (arrange.cluster_move, EVERYONE),
    "board.tidy": (arrange.board_tidy, FACILITATOR),
    "board.lock": (notes.board_lock, FACILITATOR),
    "board.unlock": (notes.board_unlock, FACILITATOR),
    "vote.add": (voting.vote_add, EVERYONE),
    "vote.remove": (voting.vote_remove, EVERYONE),
    "vote.score": (matrix.vote_score, EVERYONE),
    "voting.start": (voting.voting_start, FACILITATOR),
    "voting.stop": (voting.voting_stop, FACILITATOR),
    "voting.reveal": (voting.voting_reveal, FACILITATOR),
    "timer.start": (timer.timer_start, FACILITATOR),
    "timer.pause": (timer.timer_pause, FACILITATOR),
    "timer.resume": (timer.timer_resume, FACILITATOR),
    "timer.add": (timer.timer_add, FACILITATOR),
    "timer.extend": (timer.timer_add, FACILITATOR),  # the same rule; its event is timer.add
    "timer.stop": (timer.timer_stop, FACILITATOR),
    "agenda.set": (rounds.agenda_set, FACILITATOR),
    "round.start": (rounds.round_start, FACILITATOR),
    "round.end": (rounds.round_end, FACILITATOR),
    "notes.reveal": (rounds.notes_reveal, FACILITATOR),
    "snapshot.save": (rounds.snapshot_save, FACILITATOR),
    "snapshot.restore": (restore.snapshot_restore, FACILITATOR),
    "ready.set": (ready.ready_set, PARTICIPANT),
}

# Room ops a facilitator may send with `"all_rooms": true`, to run them in every
# room of the workshop at once: one clock and one agenda for a whole event.
ALL_ROOMS_OPS = frozenset({"timer.start", "timer.pause", "timer.resume", "timer.add",
                           "timer.extend", "timer.stop", "agenda.set", "round.start",
                           "round.end"})

# Ops the server sends on its own behalf; no client may send them.
SERVER_OPS: dict[str, Rule] = {"timer.end": timer.timer_end}

_APPLIERS: dict[str, Callable[[BoardState, Event], None]] = {}
for _name in ("note.add", "note.edit", "note.move", "note.delete", "note.group", "cluster.add",
              "cluster.rename", "cluster.delete", "board.lock", "board.unlock"):
    _APPLIERS[_name] = notes.apply
for _name in ("cluster.move", "board.tidy"):
    _APPLIERS[_name] = layout.apply_event
for _name in ("vote.add", "vote.remove", "vote.score", "voting.start", "voting.stop",
              "voting.reveal"):
    _APPLIERS[_name] = voting.apply
for _name in ("timer.start", "timer.pause", "timer.resume", "timer.add", "timer.stop",
              "timer.end"):
    _APPLIERS[_name] = timer.apply
for _name in ("agenda.set", "round.start", "round.end", "notes.reveal"):
    _APPLIERS[_name] = rounds.apply
_APPLIERS["ready.set"] = ready.apply
_APPLIERS["notes.paste"] = paste.apply
_APPLIERS["snapshot.restore"] = restore.apply
_APPLIERS[erasure.ERASED_OP] = erasure.apply
for _name in actions.ACTION_OPS:
    _APPLIERS[_name] = lambda state, event: actions.apply(state, event.op, event.data)
for _name in hackathon.HACKATHON_OPS:
    _APPLIERS[_name] = lambda state, event: hackathon.apply(state.hackathon, event.op, event.data)


def _apply_jury_close(state: BoardState, event: Event) -> None:
    """The close ranks the pitches and adds the winners' actions to every board."""
    hackathon.apply(state.hackathon, event.op, event.data)
    for action in event.data["actions"]:
        actions.apply(state, "action.add", action)


_APPLIERS["jury.close"] = _apply_jury_close


def decide(state: BoardState, op: str, data: dict[str, Any], actor: Actor,
           ctx: Context) -> list[Change]:
    """The events `op` produces, or BoardError. Changes nothing."""
    entry = ROOM_OPS.get(op)
    if entry is None:
        raise BoardError("unknown_op", f"there is no op called {op!r}")
    rule, roles = entry
    if actor.role not in roles:
        raise BoardError("forbidden", f"only {_WHO[roles]} may send {op}")
    return rule(state, data, actor, ctx)


def for_all_rooms(op: str, data: dict[str, Any]) -> bool:
    """Whether `op` is to run in every room of the workshop (`all_rooms` true)."""
    value = data.get("all_rooms", False)
    if not isinstance(value, bool):
        raise BoardError("bad_message", "'all_rooms' must be true or false")
    if value and op in ROOM_OPS and op not in ALL_ROOMS_OPS:
        raise BoardError("invalid", f"{op} cannot be sent to all rooms")
    return value and op in ALL_ROOMS_OPS


def decide_server(state: BoardState, op: str, ctx: Context) -> list[Change]:
    return SERVER_OPS[op](state, {}, Actor("", "facilitator"), ctx)


def apply(state: BoardState, event: Event) -> None:
    """Move `state` forward by `event` (which must be the next seq)."""
    applier = _APPLIERS.get(event.op)
    if applier is not None:
        applier(state, event)
    state.seq = event.seq

