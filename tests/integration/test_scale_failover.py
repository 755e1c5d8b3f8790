"""`kill -9` of one of two processes: its clients move to the other and lose nothing.

Every process is equal and an ack means durable, so when a process dies its
clients reconnect to a survivor with `since` (the last seq they applied),
receive exactly the events they missed, and resend any op whose ack never
came with the same ref: it is applied once, whichever process took it first.
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


def test_kill_9_of_one_process_moves_its_clients_to_the_other(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    doomed, survivor = (start_server(redis_url=redis_server.url) for _ in range(2))
    servers = [doomed, survivor]
    with Api(survivor.http) as api:
        ws = api.workshop()
        people = [api.member(ws, f"Person {i}") for i in range(4)]
        walls = [api.member(ws, f"Wall {i}", role="wall") for i in range(2)]
    writers = [Writer(f"w{i}", m, servers, seed=i) for i, m in enumerate(people)]
    watchers = [Follower(f"wall{i}", m, servers) for i, m in enumerate(walls)]
    views: list[Follower] = [*writers, *watchers]

    async def scenario() -> None:
        stop = asyncio.Event()
        tasks: list[asyncio.Task[None]] = []
        try:
            for i, view in enumerate(views):
                await view.open(servers[i % 2])
            moved = [v for v in views if v.server is doomed]
            tasks = [asyncio.create_task(w.run(stop, pause=0.01)) for w in writers]
            tasks += [asyncio.create_task(f.watch(stop)) for f in watchers]
            await asyncio.sleep(1.0)
            doomed.kill9()  # while ops are in flight on it
            await asyncio.sleep(1.5)
            stop.set()
            await asyncio.gather(*tasks)
            assert await healthz(survivor) == (200, {"db": "ok", "redis": "ok"})

            last, board = await fresh_state(survivor, ws.facilitator.token)
            await asyncio.gather(*(v.sync(last) for v in views))
            for view in views:
                if view in moved:
                    assert len(view.reconnects) == 1, (view.label, view.reconnects)
                    port, since, welcome = view.reconnects[0]
                    assert port == survivor.port and since > 0, view.reconnects
                    # Within the log: the missed events, not a whole new board.
                    assert welcome["state"] is None, welcome
                else:
                    assert view.reconnects == [], (view.label, view.reconnects)
            assert {w.server.port for w in writers if w.server} == {survivor.port}
            assert_one_history(views, last)
            assert_acks_kept(writers, views)
            assert_same_board(views, board)
        finally:
            stop.set()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await asyncio.gather(*(v.close() for v in views))

    run(scenario(), timeout=120)
