"""Themes into rooms and results back over real sockets on two processes: a split
by the plenary's clusters seeds each room with copies and mixes groups; collect
brings every room's notes back ranked by revealed votes only, with their
sources, replaces rather than repeats, and the plenary's exports show them;
two facilitators splitting or collecting at once never leave half of either."""

from __future__ import annotations

import asyncio
import collections
import csv
import io
from collections.abc import Callable
from typing import Any

import pytest

from support.api import Api, Member
from support.redis import RedisServer
from support.server import ServerProcess
from support.ws import Client, connect, run

GROUPS = ["City", "NGO", "Business"]


async def _add(client: Client, text: str, **data: Any) -> str:
    mark = client.mark()  # a moved client has seen these seqs in its old room too
    seq = await client.ack("note.add", {"text": text, **data})
    event = await client.wait_for(lambda m: m.get("type") == "event" and m["seq"] == seq,
                                  start=mark, what=f"the note.add at {seq}")
    return str(event["data"]["id"])


def _frame_order(state: dict[str, Any], cluster: str) -> list[str]:
    """A frame's note texts in reading order (row by row, left to right)."""
    notes = [n for n in state["notes"] if n["cluster"] == cluster]
    return [n["text"] for n in sorted(notes, key=lambda n: (n["y"], n["x"]))]


async def _board(url: str, token: str, room: str) -> dict[str, Any]:
    async with connect(url, token, room=room, label="look") as c:
        assert c.welcome is not None
        state: dict[str, Any] = c.welcome["state"]
        return state


