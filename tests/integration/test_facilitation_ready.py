"""The ready-check over real sockets: counts in presence frames and welcomes,
no participant id in any frame while authors are hidden, names for the
facilitator while they are shown, cleared by a round start, kept on reconnect."""

from __future__ import annotations

import json
from typing import Any

from support.api import Api
from support.server import ServerProcess
from support.ws import Client, connect, run


async def _counts(client: Client, start: int, done: int, of: int) -> dict[str, Any]:
    frame = await client.wait_for(
        lambda m: m.get("type") == "presence" and m.get("ready") == {"done": done, "of": of},
        start=start, what=f"ready {done} of {of}")
    return frame


def test_ready_counts_name_no_one_while_authors_are_hidden(server: ServerProcess,
                                                           api: Api) -> None:
    workshop = api.workshop(authors="hidden")
    ann = api.member(workshop, "Ann", "NGO")
    bob = api.member(workshop, "Bob", "City")
    wall = api.member(workshop, "Wall", role="wall")

    async def scenario() -> None:
        async with connect(server.ws, workshop.facilitator.token, label="fac") as fac, \
                connect(server.ws, wall.token, label="wall") as w, \
                connect(server.ws, ann.token, label="ann") as a, \
                connect(server.ws, bob.token, label="bob") as b:
            start = {c: c.mark() for c in (fac, w, a, b)}
            seq = await a.ack("ready.set", {"ready": True})
            for c in (fac, w, b):
                event = await c.event(seq)
                assert event["op"] == "ready.set" and event["actor"] is None, (c.label, event)
                await _counts(c, start[c], 1, 2)
            assert (await a.event(seq))["actor"] == ann.participant_id
            # No frame any of them received since names Ann (presence lists who is
            # in the room, as always, but nothing links anyone to "done").
            for c in (fac, w, b):
                frames = [f for f in c.raw[start[c]:] if json.loads(f)["type"] != "presence"]
                assert frames and not any(ann.participant_id in f for f in frames), c.label
            # The state in a welcome counts the same and tells only Ann it is hers.
            async with connect(server.ws, bob.token, label="bob again") as again:
                assert again.welcome is not None
                assert again.welcome["state"]["ready"] == {"done": 1, "of": 2, "mine": False}
            async with connect(server.ws, ann.token, label="ann again") as again:
                assert again.welcome is not None
                assert again.welcome["state"]["ready"]["mine"] is True
            refused = await fac.refused("ready.set", {"ready": True}, "forbidden")
            assert "participant" in refused["message"]
    run(scenario(), timeout=60)


def test_with_names_the_facilitator_sees_who_and_a_round_start_clears(
        server: ServerProcess, api: Api) -> None:
    workshop = api.workshop(authors="named")
    ann = api.member(workshop, "Ann", "NGO")
    bob = api.member(workshop, "Bob", "City")

    async def scenario() -> None:
        async with connect(server.ws, workshop.facilitator.token, label="fac") as fac, \
                connect(server.ws, ann.token, label="ann") as a, \
                connect(server.ws, bob.token, label="bob") as b:
            start = fac.mark()
            seq = await b.ack("ready.set", {"ready": True})
            assert (await fac.event(seq))["actor"] == bob.participant_id
            assert (await a.event(seq))["actor"] is None
            await _counts(fac, start, 1, 2)
            async with connect(server.ws, workshop.facilitator.token, label="fac 2") as f2:
                assert f2.welcome is not None
                assert f2.welcome["state"]["ready"]["who"] == [bob.participant_id]
            # Bob's socket closes: he stays done, but is not counted while away.
            start = fac.mark()
            await b.close()
            await _counts(fac, start, 0, 1)
            start = fac.mark()
            await fac.ack("agenda.set", {"rounds": [{"title": "Ideas", "seconds": 60}]})
            await fac.ack("round.start", {})
            await _counts(fac, start, 0, 1)
            async with connect(server.ws, bob.token, label="bob back") as back:
                assert back.welcome is not None
                assert back.welcome["state"]["ready"] == {"done": 0, "of": 2, "mine": False}
    run(scenario(), timeout=60)
