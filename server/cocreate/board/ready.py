"""The ready-check: participants say they are done; the room counts them.

Who is done is kept by id (so a reconnect keeps it and a round start clears
it), but no frame names anyone to the others: the event's actor reaches the
sender, and facilitators only while authors are shown by name
(`board.redaction`); everyone else sees counts.
"""

from __future__ import annotations

from typing import Any

from cocreate.board import validate
from cocreate.board.rule import Change, Context
from cocreate.board.state import Actor, BoardState, Event


def ready_set(state: BoardState, data: dict[str, Any], actor: Actor,
              ctx: Context) -> list[Change]:
    validate.expect(data, ready="bool")
    return [Change("ready.set", {"ready": data["ready"]})]


def apply(state: BoardState, event: Event) -> None:
    if event.actor is None:
        return
    if event.data["ready"]:
        state.ready.add(event.actor)
    else:
        state.ready.discard(event.actor)


def ready_counts(ready: set[str], present: list[dict[str, Any]]) -> dict[str, int]:
    """`{"done", "of"}` over the participants with an open socket in the room
    (`present`: P shapes); walls and facilitators are not counted."""
    here = {p["id"] for p in present if p.get("role") == "participant"}
    return {"done": len(here & ready), "of": len(here)}
