"""Redis stops in the middle of a workshop and comes back: nothing acknowledged is lost.

Redis is the nervous system, not the memory: while it is down every process
keeps accepting ops (the database is the truth), `/healthz` keeps answering
200 with `"redis": "down"` so a load balancer keeps every process, and the
processes reach each other through the event log. Once it is back they
reconnect by themselves and every client converges without reloading.
"""

from __future__ import annotations

import asyncio
import time
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
    wait_health,
)
from support.server import ServerProcess
from support.ws import run

pytestmark = pytest.mark.redis

OUTAGE_S = 3.0


def _acks(writers: list[Writer]) -> int:
    return sum(len(w.acked) for w in writers)


def test_redis_killed_for_3_seconds_mid_run_loses_no_acked_op(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    servers = [start_server(redis_url=redis_server.url) for _ in range(2)]
    with Api(servers[0].http) as api:
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
            tasks = [asyncio.create_task(w.run(stop)) for w in writers]
            await asyncio.sleep(1.0)
            before = _acks(writers)
            assert before > 0

            redis_server.kill()
            killed = time.monotonic()
            for server in servers:
                await wait_health(server, "down", timeout=OUTAGE_S)
            # Down all along: still 200, so no load balancer drains the processes.
            while time.monotonic() - killed < OUTAGE_S:
                for server in servers:
                    assert await healthz(server) == (200, {"db": "ok", "redis": "down"})
                await asyncio.sleep(0.25)
            during = _acks(writers) - before
            redis_server.start()

            for server in servers:
                await wait_health(server, "ok", timeout=10)
            await asyncio.sleep(1.0)
            stop.set()
            await asyncio.gather(*tasks)
            after = _acks(writers) - before - during
            # Every process kept accepting ops through the outage, and after it.
            assert during >= 20, during
            assert after > 0, after
            for w in writers:
                assert w.reconnects == [], f"{w.label} lost its connection: {w.reconnects}"

            last, board = await fresh_state(servers[0], ws.facilitator.token)
            assert last == max(seq for w in writers for seq, _, _ in w.acked.values())
            await asyncio.gather(*(v.sync(last) for v in views))
            assert_one_history(views, last)
            assert_acks_kept(writers, views)
            assert_same_board(views, board)
            seq, other = await fresh_state(servers[1], ws.facilitator.token)
            assert seq == last and other.view() == board.view()
        finally:
            stop.set()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await asyncio.gather(*(v.close() for v in views))

    run(scenario(), timeout=120)


def test_a_process_started_while_redis_is_down_serves_and_joins_later(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    first = start_server(redis_url=redis_server.url)
    with Api(first.http) as api:
        ws = api.workshop()
        ada, bo = api.member(ws, "Ada"), api.member(ws, "Bo")
    redis_server.kill()
    second = start_server(redis_url=redis_server.url)
    writers = [Writer("ada", ada, [first]), Writer("bo", bo, [second])]

    async def scenario() -> None:
        try:
            assert await healthz(second) == (200, {"db": "ok", "redis": "down"})
            await writers[0].open(first)
            await writers[1].open(second)
            await asyncio.gather(*(w.run_count(5) for w in writers))
            redis_server.start()
            await wait_health(first, "ok")
            await wait_health(second, "ok")
            await asyncio.gather(*(w.run_count(5) for w in writers))
            last, board = await fresh_state(second, ws.facilitator.token)
            assert last == 20
            await asyncio.gather(*(w.sync(last) for w in writers))
            assert_one_history(writers, last)
            assert_acks_kept(writers, writers)
            assert_same_board(writers, board)
        finally:
            await asyncio.gather(*(w.close() for w in writers))

    run(scenario(), timeout=90)


def test_while_redis_is_down_other_processes_get_events_from_the_log_within_a_second(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer,
        database_url: str) -> None:
    """The design: while Redis is down the hub polls the log every 0.5 s.

    The outage starts about one second after the watching process's log poll
    (every 5 s from its start while Redis is up), the worst moment for a poll
    loop that only looks at the broker's status when it goes to sleep."""
    if database_url.startswith("postgresql"):
        pytest.skip("the hub's poll timing does not depend on the database")
    writing = start_server(redis_url=redis_server.url)
    watching = start_server(redis_url=redis_server.url)
    ready = time.monotonic()  # its poll loop started a moment before it answered /healthz
    with Api(writing.http) as api:
        ws = api.workshop()
        ada, wall = api.member(ws, "Ada"), api.member(ws, "Wall", role="wall")
    writer, watcher = Writer("ada", ada, [writing]), Follower("wall", wall, [watching])

    async def scenario() -> None:
        try:
            await writer.open(writing)
            await watcher.open(watching)
            await watcher.sync(await writer.send("note.add", {"text": "up"}, "up"))
            await asyncio.sleep(5.0 - (time.monotonic() - ready - 1.0) % 5.0)
            redis_server.kill()
            for server in (writing, watching):
                await wait_health(server, "down", timeout=OUTAGE_S)
            seq = await writer.send("note.add", {"text": "down"}, "down")
            started = time.monotonic()
            await watcher.sync(seq, timeout=10)
            took = time.monotonic() - started
            assert took < 1.5, f"the other process took {took:.1f}s to read the log"
        finally:
            await writer.close()
            await watcher.close()

    run(scenario(), timeout=90)


def test_a_redis_that_stops_answering_is_reported_down(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer,
        database_url: str) -> None:
    if database_url.startswith("postgresql"):
        pytest.skip("the broker's failure detection does not depend on the database")
    servers = [start_server(redis_url=redis_server.url) for _ in range(2)]
    with Api(servers[0].http) as api:
        ws = api.workshop()
        ada, wall = api.member(ws, "Ada"), api.member(ws, "Wall", role="wall")
    writer, watcher = Writer("ada", ada, servers[:1]), Follower("wall", wall, servers[1:])

    async def scenario() -> None:
        try:
            await writer.open(servers[0])
            await watcher.open(servers[1])
            await watcher.sync(await writer.send("note.add", {"text": "before"}, "before"))
            redis_server.freeze()
            # Acks never wait for Redis.
            started = time.monotonic()
            seq = await writer.send("note.add", {"text": "frozen"}, "frozen")
            assert time.monotonic() - started < 1.0
            for server in servers:
                await wait_health(server, "down", timeout=10)
            seq = await writer.send("note.add", {"text": "known down"}, "known-down")
            started = time.monotonic()
            await watcher.sync(seq, timeout=10)
            assert time.monotonic() - started < 1.5
        finally:
            redis_server.thaw()
            await writer.close()
            await watcher.close()

    run(scenario(), timeout=90)
