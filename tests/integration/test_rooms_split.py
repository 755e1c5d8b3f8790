"""Breakout rooms over real sockets: splits mixed by stakeholder group and random,
`moved` followed by a new hello and welcome, recall to the plenary, announcements
in every room on two processes, who may open which room and who may move people."""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Callable
from typing import Any

import pytest

from support.api import Api
from support.redis import RedisServer
from support.server import ServerProcess
from support.ws import Client, connect, open_many, run

GROUPS = ["City", "NGO", "Business", "Union"]


async def _follow_move(client: Client, token: str, start: int, target: str) -> dict[str, Any]:
    """Wait for `moved` to `target`, say hello again as a client does, return the welcome."""
    moved = await client.wait_type("moved", start=start, what=f"moved to {target}")
    assert moved == {"type": "moved", "room": target}, moved
    welcome = await client.hello(token)
    assert welcome["room"]["id"] == target, welcome["room"]
    assert welcome["participant"]["room"] == target, welcome["participant"]
    return welcome


def _assert_mixed(assignments: dict[str, str], group_of: dict[str, str],
                  rooms: list[str]) -> None:
    sizes = collections.Counter(assignments.values())
    assert set(sizes) <= set(rooms), (sizes, rooms)
    counts = [sizes.get(r, 0) for r in rooms]
    assert max(counts) - min(counts) <= 1, counts
    for group in set(group_of.values()):
        per_room = collections.Counter(r for pid, r in assignments.items()
                                       if group_of[pid] == group)
        heads = [per_room.get(r, 0) for r in rooms]
        assert max(heads) - min(heads) <= 1, (group, heads)


