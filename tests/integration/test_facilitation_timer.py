"""The shared countdown: stored as `ends_at`/`remaining_ms` in server time, ended by
the server exactly once (whichever process notices, even when the one that started
it has died), paused and resumed without losing time, and run by facilitators only."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest

from support.api import Api
from support.redis import RedisServer
from support.server import ServerProcess
from support.ws import Client, connect, run

TOLERANCE_MS = 100
TIMER_KEYS = {"status", "label", "duration_ms", "ends_at", "remaining_ms"}


def _assert_ended(event: dict[str, Any], room: str) -> None:
    assert event["type"] == "event" and event["op"] == "timer.end", event
    assert event["room"] == room, event
    assert event["actor"] is None, event
    timer = event["data"]
    assert set(timer) >= TIMER_KEYS, timer
    assert timer["status"] == "ended" and timer["ends_at"] is None, timer
    assert timer["remaining_ms"] == 0, timer


async def _op_event(client: Client, op: str, data: dict[str, Any]) -> dict[str, Any]:
    """Send an op that must be accepted; return the event of its ack's seq."""
    seq = await client.ack(op, data)
    event = await client.event(seq)
    assert event["op"] == op, event
    return event


def _ended_events(client: Client) -> list[dict[str, Any]]:
    return [e for e in client.events() if e["op"] == "timer.end"]


