"""The protocol's error precedence holds in every state, also just after a move."""

from __future__ import annotations

from support.api import Api
from support.server import ServerProcess
from support.ws import connect, run


def test_a_moved_participant_gets_forbidden_before_invalid(server: ServerProcess,
                                                          api: Api) -> None:
    workshop = api.workshop()
    ann = api.member(workshop, "Ann", "NGO")

    async def scenario() -> None:
        async with connect(server.ws, workshop.facilitator.token, label="fac") as fac, \
                connect(server.ws, ann.token, label="ann") as client:
            seq = await fac.ack("room.add", {"name": "Breakout"})
            room = (await fac.event(seq))["data"]["room"]["id"]
            start = client.mark()
            await fac.ack("room.assign", {"participant": ann.participant_id, "room": room})
            await client.wait_type("moved", start=start, room=room)
            # Not said hello for the new room yet.
            await client.refused("board.lock", {}, "forbidden")
            await client.refused("rooms.recall", {}, "forbidden")
            await client.refused("no.such.op", {}, "unknown_op")
            error = await client.refused("note.add", {"text": "hi"}, "invalid")
            assert "moved" in error["message"]
            await client.hello(ann.token, room=room)
            await client.ack("note.add", {"text": "hi"})
    run(scenario(), timeout=60)
