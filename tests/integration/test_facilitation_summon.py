"""Summon over real sockets: twenty participants on two processes, spread over
breakout rooms, are brought to the facilitator's room and view; without
`all`, only the sender's room is called."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from support.api import Api
from support.redis import RedisServer
from support.server import ServerProcess
from support.ws import Client, connect, run

GROUPS = ["City", "NGO", "Business", "Union"]
VIEW = {"x": 640.0, "y": 360.0, "zoom": 1.25}


async def _follow(client: Client, token: str, start: int, target: str) -> dict[str, Any]:
    """A client that is moved says hello again, then takes the summon's view."""
    moved = await client.wait_type("moved", start=start, what="moved by the summon")
    assert moved["room"] == target
    summon = await client.wait_type("summon", start=start, what="the summon")
    assert client.messages.index(moved) < client.messages.index(summon), "moved comes first"
    welcome = await client.hello(token)
    assert welcome["room"]["id"] == target
    return summon


@pytest.mark.redis
def test_summon_brings_20_clients_on_two_processes_to_the_facilitators_room(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    servers = [start_server(redis_url=redis_server.url) for _ in range(2)]
    with Api(servers[0].http) as api:
        ws = api.workshop(groups=GROUPS)
        people = [api.member(ws, f"Person {i}", group=GROUPS[i % 4]) for i in range(20)]
        wall = api.member(ws, "Wall", role="wall")

    async def scenario() -> None:
        async with connect(servers[0].ws, ws.facilitator.token, label="fac") as fac:
            split = await fac.ack("rooms.split", {"count": 4})
            rooms = [r["id"] for r in (await fac.event(split))["data"]["rooms"]]
            clients: list[Client] = []
            try:
                for i, p in enumerate(people):
                    c = await Client.open(servers[i % 2].ws, label=p.name)
                    clients.append(c)
                    await c.hello(p.token)
                w = await Client.open(servers[1].ws, label="wall")
                clients.append(w)
                await w.hello(wall.token, room=rooms[0])
                # The facilitator calls everyone from room 2 to a part of its board.
                async with connect(servers[1].ws, ws.facilitator.token, room=rooms[1],
                                   label="fac in room 2") as there:
                    marks = {c: c.mark() for c in clients}
                    await there.ack("summon", {"viewport": VIEW, "all": True})
                    summons = await asyncio.gather(*(
                        _follow(c, p.token, marks[c], rooms[1])
                        for c, p in zip(clients, people, strict=False)
                        if c.welcome and c.welcome["room"]["id"] != rooms[1]))
                    assert all(s == {"type": "summon", "room": rooms[1], "viewport": VIEW}
                               for s in summons)
                    for c in clients[:20]:
                        if c.welcome and c.welcome["room"]["id"] == rooms[1] \
                                and not c.of_type("moved", marks[c]):
                            s = await c.wait_type("summon", start=marks[c])
                            assert s["viewport"] == VIEW
                    # All twenty are in room 2 now; the wall stays where it was.
                    assert {c.welcome["room"]["id"] for c in clients[:20] if c.welcome} \
                        == {rooms[1]}
                    await w.ping()
                    assert w.of_type("moved", marks[w]) == []
                    assert w.of_type("summon", marks[w]) == []
            finally:
                await asyncio.gather(*(c.close() for c in clients))
    run(scenario(), timeout=120)


def test_a_summon_without_all_calls_only_the_senders_room(server: ServerProcess,
                                                           api: Api) -> None:
    ws = api.workshop(groups=GROUPS)
    ann = api.member(ws, "Ann", group="City")
    bob = api.member(ws, "Bob", group="NGO")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac:
            split = await fac.ack("rooms.split", {"count": 2})
            assignments = (await fac.event(split))["data"]["assignments"]
            async with connect(server.ws, ann.token, label="ann") as a, \
                    connect(server.ws, bob.token, label="bob") as b:
                room = assignments[ann.participant_id]
                assert assignments[bob.participant_id] != room
                async with connect(server.ws, ws.facilitator.token, room=room) as there:
                    marks = {c: c.mark() for c in (a, b)}
                    seq = await there.ack("summon", {})
                    summon = await a.wait_type("summon", start=marks[a])
                    assert summon == {"type": "summon", "room": room, "viewport": None}
                    # Bob's room logs the event too, but does not call him.
                    event = await b.wait_for(lambda m: m.get("op") == "summon",
                                             start=marks[b], what="the summon event")
                    assert event["data"] == {"room": room, "viewport": None, "all": False}
                    assert seq > 0
                    await b.ping()
                    assert b.of_type("summon", marks[b]) == []
                    assert b.of_type("moved", marks[b]) == []
                    await there.refused("summon", {"viewport": {"x": 0, "y": 0, "zoom": 9}},
                                        "invalid")
                await a.refused("summon", {}, "forbidden")
    run(scenario(), timeout=60)


def test_a_summon_may_name_its_room_as_the_overview_does(server: ServerProcess,
                                                        api: Api) -> None:
    """The console's socket is in the plenary; Summon on a breakout's tile names it."""
    ws = api.workshop(groups=GROUPS)
    ann = api.member(ws, "Ann", group="City")
    bob = api.member(ws, "Bob", group="NGO")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac:
            split = await fac.ack("rooms.split", {"count": 2})
            assignments = (await fac.event(split))["data"]["assignments"]
            target = assignments[bob.participant_id]
            async with connect(server.ws, ann.token, label="ann") as a, \
                    connect(server.ws, bob.token, label="bob") as b:
                marks = {c: c.mark() for c in (a, b)}
                await fac.ack("summon", {"room": target, "all": True})
                summon = await _follow(a, ann.token, marks[a], target)
                assert summon == {"type": "summon", "room": target, "viewport": None}
                assert (await b.wait_type("summon", start=marks[b]))["room"] == target
                assert b.of_type("moved", marks[b]) == []
                # The facilitator's console stays where it is.
                await fac.ping()
                assert fac.of_type("moved") == []
                await fac.refused("summon", {"room": "no-such-room", "all": True},
                                  "not_found")
    run(scenario(), timeout=60)


def test_the_facilitators_view_is_relayed_for_followers_and_no_one_elses(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop(authors="hidden")
    ann = api.member(ws, "Ann", group="City")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ann.token, label="ann") as a:
            start = a.mark()
            await fac.send({"type": "viewport", "x": 120, "y": -40, "zoom": 1.5})
            frame = await a.wait_type("viewport", start=start, what="the facilitator's view")
            # Who leads is no secret, even while authors are hidden.
            assert frame == {"type": "viewport", "actor": ws.facilitator.participant_id,
                             "x": 120, "y": -40, "zoom": 1.5}
            for client, zoom, code in ((a, 1, "forbidden"), (fac, 9, "bad_message")):
                mark = client.mark()
                await client.send({"type": "viewport", "ref": "v", "x": 0, "y": 0,
                                   "zoom": zoom})
                error = await client.wait_type("error", start=mark, what=code)
                assert error["code"] == code and error["ref"] == "v", error
            await fac.ping()
            assert fac.of_type("viewport") == []  # not echoed to its sender
    run(scenario(), timeout=60)