def test_pause_and_resume_keep_the_remaining_time(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    room = ws.plenary_room_id

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac:
            started_at = time.monotonic()
            start = await _op_event(fac, "timer.start", {"seconds": 10, "label": "Ideation"})
            t = start["data"]
            assert t == {"status": "running", "label": "Ideation", "duration_ms": 10_000,
                         "ends_at": start["ts"] + 10_000, "remaining_ms": 10_000}, t
            ends_at = t["ends_at"]

            await asyncio.sleep(0.6)
            paused_at = time.monotonic()
            pause = await _op_event(fac, "timer.pause", {})
            p = pause["data"]
            assert p["status"] == "paused" and p["ends_at"] is None, p
            assert p["label"] == "Ideation" and p["duration_ms"] == 10_000, p
            remaining = p["remaining_ms"]
            # What was left when the server paused it: ends_at minus the pause's time...
            assert abs(remaining - (ends_at - pause["ts"])) <= TOLERANCE_MS, (remaining, pause)
            # ...which is what a stopwatch next to it says.
            elapsed_ms = (paused_at - started_at) * 1000
            assert abs(remaining - (10_000 - elapsed_ms)) <= TOLERANCE_MS, (remaining, elapsed_ms)

            # A paused timer does not tick: a client opening the board later sees the same.
            await asyncio.sleep(0.8)
            async with connect(server.ws, ws.facilitator.token, label="late") as late:
                assert late.welcome is not None
                shown = late.welcome["state"]["timer"]
                assert shown["status"] == "paused" and shown["ends_at"] is None, shown
                assert shown["remaining_ms"] == remaining, (shown, remaining)

            resumed_at = time.monotonic()
            resume = await _op_event(fac, "timer.resume", {})
            r = resume["data"]
            assert r["status"] == "running" and r["label"] == "Ideation", r
            assert abs(r["remaining_ms"] - remaining) <= TOLERANCE_MS, (r, remaining)
            assert abs(r["ends_at"] - (resume["ts"] + remaining)) <= TOLERANCE_MS, (r, resume)
            # The pause moved the end by as long as it lasted, no more, no less.
            paused_ms = (resumed_at - paused_at) * 1000
            assert abs((r["ends_at"] - ends_at) - paused_ms) <= TOLERANCE_MS, (
                r["ends_at"], ends_at, paused_ms)

            await asyncio.sleep(0.3)
            async with connect(server.ws, ws.facilitator.token, label="later") as later:
                assert later.welcome is not None
                shown = later.welcome["state"]["timer"]
                assert shown["status"] == "running" and shown["ends_at"] == r["ends_at"], shown
                server_time = later.welcome["server_time"]
                assert abs(shown["remaining_ms"] - (r["ends_at"] - server_time)) \
                    <= TOLERANCE_MS, (shown, server_time)
                since_resume = (time.monotonic() - resumed_at) * 1000
                assert abs(shown["remaining_ms"] - (remaining - since_resume)) \
                    <= TOLERANCE_MS, (shown, remaining, since_resume)

            # A second pause right away again keeps what is left.
            pause2 = await _op_event(fac, "timer.pause", {})
            assert abs(pause2["data"]["remaining_ms"] - (r["ends_at"] - pause2["ts"])) \
                <= TOLERANCE_MS, pause2
            assert not _ended_events(fac)
            assert all(e["room"] == room for e in fac.events())

    run(scenario())


def test_add_stop_and_the_refusals_of_a_timer(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    room = ws.plenary_room_id
    bo = api.member(ws, "Bo", group="NGO")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, bo.token, label="bo") as b:
            await fac.refused("timer.add", {"seconds": 30}, "invalid")  # idle
            await fac.refused("timer.pause", {}, "invalid")
            await fac.refused("timer.resume", {}, "invalid")
            await fac.refused("timer.start", {"seconds": 0}, "invalid")

            start = await _op_event(fac, "timer.start", {"seconds": 60})
            assert start["data"]["label"] == "", start
            added = await _op_event(fac, "timer.add", {"seconds": 30})
            assert added["data"]["ends_at"] == start["data"]["ends_at"] + 30_000, added
            assert added["data"]["duration_ms"] == 90_000, added
            assert added["data"]["status"] == "running", added

            # Adding minus enough moves the end into the past: it ends at once, once.
            seq = await fac.ack("timer.add", {"seconds": -120})
            moved = await fac.event(seq)
            assert moved["op"] == "timer.add", moved
            for client in (fac, b):
                _assert_ended(await client.event(seq + 1), room)
            await fac.refused("timer.add", {"seconds": 30}, "invalid")  # ended
            await fac.refused("timer.pause", {}, "invalid")

            stop_seq = await fac.ack("timer.stop", {})
            stopped = await b.event(stop_seq)
            assert stopped["op"] == "timer.stop" and stopped["data"]["status"] == "idle", stopped
            assert stopped["data"]["ends_at"] is None, stopped
            assert stop_seq == seq + 2
            await asyncio.sleep(0.5)
            assert len(_ended_events(b)) == 1, b.events()

    run(scenario())


def test_participants_and_walls_may_not_run_the_timer(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    bo = api.member(ws, "Bo", group="NGO")
    wall = api.member(ws, "Projector", role="wall")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, bo.token, label="bo") as b, \
                connect(server.ws, wall.token, label="wall") as w:
            ops = [("timer.start", {"seconds": 60, "label": "Mine"}), ("timer.pause", {}),
                   ("timer.resume", {}), ("timer.add", {"seconds": 30}), ("timer.stop", {})]
            for client in (b, w):
                for op, data in ops:
                    await client.refused(op, data, "forbidden")
            # Also while a timer runs, and nothing they sent changed it.
            seq = await fac.ack("timer.start", {"seconds": 60, "label": "Facilitated"})
            running = (await b.event(seq))["data"]
            for client in (b, w):
                for op, data in ops:
                    await client.refused(op, data, "forbidden")
            assert await fac.ack("board.lock", {}) == seq + 1
            await b.event(seq + 1)
            assert b.event_seqs() == [seq, seq + 1]
        async with connect(server.ws, bo.token, label="bo-again") as again:
            assert again.welcome is not None
            timer = again.welcome["state"]["timer"]
            assert timer["status"] == "running" and timer["label"] == "Facilitated", timer
            assert timer["ends_at"] == running["ends_at"], (timer, running)

    run(scenario())


def test_a_round_timer_ends_by_itself(server: ServerProcess, api: Api) -> None:
    """A started countdown reaches zero with nobody doing anything: one `timer.end`."""
    ws = api.workshop()
    room = ws.plenary_room_id
    bo = api.member(ws, "Bo", group="NGO")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, bo.token, label="bo") as b:
            seq = await fac.ack("timer.start", {"seconds": 1, "label": "Quick"})
            ends_at = (await b.event(seq))["data"]["ends_at"]
            ended = await b.event(seq + 1, timeout=10)
            _assert_ended(ended, room)
            assert ended["data"]["label"] == "Quick", ended
            assert ends_at <= ended["ts"] <= ends_at + 1000, (ends_at, ended)
            await asyncio.sleep(1.0)
            assert len(_ended_events(b)) == 1 and len(_ended_events(fac)) == 1
            assert b.event_seqs() == [seq, seq + 1]

    run(scenario())


