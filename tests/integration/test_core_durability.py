"""An ack means durable: what was acknowledged survives kill -9 of the server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from support.api import Api
from support.server import ServerProcess
from support.ws import Client, connect, run


def test_an_acked_op_survives_kill_9(start_server: Callable[..., ServerProcess]) -> None:
    first = start_server()
    with Api(first.http) as api:
        ws = api.workshop(title="Crash test")
        ada = api.member(ws, "Ada")

    async def before_crash() -> int:
        async with connect(first.ws, ada.token, label="ada") as a:
            seq = await a.ack("note.add", {"text": "Written just before the crash"})
            first.kill9()
            return seq

    seq = run(before_crash())
    second = start_server()
    assert second.port != first.port

    async def after_restart() -> None:
        async with connect(second.ws, ada.token, label="ada-again") as a:
            welcome = a.welcome
            assert welcome is not None and welcome["state"] is not None
            assert welcome["seq"] == seq
            texts = [n["text"] for n in welcome["state"]["notes"]]
            assert texts == ["Written just before the crash"]
            # The room's counter carries on: no seq is reused, none skipped.
            assert await a.ack("note.add", {"text": "After the restart"}) == seq + 1

    run(after_restart())
    with Api(second.http) as api:
        r = api.get_workshop(ws.id, ws.facilitator.token)
        assert r.status_code == 200, r.text
        assert r.json()["title"] == "Crash test"


def test_a_burst_of_acked_ops_survives_kill_9(
        start_server: Callable[..., ServerProcess]) -> None:
    first = start_server()
    with Api(first.http) as api:
        ws = api.workshop()
        members = [api.member(ws, f"Person {i}") for i in range(4)]
    per_member = 10

    async def before_crash() -> set[int]:
        clients = []
        try:
            async with connect(first.ws, ws.facilitator.token, label="fac") as fac:
                seq = await fac.ack("note.add", {"text": "Edit me"})
                note = (await fac.event(seq))["data"]["id"]
                for m in members:
                    clients.append(await Client.open(first.ws, label=m.name))
                    await clients[-1].hello(m.token)
                replies = await asyncio.gather(*(
                    c.request("note.add", {"text": f"{c.label} note {i}"})
                    for c in clients for i in range(per_member)))
                edit = await fac.ack("note.edit", {"id": note, "text": "Edited"})
                first.kill9()
        finally:
            first.kill9()
            for c in clients:
                await c.close()
        assert all(r["type"] == "ack" for r in replies), replies
        return {r["seq"] for r in replies} | {seq, edit}

    acked = run(before_crash())
    assert len(acked) == len(members) * per_member + 2
    expected = ["Edited"] + [f"{m.name} note {i}" for m in members for i in range(per_member)]
    second = start_server()

    async def after_restart() -> None:
        async with connect(second.ws, ws.facilitator.token, label="fac-again") as fac:
            welcome = fac.welcome
            assert welcome is not None and welcome["state"] is not None
            assert welcome["seq"] == max(acked) == len(acked)
            texts = sorted(n["text"] for n in welcome["state"]["notes"])
            assert texts == sorted(expected)

    run(after_restart())


def test_a_clean_restart_keeps_the_board_and_the_tokens(
        start_server: Callable[..., ServerProcess]) -> None:
    first = start_server()
    with Api(first.http) as api:
        ws = api.workshop()
        ada = api.member(ws, "Ada")
        wall = api.member(ws, "Projector", role="wall")

    async def before() -> int:
        async with connect(first.ws, ada.token) as a:
            await a.ack("note.add", {"text": "Kept"})
        async with connect(first.ws, ws.facilitator.token) as f:
            return await f.ack("board.lock", {})

    last = run(before())
    first.stop()
    second = start_server()

    async def after() -> None:
        for member in (ws.facilitator, ada, wall):
            async with connect(second.ws, member.token) as c:
                welcome = c.welcome
                assert welcome is not None and welcome["seq"] == last
                assert welcome["state"]["locked"] is True
                assert [n["text"] for n in welcome["state"]["notes"]] == ["Kept"]
        with Api(second.http) as api:
            assert api.join(ws.join_code, "Late Lou").status_code == 201

    run(after())
