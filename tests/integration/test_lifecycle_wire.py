"""Closing, reopening and deleting a workshop over the wire (docs/protocol.md, The
workshop's lifecycle): a closed workshop refuses ops and joins with `closed`, still
welcomes and exports, and reopens; `DELETE /api/workshops/{id}` by whom it allows."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx

from support.api import Api, assert_error
from support.server import ServerProcess
from support.ws import Client, connect, run


def test_a_closed_workshop_refuses_ops_and_joins_until_a_facilitator_reopens_it(
        server: ServerProcess, api: Api) -> None:
    w = api.workshop(title="Parks", retention_days=30)
    assert w.body["workshop"]["retention_days"] == 30
    assert w.body["workshop"]["closed"] is False
    pat = api.member(w, "Pat", "NGO")
    wall = api.member(w, "Projector", role="wall")

    async def scenario() -> None:
        async with connect(server.ws, w.facilitator.token, label="fac") as fac, \
                connect(server.ws, pat.token, label="pat") as p, \
                connect(server.ws, wall.token, label="wall") as projector:
            note = (await p.event(await p.ack("note.add", {"text": "Benches"})))["data"]["id"]
            seq = await fac.ack("workshop.close", {})
            for client in (fac, p, projector):
                event = await client.event(seq)
                assert event["op"] == "workshop.close"
                assert event["data"]["closed"] is True
                assert isinstance(event["data"]["closed_at"], int)
            # Every op is refused with `closed`, for everyone, with a message that says why.
            for client, op, data in ((p, "note.add", {"text": "More"}),
                                     (p, "note.edit", {"id": note, "text": "Edited"}),
                                     (p, "constraint.challenge", {"boundary": "b1",
                                                                  "text": "x"}),
                                     (fac, "note.delete", {"id": note}),
                                     (fac, "announce", {"text": "Hello"}),
                                     (fac, "timer.start", {"seconds": 60}),
                                     (fac, "workshop.close", {})):
                reply = await client.refused(op, data, "closed")
                assert "closed" in reply["message"]
            # Errors that come first in the precedence still come first.
            await p.refused("board.lock", {}, "forbidden")
            await p.refused("workshop.reopen", {}, "forbidden")
            await p.refused("no.such.op", {}, "unknown_op")
            # Tokens still read: a new socket is welcomed with the closed workshop.
            async with connect(server.ws, pat.token, label="pat-again") as again:
                assert again.welcome is not None
                assert again.welcome["workshop"]["closed"] is True
                assert [n["text"] for n in again.welcome["state"]["notes"]] == ["Benches"]
            export = api.get(f"/api/rooms/{w.plenary_room_id}/export?format=csv",
                             token=pat.token)
            assert export.status_code == 200 and "Benches" in export.text
            # No new joins, also not on the join page's lookup.
            assert_error(api.join(w.join_code, "Late"), 409, "closed")
            assert_error(api.get(f"/api/join/{w.join_code}"), 409, "closed")

            seq = await fac.ack("workshop.reopen", {})
            for client in (fac, p, projector):
                event = await client.event(seq)
                assert (event["op"], event["data"]) == (
                    "workshop.reopen", {"closed": False, "closed_at": None})
            await p.ack("note.add", {"text": "After reopening"})
            await fac.refused("workshop.reopen", {}, "invalid")
        assert api.join(w.join_code, "Late").status_code == 201
        r = api.get_workshop(w.id, w.facilitator.token)
        assert (r.json()["closed"], r.json()["closed_at"]) == (False, None)

    run(scenario(), timeout=60)
    # Retention at creation: the operator's default, or 1 to 3650 days.
    assert api.workshop(title="Default").body["workshop"]["retention_days"] == 180
    for bad in (0, 3651, "30", True):
        assert_error(api.create_workshop(title="Bad", retention_days=bad), 422, "invalid")


def test_delete_by_a_facilitator_204_by_anyone_else_refused(server: ServerProcess,
                                                             api: Api) -> None:
    w = api.workshop(title="To delete")
    other = api.workshop(title="Another")
    pat = api.member(w, "Pat", "NGO")
    path = f"/api/workshops/{w.id}"

    def delete(token: str | None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return api.http.delete(path, headers=headers)

    assert_error(delete(pat.token), 403, "forbidden")
    assert_error(delete(other.facilitator.token), 403, "forbidden")
    assert_error(delete(None), 401, "unauthorized")
    assert_error(delete("not-a-token"), 401, "unauthorized")
    assert api.get_workshop(w.id, w.facilitator.token).status_code == 200

    async def scenario() -> None:
        async with connect(server.ws, pat.token, label="pat") as p:
            r = await _delete_off_loop(delete, w.facilitator.token)
            assert r.status_code == 204, r.text
            # The open board turned read-only first, then its socket was closed.
            closing = await p.wait_type("event", op="workshop.close")
            assert closing["data"]["closed"] is True
            assert await p.wait_closed(10) == 4401
        late = await Client.open(server.ws, label="late")
        try:
            await late.send({"type": "hello", "token": pat.token})
            assert await late.wait_closed(10) == 4401
        finally:
            await late.close()

    run(scenario(), timeout=60)
    assert_error(api.get_workshop(w.id, w.facilitator.token), 401, "unauthorized")
    assert_error(api.join(w.join_code, "Late"), 404, "not_found")
    assert_error(delete(w.facilitator.token), 401, "unauthorized")
    # The other workshop is untouched.
    assert api.get_workshop(other.id, other.facilitator.token).status_code == 200


async def _delete_off_loop(delete: Callable[[str | None], httpx.Response],
                           token: str) -> httpx.Response:
    """The blocking HTTP call on a thread, while the socket's reader keeps reading."""
    return await asyncio.to_thread(delete, token)