@pytest.mark.redis
def test_the_timer_ends_once_on_the_survivor_when_the_starter_is_killed(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    starter = start_server(redis_url=redis_server.url)
    survivor = start_server(redis_url=redis_server.url)
    with Api(starter.http) as api:
        ws = api.workshop()
        bo = api.member(ws, "Bo", group="NGO")
        wall = api.member(ws, "Projector", role="wall")
    room = ws.plenary_room_id

    async def scenario() -> None:
        async with connect(survivor.ws, ws.facilitator.token, label="fac-b") as fac_b, \
                connect(survivor.ws, bo.token, label="bo-b") as bo_b, \
                connect(survivor.ws, wall.token, label="wall-b") as wall_b:
            watchers = (fac_b, bo_b, wall_b)
            async with connect(starter.ws, ws.facilitator.token, label="fac-a") as fac_a:
                seq = await fac_a.ack("timer.start", {"seconds": 2, "label": "Survive"})
                started = [await c.event(seq) for c in watchers]
                ends_at = started[0]["data"]["ends_at"]
                assert all(e["data"]["ends_at"] == ends_at for e in started), started
                starter.kill9()
            for client in watchers:
                ended = await client.event(seq + 1, timeout=15)
                _assert_ended(ended, room)
                assert ended["data"]["label"] == "Survive", ended
                # Not before its time, and promptly after it (the check runs every 200 ms).
                assert ends_at <= ended["ts"] <= ends_at + 1500, (ends_at, ended)
            await asyncio.sleep(1.5)
            for client in watchers:
                assert len(_ended_events(client)) == 1, (client.label, client.events())
                assert client.event_seqs() == [seq, seq + 1], (client.label, client.events())
            # The log holds it once too: a client replaying from before the start.
            async with connect(survivor.ws, bo.token, since=seq - 1, label="replay") as late:
                assert late.welcome is not None and late.welcome["seq"] == seq + 1
                assert late.welcome["state"] is None
                await late.event(seq + 1)
                assert [e["op"] for e in late.events()] == ["timer.start", "timer.end"]
            async with connect(survivor.ws, bo.token, label="state") as late:
                assert late.welcome is not None
                timer = late.welcome["state"]["timer"]
                assert timer["status"] == "ended" and timer["remaining_ms"] == 0, timer

    run(scenario())


@pytest.mark.redis
def test_timers_end_once_with_two_live_processes_racing(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    """Both processes see each due timer; each room still gets exactly one `timer.end`."""
    first = start_server(redis_url=redis_server.url)
    second = start_server(redis_url=redis_server.url)
    with Api(first.http) as api:
        ws = api.workshop()
    token = ws.facilitator.token

    async def scenario() -> None:
        async with connect(first.ws, token, label="fac") as fac:
            rooms = [ws.plenary_room_id]
            for name in ("North", "South"):
                seq = await fac.ack("room.add", {"name": name})
                rooms.append((await fac.event(seq))["data"]["room"]["id"])
        clients: list[tuple[str, Client]] = []
        try:
            for room in rooms:
                for label, server in (("a", first), ("b", second)):
                    client = await Client.open(server.ws, label=f"{label}-{room[:4]}")
                    clients.append((room, client))
                    await client.hello(token, room=room)
            starters = [c for room, c in clients if c.label.startswith("a")]
            seqs = await asyncio.gather(*(c.ack("timer.start", {"seconds": 1})
                                          for c in starters))
            for (room, client) in clients:
                seq = seqs[rooms.index(room)]
                _assert_ended(await client.event(seq + 1, timeout=15), room)
            await asyncio.sleep(1.5)
            for _room, client in clients:
                assert len(_ended_events(client)) == 1, (client.label, client.events())
        finally:
            await asyncio.gather(*(c.close() for _, c in clients))

    run(scenario())