@pytest.mark.redis
def test_plenary_themes_into_rooms_and_results_back_on_two_processes(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    servers = [start_server(redis_url=redis_server.url) for _ in range(2)]
    with Api(servers[0].http) as api:
        ws = api.workshop(groups=GROUPS)
        people = [api.member(ws, f"Person {i}", group=GROUPS[i % 3]) for i in range(9)]
    group_of = {p.participant_id: GROUPS[i % 3] for i, p in enumerate(people)}
    fac_token, plenary = ws.facilitator.token, ws.plenary_room_id

    async def scenario() -> dict[str, Any]:
        clients = []
        for i, p in enumerate(people):
            c = await Client.open(servers[i % 2].ws, label=p.name)
            clients.append(c)
            await c.hello(p.token)
        try:
            async with connect(servers[0].ws, fac_token, label="fac") as fac:
                # The plenary picks two themes: two clusters of participants' notes.
                buses = await _add(clients[0], "More buses", color="blue")
                trams = await _add(clients[1], "Night trams", color="green")
                benches = await _add(clients[2], "Benches in the shade")
                transport = (await fac.event(await fac.ack(
                    "cluster.add", {"title": "Transport", "notes": [buses, trams]})))["data"]
                parks = (await fac.event(await fac.ack(
                    "cluster.add", {"title": "Parks", "notes": [benches], "x": 1500})))["data"]
                marks = [c.mark() for c in clients]
                split = await fac.event(await fac.ack("rooms.split", {
                    "strategy": "themes", "clusters": [transport["id"], parks["id"]],
                    "balance": ["group", "site"]}))
                rooms = {r["name"]: r["id"] for r in split["data"]["rooms"]}
                assert list(rooms) == ["Transport", "Parks"]
                assignments = split["data"]["assignments"]
                assert set(assignments) == set(group_of)
                for room in rooms.values():
                    assert {group_of[p] for p, r in assignments.items() if r == room} == \
                        set(GROUPS)
                # Everyone follows the move (on either process) and finds the seeds.
                for c, p, m in zip(clients, people, marks, strict=True):
                    moved = await c.wait_type("moved", start=m)
                    assert moved["room"] == assignments[p.participant_id]
                    await c.hello(p.token)
                    assert c.welcome is not None
                    seeds = c.welcome["state"]["notes"]
                    theme = "Transport" if moved["room"] == rooms["Transport"] else "Parks"
                    expected = {"Transport": {"More buses", "Night trams"},
                                "Parks": {"Benches in the shade"}}[theme]
                    assert {n["text"] for n in seeds} == expected
                    for n in seeds:
                        assert n["source"]["room"] == plenary and n["id"] != n["source"]["note"]
                    frames = c.welcome["state"]["clusters"]
                    assert [f["title"] for f in frames] == [theme]
                by_room = collections.defaultdict(list)
                for c, p in zip(clients, people, strict=True):
                    by_room[assignments[p.participant_id]].append(c)

                # Each room works: two new notes, then a hidden vote revealed in
                # Transport only.
                t = by_room[rooms["Transport"]]
                p_ = by_room[rooms["Parks"]]
                bikes = await _add(t[0], "Bike lanes")
                await _add(t[1], "Cheaper tickets")
                await _add(p_[0], "Drinking fountains")
                play = await _add(p_[1], "Play areas")
                for room, members in ((rooms["Transport"], t), (rooms["Parks"], p_)):
                    async with connect(servers[1].ws, fac_token, room=room) as there:
                        await there.ack("voting.start", {"budget": 3, "hidden": True})
                        target = bikes if room == rooms["Transport"] else play
                        for member in members[:3]:
                            await member.ack("vote.add", {"note": target})
                        await there.ack("voting.stop")
                        if room == rooms["Transport"]:
                            await there.ack("voting.reveal")

                # Results back, from the facilitator's socket on the other process.
                async with connect(servers[1].ws, fac_token, label="fac 2") as fac2:
                    mark = fac.mark()
                    first = await fac2.event(await fac2.ack("rooms.collect", {"top": 3}))
                    frames = first["data"]["rooms"]
                    assert set(frames) == set(rooms.values())
                    # The plenary's own client (the other process) sees the results arrive.
                    await fac.wait_for(lambda m: m.get("type") == "event"
                                       and m["op"] == "note.add"
                                       and m["data"]["cluster"] == frames[rooms["Parks"]],
                                       start=mark)
                    again = await fac2.event(await fac2.ack("rooms.collect", {"top": 3}))
                    assert again["data"]["rooms"] == frames
                state = await _board(servers[0].ws, fac_token, plenary)
                return {"state": state, "frames": frames, "rooms": rooms}
        finally:
            await asyncio.gather(*(c.close() for c in clients))

    out = run(scenario())
    state, frames, rooms = out["state"], out["frames"], out["rooms"]
    collected = [c for c in state["clusters"] if c["source"] is not None]
    assert sorted(c["title"] for c in collected) == ["Parks", "Transport"]
    assert {c["source"]["room"] for c in collected} == set(rooms.values())
    # Transport's revealed vote ranks "Bike lanes" first; Parks' hidden vote orders
    # nothing, so its notes come in the order they were written.
    assert _frame_order(state, frames[rooms["Transport"]])[0] == "Bike lanes"
    assert _frame_order(state, frames[rooms["Parks"]]) == [
        "Benches in the shade", "Drinking fountains", "Play areas"]
    copies = [n for n in state["notes"] if n["source"] and n["source"]["room"] != plenary]
    assert len(copies) == 6  # 3 per room: the second collect replaced the first
    authors = {n["text"]: n["author"] for n in state["notes"]}
    assert authors["Bike lanes"] is not None

    with Api(servers[1].http) as api:
        md = api.get(f"/api/rooms/{plenary}/export?format=md", fac_token).text
        assert "## Results from the rooms" in md
        results = md.split("## Results from the rooms", 1)[1]
        assert "### Transport" in results and "### Parks" in results and "Bike lanes" in results
        rows = list(csv.DictReader(io.StringIO(
            api.get(f"/api/rooms/{plenary}/export?format=csv", fac_token).text)))
        from_room = {r["note"]: r["from_room"] for r in rows}
        assert from_room["Bike lanes"] == "Transport"
        assert from_room["Play areas"] == "Parks"
        document = api.get(f"/api/rooms/{plenary}/export?format=json", fac_token).json()
        by_title = {c["title"]: c for c in document["clusters"]}
        assert by_title["Parks"]["source"] == {"room": rooms["Parks"]}
        assert [n["text"] for n in by_title["Parks"]["notes"]] == [
            "Benches in the shade", "Drinking fountains", "Play areas"]


def _members(api: Api, n: int) -> tuple[Any, list[Member]]:
    ws = api.workshop(groups=GROUPS)
    return ws, [api.member(ws, f"P{i}", group=GROUPS[i % 3]) for i in range(n)]


@pytest.mark.redis
def test_two_facilitators_splitting_and_collecting_at_once_leave_no_half_done_state(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    servers = [start_server(redis_url=redis_server.url) for _ in range(2)]
    with Api(servers[0].http) as api:
        ws, people = _members(api, 6)
    # Two facilitators' laptops: the facilitator's token on a socket to each process
    # (the server has one facilitator per workshop; each socket has refs of its own).
    tokens = [ws.facilitator.token, ws.facilitator.token]
    plenary = ws.plenary_room_id

    async def scenario() -> None:
        async with connect(servers[0].ws, tokens[0], label="fac A") as a, \
                connect(servers[1].ws, tokens[1], label="fac B") as b:
            notes = [await _add(a, f"Idea {i}") for i in range(4)]
            c1 = (await a.event(await a.ack("cluster.add", {"title": "One",
                                                            "notes": notes[:2]})))["data"]["id"]
            c2 = (await a.event(await a.ack("cluster.add", {"title": "Two", "notes": notes[2:],
                                                            "x": 1500})))["data"]["id"]
            split = {"strategy": "themes", "clusters": [c1, c2]}
            acks = await asyncio.gather(a.ack("rooms.split", split), b.ack("rooms.split", split))
            events = [await a.event(acks[0]), await b.event(acks[1])]
            last = max(events, key=lambda e: e["seq"])
            made = [r["id"] for e in events for r in e["data"]["rooms"]]
            assert len(set(made)) == 4  # two whole splits, one after the other
            for room in made:
                state = await _board(servers[0].ws, tokens[0], room)
                assert len(state["clusters"]) == 1 and len(state["notes"]) == 2, state
            # Everyone is in a room of the split that committed last, none half-moved.
            with Api(servers[1].http) as api:
                listed = api.get(f"/api/workshops/{ws.id}/participants", tokens[0]).json()
            where = {p["id"]: p["room"] for p in listed if p["role"] == "participant"}
            assert where == last["data"]["assignments"]
            # Each room of the last split gets notes; then both facilitators collect at once.
            for room in (r["id"] for r in last["data"]["rooms"]):
                async with connect(servers[1].ws, tokens[1], room=room) as there:
                    await _add(there, "From " + room)
            acks = await asyncio.gather(a.ack("rooms.collect", {}), b.ack("rooms.collect", {}))
            frames = [(await a.event(acks[0]))["data"]["rooms"],
                      (await b.event(acks[1]))["data"]["rooms"]]
            assert frames[0] == frames[1]  # the second refreshed the first's frames
            state = await _board(servers[1].ws, tokens[1], plenary)
            collected = collections.Counter(c["source"]["room"] for c in state["clusters"]
                                            if c["source"])
            assert collected == dict.fromkeys(made, 1), collected
            per_frame = collections.Counter(n["cluster"] for n in state["notes"]
                                            if n["source"])
            last_rooms = {r["id"] for r in last["data"]["rooms"]}
            for room, frame in frames[0].items():
                assert per_frame[frame] == (3 if room in last_rooms else 2), (room, per_frame)

    run(scenario())
