"""One clock for all rooms: a timer, an agenda and a round sent with
`all_rooms` reach every room of the workshop, on two processes, as each room's
ordinary events; a room that refuses the op refuses it everywhere."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from support.api import Api
from support.redis import RedisServer
from support.server import ServerProcess
from support.ws import Client, connect, run

GROUPS = ["City", "NGO", "Business"]
AGENDA = [{"title": "Ideas", "seconds": 300}, {"title": "Vote", "seconds": 120}]


@pytest.mark.redis
def test_a_workshop_timer_and_round_reach_every_room_on_two_processes(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    servers = [start_server(redis_url=redis_server.url) for _ in range(2)]
    with Api(servers[0].http) as api:
        ws = api.workshop(groups=GROUPS)
        people = [api.member(ws, f"Person {i}", group=GROUPS[i % 3]) for i in range(6)]

    async def scenario() -> None:
        async with connect(servers[0].ws, ws.facilitator.token, label="fac") as fac:
            split = await fac.ack("rooms.split", {"count": 2})
            rooms = [r["id"] for r in (await fac.event(split))["data"]["rooms"]]
            clients: list[Client] = []
            try:
                for i, p in enumerate(people):
                    c = await Client.open(servers[i % 2].ws, label=p.name)
                    clients.append(c)
                    await c.hello(p.token)
                in_rooms = {c.welcome["room"]["id"] for c in clients if c.welcome}
                assert in_rooms == set(rooms)
                marks = {c: c.mark() for c in clients}
                seq = await fac.ack("timer.start", {"seconds": 600, "label": "Write",
                                                    "all_rooms": True})
                started = await fac.event(seq)
                assert started["op"] == "timer.start"
                ends_at = started["data"]["ends_at"]
                for c in clients:
                    event = await c.wait_for(lambda m: m.get("op") == "timer.start",
                                             start=marks[c], what="the workshop timer")
                    # The same clock everywhere, as the room's own event.
                    assert c.welcome is not None
                    assert event["room"] == c.welcome["room"]["id"]
                    assert event["data"]["ends_at"] == ends_at
                    assert event["data"]["label"] == "Write"
                await fac.ack("timer.extend", {"seconds": 60, "all_rooms": True})
                for c in clients:
                    event = await c.wait_for(lambda m: m.get("op") == "timer.add",
                                             start=marks[c], what="a minute more")
                    assert event["data"]["ends_at"] == ends_at + 60_000

                await fac.ack("agenda.set", {"rounds": AGENDA, "all_rooms": True})
                await fac.ack("round.start", {"index": 1, "all_rooms": True})
                for c in clients:
                    event = await c.wait_for(lambda m: m.get("op") == "round.start",
                                             start=marks[c], what="round 2 everywhere")
                    assert event["data"]["index"] == 1
                    assert event["data"]["round"]["title"] == "Vote"
                # Every board, read fresh, shows the same round.
                for i, p in enumerate(people):
                    async with connect(servers[(i + 1) % 2].ws, p.token) as again:
                        assert again.welcome is not None
                        state = again.welcome["state"]
                        assert state["round"] == 1, state["round"]
                        assert state["timer"]["label"] == "Vote"
            finally:
                await asyncio.gather(*(c.close() for c in clients))
    run(scenario(), timeout=120)


def test_a_room_that_refuses_refuses_everywhere_and_participants_may_not(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop(groups=GROUPS)
    ann = api.member(ws, "Ann", group="City")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac:
            split = await fac.ack("rooms.split", {"count": 2})
            rooms = [r["id"] for r in (await fac.event(split))["data"]["rooms"]]
            async with connect(server.ws, ws.facilitator.token, room=rooms[0],
                               label="fac in room") as there:
                # Only the room has a running timer; the plenary and the other
                # room have none, so a pause for all rooms is refused, naming one.
                await there.ack("timer.start", {"seconds": 300})
                start = there.mark()
                error = await fac.refused("timer.pause", {"all_rooms": True}, "invalid")
                # Rooms are tried in id order: any room but the running one may say no.
                names = {r["id"]: r["name"] for r in (await fac.event(split))["data"]["rooms"]}
                idle = {"Plenary"} | {name for rid, name in names.items() if rid != rooms[0]}
                assert error["message"].split(":")[0] in idle, error
                assert error["message"].endswith("the timer is not running"), error
                await there.ping()
                assert there.events(start) == [], "the running room's timer did not pause"
                await fac.refused("timer.start", {"seconds": 60, "all_rooms": "yes"},
                                  "bad_message")
                await fac.refused("note.add", {"text": "x", "all_rooms": True}, "invalid")
            async with connect(server.ws, ann.token, label="ann") as a:
                await a.refused("timer.start", {"seconds": 60, "all_rooms": True},
                                "forbidden")
    run(scenario(), timeout=60)
