"""Text the databases cannot store is refused alike on SQLite and PostgreSQL,
and an op that fails never takes other people's ops down with it."""

from __future__ import annotations

import asyncio

import pytest

from support.api import Api, assert_error
from support.server import ServerProcess
from support.ws import Client, connect, run

CONTROLS = ["\x00", "\x01", "\x07", "\x1b", "\x1f"]


@pytest.mark.parametrize("control", CONTROLS)
def test_control_characters_in_ops_are_refused_with_invalid(
        server: ServerProcess, api: Api, control: str) -> None:
    workshop = api.workshop()

    async def scenario() -> None:
        async with connect(server.ws, workshop.facilitator.token) as fac:
            await fac.refused("note.add", {"text": f"a{control}b"}, "invalid")
            await fac.refused("cluster.add", {"title": f"t{control}"}, "invalid")
            await fac.refused("room.add", {"name": f"r{control}"}, "invalid")
            await fac.refused("workshop.settings", {"challenge": f"c{control}"}, "invalid")
            await fac.refused("workshop.settings", {"groups": [f"g{control}"]}, "invalid")
            await fac.refused("announce", {"text": f"x{control}"}, "invalid")
            note = await fac.ack("note.add", {"text": "fine"})
            nid = (await fac.event(note))["data"]["id"]
            await fac.refused("note.edit", {"id": nid, "text": f"x{control}"}, "invalid")
            await fac.ping()  # the socket is fine
    run(scenario(), timeout=60)


def test_tabs_and_line_breaks_are_kept_and_crlf_becomes_lf(server: ServerProcess,
                                                          api: Api) -> None:
    workshop = api.workshop()

    async def scenario() -> None:
        async with connect(server.ws, workshop.facilitator.token) as fac:
            seq = await fac.ack("note.add", {"text": "one\r\ntwo\tthree\nfour"})
            assert (await fac.event(seq))["data"]["text"] == "one\ntwo\tthree\nfour"
        async with connect(server.ws, workshop.facilitator.token) as again:
            texts = [n["text"] for n in again.welcome["state"]["notes"]]  # type: ignore[index]
            assert texts == ["one\ntwo\tthree\nfour"]
    run(scenario(), timeout=60)


def test_http_input_with_nul_is_refused_not_a_server_error(server: ServerProcess,
                                                         api: Api) -> None:
    workshop = api.workshop()
    token = workshop.facilitator.token
    assert_error(api.create_workshop(title="Parks\x00"), 422, "invalid")
    assert_error(api.create_workshop(title="Parks", challenge="a\x00b"), 422, "invalid")
    assert_error(api.create_workshop(title="Parks", groups=["City\x00"]), 422, "invalid")
    assert_error(api.join(workshop.join_code, "Ann\x00"), 422, "invalid")
    assert_error(api.post("/api/join", {"join_code": workshop.join_code, "name": "Ann",
                                        "organisation": "A\x00"}), 422, "invalid")
    assert_error(api.join(workshop.join_code + "\x00", "Ann"), 404, "not_found")
    assert_error(api.get("/api/join/AB%00CD"), 404, "not_found")
    assert_error(api.get("/api/workshops/%00", token=token), 404, "not_found")
    assert_error(api.get("/api/rooms/%00/export", token=token), 404, "not_found")
    assert_error(api.get("/api/rooms/%00/snapshots", token=token), 404, "not_found")
    assert_error(api.get("/api/snapshots/%00", token=token), 404, "not_found")
    assert api.get("/healthz").status_code == 200


def test_a_hello_for_a_room_id_with_nul_is_closed_4401(server: ServerProcess, api: Api) -> None:
    workshop = api.workshop()

    async def scenario() -> None:
        async with connect(server.ws) as client:
            await client.send({"type": "hello", "token": workshop.facilitator.token,
                               "room": "r\x00"})
            assert await client.wait_closed(10) == 4401
        async with connect(server.ws, workshop.facilitator.token) as fine:
            await fine.ping()
    run(scenario(), timeout=60)


def test_one_bad_op_in_a_busy_moment_fails_alone_across_workshops(server: ServerProcess,
                                                                 api: Api) -> None:
    """Many people of three workshops add notes at once, one with a NUL: every
    other op is acked (before, on PostgreSQL, most of its batch was refused)."""
    workshops = [api.workshop(title=f"Workshop {i}") for i in range(3)]
    people = [(w, api.member(w, f"P{i}-{j}", "City")) for i, w in enumerate(workshops)
              for j in range(8)]

    async def scenario() -> None:
        clients = [await Client.open(server.ws, label=m.name) for _, m in people]
        try:
            for client, (_, member) in zip(clients, people, strict=True):
                await client.hello(member.token)

            async def burst(k: int) -> list[dict[str, object]]:
                client = clients[k]
                texts = [f"{client.label} idea {n}" for n in range(10)]
                if k == 5:
                    texts[4] = "poison\x00pill"
                refs = [client.new_ref() for _ in texts]
                for ref, text in zip(refs, texts, strict=True):
                    await client.send({"type": "op", "ref": ref, "op": "note.add",
                                       "data": {"text": text}})
                return [await client.wait_for(lambda m, r=ref: m.get("ref") == r
                                              and m.get("type") in ("ack", "error"))
                        for ref in refs]
            replies = await asyncio.gather(*(burst(k) for k in range(len(clients))))
            flat = [r for rs in replies for r in rs]
            errors = [r for r in flat if r["type"] == "error"]
            assert [e["code"] for e in errors] == ["invalid"], errors
            assert len(flat) - len(errors) == len(clients) * 10 - 1
        finally:
            await asyncio.gather(*(c.close() for c in clients))
    run(scenario(), timeout=120)
