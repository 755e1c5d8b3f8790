"""One room served by several processes through Redis: one history for everyone.

Two `cocreate serve` processes (or one with `--workers 2`) share a database
and a real `redis-server`; clients on every process send ops at once, and
every client must receive the very same events, byte for byte, in seq order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from support.api import Api
from support.redis import RedisServer
from support.scale import (
    Follower,
    Writer,
    assert_acks_kept,
    assert_one_history,
    assert_same_board,
    fresh_state,
    healthz,
)
from support.server import ServerProcess
from support.ws import run

pytestmark = pytest.mark.redis


def test_clients_on_two_processes_see_one_identical_history(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    prefix = "townhall-2026:"  # COCREATE_REDIS_PREFIX: several deployments share one Redis
    servers = [start_server(redis_url=redis_server.url,
                            extra_env={"COCREATE_REDIS_PREFIX": prefix}) for _ in range(2)]
    with Api(servers[0].http) as api:
        ws = api.workshop()
        people = [api.member(ws, f"Person {i}", group="City") for i in range(4)]
        walls = [api.member(ws, f"Wall {i}", role="wall") for i in range(2)]
    writers = [Writer(f"w{i}", m, servers, seed=i) for i, m in enumerate(people)]
    watchers = [Follower(f"wall{i}", m, servers) for i, m in enumerate(walls)]
    views: list[Follower] = [*writers, *watchers]

    async def scenario() -> None:
        try:
            for i, view in enumerate(views):
                await view.open(servers[i % 2])
            # One channel per room, `{prefix}room:{room_id}`, subscribed by both processes.
            assert redis_server.wait_numsub(f"{prefix}room:{ws.plenary_room_id}", 2) == 2
            assert redis_server.numsub(f"cocreate:room:{ws.plenary_room_id}") == 0
            for server in servers:
                status, body = await healthz(server)
                assert (status, body) == (200, {"db": "ok", "redis": "ok"})
            await asyncio.gather(*(w.run_count(30) for w in writers))
            last = max(seq for w in writers for seq, _, _ in w.acked.values())
            assert last == 4 * 30
            await asyncio.gather(*(v.sync(last) for v in views))
            for view in views:
                assert view.server is not None and view.reconnects == []
            assert_one_history(views, last)
            assert_acks_kept(writers, views)
            for server in servers:
                seq, board = await fresh_state(server, ws.facilitator.token)
                assert seq == last
                assert_same_board(views, board)
        finally:
            await asyncio.gather(*(v.close() for v in views))

    run(scenario(), timeout=120)


def test_workers_2_on_one_port_serve_one_room(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    server = start_server(redis_url=redis_server.url, workers=2)
    with Api(server.http) as api:
        ws = api.workshop()
        people = [api.member(ws, f"Person {i}") for i in range(4)]
    channel = f"cocreate:room:{ws.plenary_room_id}"
    writers = [Writer(f"w{i}", m, [server], seed=i) for i, m in enumerate(people)]
    extra: list[Follower] = []

    async def scenario() -> None:
        try:
            for w in writers:
                await w.open(server)
            # The kernel hands each connection to one worker; open more until both
            # workers hold a client of the room (each then subscribes to its channel).
            while redis_server.wait_numsub(channel, 2, timeout=0.3) < 2 and len(extra) < 40:
                follower = Follower(f"extra{len(extra)}", people[len(extra) % 4], [server])
                await follower.open(server)
                extra.append(follower)
            assert redis_server.numsub(channel) == 2, (
                f"after {len(extra) + len(writers)} connections only "
                f"{redis_server.numsub(channel)} worker(s) subscribed to {channel}")
            await asyncio.gather(*(w.run_count(20) for w in writers))
            last = 4 * 20
            views = [*writers, *extra]
            await asyncio.gather(*(v.sync(last) for v in views))
            assert_one_history(views, last)
            assert_acks_kept(writers, views)
            seq, board = await fresh_state(server, ws.facilitator.token)
            assert seq == last
            assert_same_board(views, board)
        finally:
            await asyncio.gather(*(v.close() for v in [*writers, *extra]))

    run(scenario(), timeout=120)