def test_split_mix_24_people_in_4_groups_into_4_rooms_then_recall(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop(groups=GROUPS)
    people = [api.member(ws, f"Person {i}", group=GROUPS[i % 4]) for i in range(24)]
    group_of = {p.participant_id: GROUPS[i % 4] for i, p in enumerate(people)}
    wall = api.member(ws, "Projector", role="wall")
    plenary = ws.plenary_room_id

    async def scenario() -> None:
        clients = await open_many(server.ws, [(p.name, p.token) for p in people])
        try:
            async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                    connect(server.ws, wall.token, label="wall") as w:
                marks = [c.mark() for c in clients]
                fac_mark, wall_mark = fac.mark(), w.mark()
                seq = await fac.ack("rooms.split", {"count": 4, "strategy": "mix"})
                event = await fac.event(seq)
                assert event["op"] == "rooms.split" and event["room"] == plenary, event
                assignments = event["data"]["assignments"]
                rooms = event["data"]["rooms"]
                assert len(rooms) == 4 and all(r["plenary"] is False for r in rooms), rooms
                room_ids = [r["id"] for r in rooms]
                assert len(set(room_ids)) == 4 and plenary not in room_ids
                # Every participant is placed; facilitators and walls stay where they are.
                assert set(assignments) == set(group_of), assignments
                _assert_mixed(assignments, group_of, room_ids)
                for room in room_ids:
                    groups = {group_of[pid] for pid, r in assignments.items() if r == room}
                    assert groups == set(GROUPS), (room, groups)
                    assert list(assignments.values()).count(room) == 6

                # Each client sees the split, gets `moved`, says hello, lands in its room.
                welcomes = await asyncio.gather(*(
                    _follow_move(c, p.token, m, assignments[p.participant_id])
                    for c, p, m in zip(clients, people, marks, strict=True)))
                by_room: dict[str, set[str]] = collections.defaultdict(set)
                for p, c, m, welcome in zip(people, clients, marks, welcomes, strict=True):
                    split = next(e for e in c.events(m) if e["op"] == "rooms.split")
                    assert split["data"]["assignments"] == assignments
                    by_room[welcome["room"]["id"]].add(welcome["participant"]["group"])
                    assert welcome["participant"]["id"] == p.participant_id
                assert {r: g for r, g in by_room.items()} == {r: set(GROUPS) for r in room_ids}
                for other in (fac, w):
                    assert not other.of_type("moved", fac_mark if other is fac else wall_mark)

                # The new rooms' logs begin with the split that made them.
                for room in room_ids:
                    async with connect(server.ws, ws.facilitator.token, room=room, since=0,
                                       label=f"log-{room[:4]}") as look:
                        first = await look.event(1)
                        assert first["op"] == "rooms.split" and first["room"] == room, first
                # Moved clients no longer get the plenary's events.
                note_seq = await fac.ack("note.add", {"text": "Plenary only"})
                await w.event(note_seq)

                # Recall: every participant client is moved back and welcomed in the plenary.
                marks = [c.mark() for c in clients]
                seq = await fac.ack("rooms.recall", {})
                assert (await fac.event(seq))["data"] == {"room": plenary}
                welcomes = await asyncio.gather(*(
                    _follow_move(c, p.token, m, plenary)
                    for c, p, m in zip(clients, people, marks, strict=True)))
                for c, m, welcome in zip(clients, marks, welcomes, strict=True):
                    recall = next(e for e in c.events(m) if e["op"] == "rooms.recall")
                    assert recall["room"] in room_ids, recall
                    assert welcome["seq"] >= seq
                    assert "Plenary only" in {n["text"] for n in welcome["state"]["notes"]}
                # Earlier events of the plenary never reached the moved-away clients.
                for c in clients:
                    assert not [e for e in c.events() if e["op"] == "note.add"], c.label

                # Random split into 5: sizes differ by at most one.
                seq = await fac.ack("rooms.split", {"count": 5, "strategy": "random"})
                data = (await fac.event(seq))["data"]
                new_rooms = [r["id"] for r in data["rooms"]]
                assert len(new_rooms) == 5 and not set(new_rooms) & set(room_ids)
                assert [r["name"] for r in data["rooms"]] == [f"Room {i}" for i in range(5, 10)]
                assert set(data["assignments"]) == set(group_of)
                sizes = sorted(collections.Counter(data["assignments"].values()).values())
                assert sizes == [4, 5, 5, 5, 5], sizes
        finally:
            await asyncio.gather(*(c.close() for c in clients))

    run(scenario())


def test_a_participant_may_not_split_assign_or_run_the_workshop(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    ada = api.member(ws, "Ada", group="City")
    bo = api.member(ws, "Bo", group="NGO")
    wall = api.member(ws, "Projector", role="wall")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, wall.token, label="wall") as w:
            seq = await fac.ack("room.add", {"name": "North"})
            north = (await a.event(seq))["data"]["room"]["id"]
            attempts = [
                ("rooms.split", {"count": 2, "strategy": "mix"}),
                ("rooms.split", {"count": 2, "strategy": "random"}),
                ("room.assign", {"participant": bo.participant_id, "room": north}),
                ("room.assign", {"participant": ada.participant_id, "room": north}),
                ("room.add", {"name": "Mine"}),
                ("rooms.recall", {}),
                ("announce", {"text": "Hello all"}),
                ("workshop.settings", {"authors": "hidden"}),
            ]
            for client in (a, w):
                for op, data in attempts:
                    await client.refused(op, data, "forbidden")
            # Nothing changed: the next op takes the next seq, nobody was moved.
            assert await fac.ack("announce", {"text": "Still here"}) == seq + 1
            await a.event(seq + 1)
            assert not a.of_type("moved")
        r = api.get_workshop(ws.id, ada.token)
        assert [room["name"] for room in r.json()["rooms"]] == ["Plenary", "North"], r.json()
        assert r.json()["authors"] == "named"
        async with connect(server.ws, bo.token, label="bo") as b:
            assert b.welcome is not None and b.welcome["room"]["id"] == ws.plenary_room_id

    run(scenario())


async def _expect_4401(url: str, token: str, room: str) -> None:
    client = await Client.open(url, label="refused")
    try:
        await client.send({"type": "hello", "token": token, "room": room})
        code = await client.wait_closed()
        assert code == 4401, (code, client.messages)
        assert not client.of_type("welcome"), client.messages
    finally:
        await client.close()


def test_moves_survive_reconnects_and_who_may_open_which_room(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    plenary = ws.plenary_room_id
    ada = api.member(ws, "Ada", group="City")
    bo = api.member(ws, "Bo", group="NGO")
    wall = api.member(ws, "Projector", role="wall")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac:
            rooms = []
            for name in ("North", "South"):
                seq = await fac.ack("room.add", {"name": name})
                rooms.append((await fac.event(seq))["data"]["room"]["id"])
            north, south = rooms
            # Ada is connected when moved; her connection drops before she says hello.
            async with connect(server.ws, ada.token, label="ada") as a:
                start = a.mark()
                seq = await fac.ack("room.assign", {"participant": ada.participant_id,
                                                    "room": north})
                assigned = await a.event(seq)
                assert assigned["data"] == {"participant": ada.participant_id, "room": north}
                assert (await a.wait_type("moved", start=start))["room"] == north
            # Bo is offline when moved.
            seq = await fac.ack("room.assign", {"participant": bo.participant_id,
                                                "room": south})
            await fac.refused("room.assign", {"participant": "nobody", "room": south},
                              "not_found")
            await fac.refused("room.assign", {"participant": bo.participant_id,
                                              "room": "nowhere"}, "not_found")

        for member, room in ((ada, north), (bo, south)):
            async with connect(server.ws, member.token, label=f"{member.name}-back") as c:
                assert c.welcome is not None
                assert c.welcome["room"]["id"] == room, c.welcome["room"]
                assert c.welcome["participant"]["room"] == room
                # A note from here lands in that room.
                seq = await c.ack("note.add", {"text": f"{member.name} in {room}"})
                assert (await c.event(seq))["room"] == room
            # With the room named explicitly, and the plenary, it works too.
            for allowed in (room, plenary):
                async with connect(server.ws, member.token, room=allowed) as c:
                    assert c.welcome is not None and c.welcome["room"]["id"] == allowed
        # A participant may not open another breakout room.
        await _expect_4401(server.ws, ada.token, south)
        await _expect_4401(server.ws, bo.token, north)
        # Facilitators and walls open any room of the workshop.
        for member in (ws.facilitator, wall):
            for room in (plenary, north, south):
                async with connect(server.ws, member.token, room=room) as c:
                    assert c.welcome is not None and c.welcome["room"]["id"] == room
                    texts = {n["text"] for n in c.welcome["state"]["notes"]}
                    expected = {north: {f"Ada in {north}"}, south: {f"Bo in {south}"},
                                plenary: set()}[room]
                    assert texts == expected, (room, texts)
        # A facilitator's connection moves between rooms with a new hello.
        async with connect(server.ws, ws.facilitator.token, room=north, label="tour") as c:
            welcome = await c.hello(ws.facilitator.token, room=south)
            assert welcome["room"]["id"] == south
            start = c.mark()
            async with connect(server.ws, ada.token, room=north, label="ada-n") as a:
                await a.ack("note.add", {"text": "Not for the south"})
            async with connect(server.ws, bo.token, room=south, label="bo-s") as b:
                seq = await b.ack("note.add", {"text": "For the south"})
            event = await c.event(seq)
            assert event["data"]["text"] == "For the south"
            assert [e["room"] for e in c.events(start)] == [south], c.events(start)

    run(scenario())


@pytest.mark.redis
def test_announce_reaches_every_room_on_two_processes(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    servers = [start_server(redis_url=redis_server.url) for _ in range(2)]
    with Api(servers[0].http) as api:
        ws = api.workshop(groups=GROUPS)
        people = [api.member(ws, f"Person {i}", group=GROUPS[i % 4]) for i in range(8)]
        wall = api.member(ws, "Projector", role="wall")
    plenary = ws.plenary_room_id

    async def scenario() -> None:
        async with connect(servers[0].ws, ws.facilitator.token, label="fac") as fac:
            seq = await fac.ack("rooms.split", {"count": 3, "strategy": "mix"})
            data = (await fac.event(seq))["data"]
            rooms = [r["id"] for r in data["rooms"]]
            clients: list[Client] = []
            try:
                # Participants in their rooms, alternating processes; a wall and a
                # facilitator connection in every room on the other process.
                for i, p in enumerate(people):
                    c = await Client.open(servers[i % 2].ws, label=p.name)
                    clients.append(c)
                    welcome = await c.hello(p.token)
                    assert welcome["room"]["id"] == data["assignments"][p.participant_id]
                for i, room in enumerate([plenary, *rooms]):
                    for member, server in ((wall, servers[i % 2]),
                                           (ws.facilitator, servers[(i + 1) % 2])):
                        c = await Client.open(server.ws, label=f"{member.name}-{room[:4]}")
                        clients.append(c)
                        await c.hello(member.token, room=room)
                rooms_seen = {c.welcome["room"]["id"] for c in clients if c.welcome}
                assert rooms_seen == {plenary, *rooms}
                ack = await fac.ack("announce", {"text": "Ten minutes left"})
                assert ack == seq + 1
                for c in clients:
                    assert c.welcome is not None
                    expected = c.welcome["seq"] + 1
                    event = await c.event(expected, timeout=15)
                    assert event["op"] == "announce", (c.label, event)
                    assert event["data"] == {"text": "Ten minutes left"}, event
                    assert event["room"] == c.welcome["room"]["id"], event
                    assert event["actor"] == ws.facilitator.participant_id
                ack = await fac.ack("announce", {"text": "Five minutes left"})
                for c in clients:
                    assert c.welcome is not None
                    event = await c.event(c.welcome["seq"] + 2, timeout=15)
                    assert event["data"] == {"text": "Five minutes left"}, event
            finally:
                await asyncio.gather(*(c.close() for c in clients))

    run(scenario())
