"""Every cost one client can cause is bounded: hellos, pings and bad frames draw on
the connection's budget, a participant holds a bounded number of sockets, and
guessing join codes or creating workshops is throttled per address (failures
only, for joins: a hall behind one NAT still joins)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

import httpx

from support.api import Api, assert_error
from support.server import ServerProcess
from support.ws import Client, connect, run

FLOOD = 300


async def _flood(client: Client, frame: str, count: int) -> None:
    for _ in range(count):
        if client.closed:
            return
        await client.send_raw(frame)


def test_a_flood_of_hellos_is_refused_and_then_closed(server: ServerProcess, api: Api) -> None:
    workshop = api.workshop()
    ann = api.member(workshop, "Ann", "NGO")

    async def scenario() -> None:
        async with connect(server.ws, ann.token) as client:
            await _flood(client, json.dumps({"type": "hello", "token": ann.token}), FLOOD)
            assert await client.wait_closed(30) == 1008
            welcomes = len(client.of_type("welcome"))
            refused = [e for e in client.of_type("error") if e["code"] == "rate_limited"]
            # 120 frames of budget at 10 a hello, then 3 a second: nowhere near 300.
            assert 1 < welcomes <= 25, welcomes
            assert refused, "no hello was refused"
    run(scenario(), timeout=60)


def test_pings_and_bad_frames_draw_on_the_budget(server: ServerProcess, api: Api) -> None:
    workshop = api.workshop()

    async def scenario() -> None:
        for frame, answer in (('{"type": "ping", "t": 1}', "pong"), ("not json", "error")):
            async with connect(server.ws, workshop.facilitator.token) as client:
                await _flood(client, frame, 2 * FLOOD)
                assert await client.wait_closed(30) == 1008, frame
                assert len(client.of_type(answer)) < 2 * FLOOD
    run(scenario(), timeout=60)


def test_a_participant_holds_at_most_eight_sockets(server: ServerProcess, api: Api) -> None:
    workshop = api.workshop()
    ann = api.member(workshop, "Ann", "NGO")

    async def scenario() -> None:
        sockets = [await Client.open(server.ws, label=f"tab{i}") for i in range(9)]
        try:
            for tab in sockets[:8]:
                await tab.hello(ann.token)
            ninth = sockets[8]
            await ninth.send({"type": "hello", "token": ann.token})
            assert await ninth.wait_closed(10) == 4429
            await sockets[0].close()
            # A closed tab frees its place (the server notices the close first).
            for _ in range(50):
                again = await Client.open(server.ws, label="again")
                await again.send({"type": "hello", "token": ann.token})
                try:
                    await again.wait_type("welcome", timeout=2)
                    break
                except AssertionError:
                    await again.close()
                    await asyncio.sleep(0.1)
            else:
                raise AssertionError("a freed place was never given to a new socket")
            await again.close()
            # Somebody else is not affected.
            async with connect(server.ws, workshop.facilitator.token) as fac:
                await fac.ping()
        finally:
            await asyncio.gather(*(s.close() for s in sockets))
    run(scenario(), timeout=60)


def test_wrong_join_codes_are_throttled_per_address(
        start_server: Callable[..., ServerProcess]) -> None:
    server = start_server(extra_env={"COCREATE_JOIN_FAILURES_PER_MINUTE": "5"})
    with Api(server.http) as api:
        workshop = api.workshop()
        for code in ("AAAAAA", "BBBBBB", "CCCCCC"):
            assert_error(api.join(code, "Mallory"), 404, "not_found")
        assert_error(api.get("/api/join/DDDDDD"), 404, "not_found")
        assert_error(api.get("/api/join/EEEEEE"), 404, "not_found")
        throttled = api.join("FFFFFF", "Mallory")
        body = assert_error(throttled, 429, "rate_limited")
        assert int(throttled.headers["retry-after"]) >= 1, body
        # While throttled the address learns nothing, not even from a right code.
        assert_error(api.join(workshop.join_code, "Mallory"), 429, "rate_limited")
        assert_error(api.get(f"/api/join/{workshop.join_code}"), 429, "rate_limited")


def test_a_hall_behind_one_address_all_joins(server: ServerProcess, api: Api) -> None:
    """300 people behind one conference NAT join at once: successes spend nothing."""
    workshop = api.workshop()

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.http, timeout=60, trust_env=False) as http:
            gate = asyncio.Semaphore(20)

            async def join(i: int) -> int:
                async with gate:
                    r = await http.post("/api/join", json={"join_code": workshop.join_code,
                                                           "name": f"Person {i}"})
                    return r.status_code
            statuses = await asyncio.gather(*(join(i) for i in range(300)))
        assert statuses == [201] * 300
    run(scenario(), timeout=120)


def test_workshop_creation_is_throttled_per_address(
        start_server: Callable[..., ServerProcess]) -> None:
    server = start_server(extra_env={"COCREATE_CREATES_PER_MINUTE": "3"})
    with Api(server.http) as api:
        for i in range(3):
            assert api.create_workshop(title=f"W{i}").status_code == 201
        refused = api.create_workshop(title="one too many")
        assert_error(refused, 429, "rate_limited")
        assert int(refused.headers["retry-after"]) >= 1
