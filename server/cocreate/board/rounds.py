"""Rounds: an agenda the facilitator advances through.

A round says how long it runs and what people may do meanwhile: whether new
notes are private (seen only by their author and facilitators until the round
ends or the facilitator reveals them), whether the board is locked while it
runs (`lock`) or once its time runs out (`lock_at_end`, applied by the timer's
end in `board.timer`), and whether a dot vote runs. Starting a round sets the
timer, the lock and voting as it says; ending one reveals private notes,
closes its vote, stops the timer and saves a named snapshot of the board.
Revealing private notes ends the privacy of the running round: nothing is
private any more, and later notes are public.
"""

from __future__ import annotations

from typing import Any

from cocreate.board import arrange, layout, names, validate, voting
from cocreate.board.errors import BoardError
from cocreate.board.limits import AGENDA_MAX, ROUND_SECONDS_MAX, TITLE_MAX
from cocreate.board.rule import Change, Context
from cocreate.board.state import Actor, BoardState, Event, Timer, Voting


def _round(raw: Any, ctx: Context) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise BoardError("bad_message", "each round must be an object")
    title = validate.text(raw, "title", TITLE_MAX, what="round title").strip()
    seconds = validate.integer(raw, "seconds", 0)
    if not 0 <= seconds <= ROUND_SECONDS_MAX:
        raise BoardError("invalid", f"a round lasts 0 to {ROUND_SECONDS_MAX} seconds")
    vote = raw.get("voting")
    if vote is not None:
        if not isinstance(vote, dict):
            raise BoardError("bad_message", "'voting' must be an object or null")
        vote = voting.session_dict(voting.open_session(vote))
    return {"id": raw.get("id") if isinstance(raw.get("id"), str) else ctx.new_id(),
            "title": title, "seconds": seconds,
            "private": validate.boolean(raw, "private", False),
            "lock": validate.boolean(raw, "lock", False),
            "lock_at_end": validate.boolean(raw, "lock_at_end", False), "voting": vote}


def parse_rounds(rounds: Any, ctx: Context) -> list[dict[str, Any]]:
    """The rounds of an agenda, checked as `agenda.set` checks them; method
    templates (`board.templates`) go through the same check."""
    if not isinstance(rounds, list):
        raise BoardError("bad_message", "'rounds' must be a list")
    if len(rounds) > AGENDA_MAX:
        raise BoardError("invalid", f"an agenda holds at most {AGENDA_MAX} rounds")
    return [_round(r, ctx) for r in rounds]


def agenda_set(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    parsed = parse_rounds(data.get("rounds"), ctx)
    kept = {r["id"]: r for r in state.agenda}
    for r in parsed:
        old = kept.get(r["id"], {})
        r["done"] = bool(old.get("done"))
        if "ended" in old:
            r["ended"] = old["ended"]
    current = state.round_index
    if current is not None and current >= len(parsed):
        current = None
    return [Change("agenda.set", {"rounds": parsed, "current": current})]


def round_start(state: BoardState, data: dict[str, Any], actor: Actor,
                ctx: Context) -> list[Change]:
    if not state.agenda:
        raise BoardError("invalid", "set an agenda first")
    index = validate.integer(data, "index", _next_index(state))
    if not 0 <= index < len(state.agenda):
        raise BoardError("invalid", f"there is no round {index + 1} on the agenda")
    changes: list[Change] = []
    if state.round_index is not None:
        changes += _end_changes(state, ctx)
    r = state.agenda[index]
    ms = r["seconds"] * 1000
    timer = (Timer("running", r["title"], ms, ctx.now + ms, ms) if ms else
             Timer("idle", r["title"], 0, None, 0))
    vote = None
    if r["voting"]:
        vote = voting.open_session(r["voting"]).as_dict({})
    changes.append(Change("round.start", {"index": index, "round": r,
                                          "timer": timer.event_data(),
                                          "locked": r["lock"], "private": r["private"],
                                          "voting": vote}))
    return changes


def _next_index(state: BoardState) -> int:
    """The round after the running one; with none running, the first not done
    after the round that ended last (wrapping to the agenda's start), so a
    facilitator who jumped ahead and ended that round carries on from there."""
    count = len(state.agenda)
    if state.round_index is not None:
        return state.round_index + 1
    ended = [(r["ended"], i) for i, r in enumerate(state.agenda) if r.get("ended") is not None]
    after = max(ended)[1] + 1 if ended else 0
    order = [*range(after, count), *range(after)]
    return next((i for i in order if not state.agenda[i].get("done")), count)


def _end_changes(state: BoardState, ctx: Context) -> list[Change]:
    changes = []
    if any(n.private for n in state.notes.values()):
        changes.append(_reveal(state))
    index = state.round_index
    title = state.agenda[index]["title"] if index is not None and index < len(state.agenda) \
        else "Round"
    closed = None
    if state.voting.status == "open":
        closed = state.voting_as(voting.closed(state.voting))
    t = state.timer
    changes.append(Change("round.end", {
        "index": index, "voting": closed,
        "timer": Timer("idle", t.label, t.duration_ms, None, 0).event_data(),
        "snapshot": {"id": ctx.new_id(), "name": names.snapshot_after(ctx.language, title)}}))
    return changes


def round_end(state: BoardState, data: dict[str, Any], actor: Actor, ctx: Context) -> list[Change]:
    if state.round_index is None:
        raise BoardError("invalid", "no round is running")
    return _end_changes(state, ctx)


def _reveal(state: BoardState) -> Change:
    notes = [n.as_dict() for n in state.notes.values() if n.private]
    for note in notes:
        note["private"] = False
    data: dict[str, Any] = {"notes": notes}
    moved = arrange.place_revealed(state, notes)
    if moved["notes"] or moved["clusters"]:
        data["layout"] = moved
    return Change("notes.reveal", data)


def notes_reveal(state: BoardState, data: dict[str, Any], actor: Actor,
                 ctx: Context) -> list[Change]:
    if not any(n.private for n in state.notes.values()):
        raise BoardError("invalid", "there are no private notes to reveal")
    return [_reveal(state)]


def snapshot_save(state: BoardState, data: dict[str, Any], actor: Actor,
                  ctx: Context) -> list[Change]:
    name = validate.text(data, "name", TITLE_MAX, what="snapshot name").strip()
    return [Change("snapshot.save", {"id": ctx.new_id(), "name": name})]


def apply(state: BoardState, event: Event) -> None:
    d = event.data
    if event.op == "agenda.set":
        state.agenda = d["rounds"]
        state.round_index = d["current"]
    elif event.op == "round.start":
        state.ready = set()
        state.round_index = d["index"]
        state.timer = Timer.from_dict(d["timer"])
        state.locked = d["locked"]
        state.private_round = d["private"]
        if d["voting"] is not None:
            state.votes = {}
            state.scores = {}
            state.voting = Voting.from_dict(d["voting"])
    elif event.op == "round.end":
        index = d["index"]
        if index is not None and index < len(state.agenda):
            # `ended` (the seq) orders finished rounds for "start the next round"
            state.agenda = [dict(r, done=True, ended=event.seq) if i == index else r
                            for i, r in enumerate(state.agenda)]
        state.round_index = None
        state.private_round = False
        state.locked = False
        state.timer = Timer.from_dict(d["timer"])
        if d["voting"] is not None:
            state.voting = Voting.from_dict(d["voting"])
    elif event.op == "notes.reveal":
        state.private_round = False
        for note in d["notes"]:
            if note["id"] in state.notes:
                state.notes[note["id"]].private = False
        arrange.apply_positions(state, d["notes"])
        layout.apply_layout(state, d.get("layout"))
