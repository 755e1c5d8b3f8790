"""The store's async front: acks never wait on delivery, whatever delivery does."""

from __future__ import annotations

import asyncio
from pathlib import Path

from cocreate.board.settings import new_workshop_settings
from cocreate.board.state import Actor, Event
from cocreate.store.batch import OpRequest
from cocreate.store.store import Store
from cocreate.store.workshops import create_workshop
from support.ws import run

ACK_WAIT_S = 5.0


def test_acks_resolve_before_delivery_and_a_failing_delivery_stops_nothing(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
        try:
            made = await store.tx(create_workshop, new_workshop_settings({"title": "Parks"}),
                                  "Fran")
            fran = Actor(made["facilitator"]["participant_id"], "facilitator", "Fran")
            delivered: list[list[int]] = []

            def deliver(events: list[Event]) -> None:
                delivered.append([e.seq for e in events])
                raise RuntimeError("the hub failed")

            store.on_events = deliver

            def add(ref: str) -> OpRequest:
                return OpRequest(fran, made["workshop_id"], made["plenary_room_id"], "note.add",
                                 {"text": ref}, ref)

            # Before the fix the first ack never came: delivery raised before it.
            first = await asyncio.wait_for(store.submit(add("one")), ACK_WAIT_S)
            second = await asyncio.wait_for(store.submit(add("two")), ACK_WAIT_S)
            assert (first.error, second.error) == (None, None)
            assert (first.seq, second.seq) == (1, 2)
            assert delivered == [[1], [2]]
            logged = await store.events_between(made["plenary_room_id"], 0, None)
            assert [e.data["text"] for e in logged] == ["one", "two"]
        finally:
            store.close()

    run(scenario(), timeout=30)
