"""A facilitator can remove someone: every socket of theirs on every process
closes with 4403, their token stops working, what they wrote stays."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from support.api import Api, assert_error
from support.redis import RedisServer
from support.server import ServerProcess
from support.ws import connect, run


@pytest.mark.redis
def test_a_removed_participant_is_closed_everywhere_and_their_token_stops(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    servers = [start_server(redis_url=redis_server.url) for _ in range(2)]
    with Api(servers[0].http) as api:
        workshop = api.workshop()
        ann = api.member(workshop, "Ann", "NGO")
        bob = api.member(workshop, "Bob", "City")

    async def scenario() -> None:
        async with connect(servers[0].ws, workshop.facilitator.token, label="fac") as fac, \
                connect(servers[0].ws, ann.token, label="ann-a") as ann_a, \
                connect(servers[1].ws, ann.token, label="ann-b") as ann_b, \
                connect(servers[1].ws, bob.token, label="bob") as bob_b:
            note = await ann_a.ack("note.add", {"text": "Ann's idea"})
            await bob_b.event(note)
            # Only a facilitator removes, and never a facilitator.
            await bob_b.refused("participant.remove", {"participant": ann.participant_id},
                                "forbidden")
            await fac.refused("participant.remove",
                              {"participant": workshop.facilitator.participant_id}, "invalid")
            await fac.refused("participant.remove", {"participant": "nobody"}, "not_found")
            seq = await fac.ack("participant.remove", {"participant": ann.participant_id})
            assert await ann_a.wait_closed(10) == 4403
            assert await ann_b.wait_closed(10) == 4403
            event = await bob_b.event(seq)
            assert event["op"] == "participant.remove"
            assert event["data"] == {"participant": ann.participant_id}
            await bob_b.ping()  # everyone else carries on
        # The token no longer works, on either process, by socket or HTTP.
        for server in servers:
            async with connect(server.ws) as again:
                await again.send({"type": "hello", "token": ann.token})
                assert await again.wait_closed(10) == 4401
            with Api(server.http) as http:
                assert_error(http.get_workshop(workshop.id, ann.token), 401, "unauthorized")
        # What Ann wrote stays; she is not listed any more.
        async with connect(servers[1].ws, workshop.facilitator.token) as fac_b:
            assert fac_b.welcome is not None
            texts = [n["text"] for n in fac_b.welcome["state"]["notes"]]
            assert texts == ["Ann's idea"]
        with Api(servers[0].http) as http:
            listed = http.get(f"/api/workshops/{workshop.id}/participants",
                              token=workshop.facilitator.token).json()
            assert ann.participant_id not in {p["id"] for p in listed}
            assert bob.participant_id in {p["id"] for p in listed}
    run(scenario(), timeout=120)
