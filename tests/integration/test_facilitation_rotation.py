"""World Café over real server processes: hosts stay, everyone else moves to
another table, and who met whom is kept in the database across a restart."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from typing import Any

import pytest

from support.api import Api
from support.redis import RedisServer
from support.server import ServerProcess
from support.ws import Client, connect, run

GROUPS = ["City", "NGO", "Business", "Union"]


def _hosts(api: Api, workshop_id: str, token: str) -> dict[str, str]:
    r = api.get_workshop(workshop_id, token)
    assert r.status_code == 200, r.text
    hosts: dict[str, str] = r.json()["hosts"]
    return hosts


def _meet(met: set[tuple[str, str]], seats: dict[str, str]) -> None:
    for a, b in combinations(sorted(seats), 2):
        if seats[a] == seats[b]:
            met.add((a, b))


def _repeats(met: set[tuple[str, str]], seats: dict[str, str]) -> int:
    return sum(1 for a, b in combinations(sorted(seats), 2)
               if seats[a] == seats[b] and (a, b) in met)


def _rotated(event: dict[str, Any], seats: dict[str, str], hosts: dict[str, str]) -> None:
    """Every non-host moved to another table; hosts stayed; groups stay mixed."""
    moves = event["data"]["moves"]
    assert event["data"]["hosts"] == hosts
    assert set(moves) == set(seats) - set(hosts.values())
    assert all(moves[pid] != seats[pid] and moves[pid] in hosts for pid in moves)


@pytest.mark.redis
def test_rotation_moves_everyone_but_the_hosts_and_remembers_who_met_across_a_restart(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    servers = [start_server(redis_url=redis_server.url) for _ in range(2)]
    with Api(servers[0].http) as api:
        ws = api.workshop(groups=GROUPS)
        people = [api.member(ws, f"Person {i}", group=GROUPS[i % 4]) for i in range(12)]
    fac = ws.facilitator
    state: dict[str, Any] = {}

    async def first_rotation() -> None:
        async with connect(servers[0].ws, fac.token, label="fac") as a, \
                connect(servers[1].ws, fac.token, label="fac on b") as b:
            split = await a.ack("rooms.split", {"count": 3})
            seats = dict((await a.event(split))["data"]["assignments"])
            with Api(servers[1].http) as other:
                hosts = _hosts(other, ws.id, fac.token)
            firsts: dict[str, str] = {}
            for pid, room in seats.items():
                firsts.setdefault(room, pid)
            assert hosts == firsts  # the first person assigned to each room hosts it
            # The facilitator names another host for one table, on the other process.
            # With one person per group at each table, everyone can move only while
            # the hosts' groups are all alike or all different; pick such a host.
            group_of = {p.participant_id: GROUPS[i % 4] for i, p in enumerate(people)}

            def keeps_everyone_movable(room: str, pid: str) -> bool:
                groups = {group_of[h] for r, h in {**hosts, room: pid}.items()}
                return len(groups) in (1, len(hosts))
            choices = [(r, pid) for r in hosts for pid, seat in seats.items()
                       if seat == r and pid != hosts[r] and keeps_everyone_movable(r, pid)]
            # With all hosts of one group, the host is named again.
            room, other_host = choices[0] if choices else next(iter(hosts.items()))
            await b.ack("room.host", {"room": room, "participant": other_host})
            hosts[room] = other_host
            await b.refused("room.host", {"room": room, "participant": fac.participant_id},
                            "invalid")
            # A mover connected on process A is moved by the rotation sent on B.
            mover = next(p for p in people if p.participant_id not in hosts.values())
            client = await Client.open(servers[0].ws, label=mover.name)
            try:
                await client.hello(mover.token)
                mark = client.mark()
                rotation = await b.event(await b.ack("rooms.rotate", {}))
                moved = await client.wait_type("moved", start=mark, what="moved by rotate")
                assert moved["room"] == rotation["data"]["moves"][mover.participant_id]
                assert (await client.hello(mover.token))["room"]["id"] == moved["room"]
            finally:
                await client.close()
            _rotated(rotation, seats, hosts)
            met: set[tuple[str, str]] = set()
            _meet(met, seats)
            after = {**seats, **rotation["data"]["moves"]}
            assert rotation["data"]["repeats"] == _repeats(met, after)
            _meet(met, after)
            state.update(seats=after, hosts=hosts, met=met)

    run(first_rotation(), timeout=90)
    for server in servers:
        server.stop()
    third = start_server(redis_url=redis_server.url)

    async def after_restart() -> None:
        with Api(third.http) as api:
            assert _hosts(api, ws.id, fac.token) == state["hosts"]
        async with connect(third.ws, fac.token, label="fac after restart") as f:
            rotation = await f.event(await f.ack("rooms.rotate", {}))
            _rotated(rotation, state["seats"], state["hosts"])
            after = {**state["seats"], **rotation["data"]["moves"]}
            # 3 movers per table over 2 other tables: at least one pair per table
            # meets again, and the server counts them from the history it kept.
            repeats = _repeats(state["met"], after)
            assert repeats >= 3
            assert rotation["data"]["repeats"] == repeats

    run(after_restart(), timeout=60)
