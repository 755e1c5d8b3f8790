"""Matrix votes over real sockets on two processes: scores on two criteria whose
means stay out of everyone else's raw frames until the reveal, scoring again
replacing one's scores, taking them back, the means after the reveal, a reload
from the database, and the refusals the protocol names."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from support.api import Api
from support.redis import RedisServer
from support.server import ServerProcess
from support.ws import Client, connect, run

CRITERIA = ["Impact", "Feasibility"]


def _scores(impact: int, feasibility: int) -> dict[str, int]:
    return {"Impact": impact, "Feasibility": feasibility}


async def _note(client: Client, text: str) -> str:
    seq = await client.ack("note.add", {"text": text})
    return str((await client.event(seq))["data"]["id"])


@pytest.mark.redis
def test_hidden_means_reach_nobody_before_the_reveal_on_two_processes(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    servers = [start_server(redis_url=redis_server.url) for _ in range(2)]
    with Api(servers[0].http) as api:
        ws = api.workshop()
        ann = api.member(ws, "Ann", group="City")
        bob = api.member(ws, "Bob", group="NGO")

        async def scenario() -> None:
            async with connect(servers[0].ws, ws.facilitator.token, label="fac") as fac, \
                    connect(servers[0].ws, ann.token, label="ann") as a, \
                    connect(servers[1].ws, bob.token, label="bob") as b:
                benches, shade = await _note(fac, "Benches"), await _note(fac, "Shade")
                start = b.mark()
                opened = await fac.ack("voting.start", {"kind": "matrix", "criteria": CRITERIA,
                                                        "hidden": True})
                voting = (await b.event(opened))["data"]
                assert (voting["kind"], voting["criteria"], voting["results"]) == (
                    "matrix", CRITERIA, None)
                await a.ack("vote.score", {"note": benches, "scores": _scores(5, 1)})
                again = await a.ack("vote.score", {"note": benches, "scores": _scores(4, 2)})
                mine = (await a.event(again))["data"]
                assert mine["my_scores"] == {benches: _scores(4, 2)}  # replaced, not added
                await a.ack("vote.score", {"note": shade, "scores": _scores(1, 1)})
                back = await a.ack("vote.score", {"note": shade, "scores": None})
                assert (await a.event(back))["data"]["my_scores"] == {benches: _scores(4, 2)}
                last = await b.ack("vote.score", {"note": shade, "scores": _scores(2, 5)})
                await fac.event(last)
                await b.event(last)

                # Bob's raw frames on the other process: Ann's four events are {} and
                # name neither her nor a note, nor any score.
                others = [m for m in b.messages[start:]
                          if m.get("op") == "vote.score" and m["seq"] != last]
                assert len(others) == 4
                assert all(m["data"] == {} and m["actor"] is None for m in others), others
                raw = "".join(b.raw[start:])
                assert benches not in raw.replace(f'"id":"{benches}"', "")
                assert '"results":{' not in raw and '"Impact":4' not in raw
                fac_raw = "".join(fac.raw)
                assert '"Impact":4' not in fac_raw and '"results":{' not in fac_raw

                # Refusals: a dot vote's op, bad scores, a second criterion missing.
                for op, data, code in (
                        ("vote.add", {"note": benches}, "invalid"),
                        ("vote.score", {"note": benches, "scores": _scores(6, 1)}, "invalid"),
                        ("vote.score", {"note": benches, "scores": {"Impact": 3}}, "invalid"),
                        ("vote.score", {"note": benches}, "bad_message"),
                        ("vote.score", {"note": "nope", "scores": None}, "not_found")):
                    error = await a.request(op, data)
                    assert error["type"] == "error" and error["code"] == code, (op, data, error)

                await fac.ack("voting.stop", {})
                error = await a.request("vote.score", {"note": benches, "scores": _scores(3, 3)})
                assert error["code"] == "voting_closed"
                mark = b.mark()
                reveal = await fac.ack("voting.reveal", {})
                results = (await b.event(reveal))["data"]["results"]
                assert results == {
                    benches: {"means": {"Impact": 4.0, "Feasibility": 2.0}, "count": 1},
                    shade: {"means": {"Impact": 2.0, "Feasibility": 5.0}, "count": 1}}
                welcome = await b.wait_type("welcome", start=mark, what="a fresh welcome")
                assert welcome["state"]["voting"]["results"] == results
                assert welcome["state"]["my_scores"] == {shade: _scores(2, 5)}

            # From the database, on the other process: the same means, Ann's own scores.
            async with connect(servers[1].ws, ann.token, label="ann again") as again_ann:
                assert again_ann.welcome is not None
                state = again_ann.welcome["state"]
                assert state["voting"]["results"][benches]["means"] == _scores(4, 2)
                assert state["my_scores"] == {benches: _scores(4, 2)}

        run(scenario(), timeout=120)


def test_public_scores_place_notes_for_everyone_and_deleting_a_note_drops_them(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    ann = api.member(ws, "Ann", group="City")
    bob = api.member(ws, "Bob", group="NGO")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token) as fac, \
                connect(server.ws, ann.token) as a, connect(server.ws, bob.token) as b:
            idea = await _note(fac, "Idea")
            await fac.ack("voting.start", {"kind": "matrix", "criteria": ["Value", "Effort"]})
            await a.ack("vote.score", {"note": idea, "scores": {"Value": 5, "Effort": 2}})
            seq = await b.ack("vote.score", {"note": idea, "scores": {"Value": 2, "Effort": 3}})
            event = await fac.event(seq)
            assert event["actor"] == bob.participant_id
            assert event["data"] == {"note": idea, "result": {
                "means": {"Value": 3.5, "Effort": 2.5}, "count": 2}}
            gone = await fac.ack("note.delete", {"id": idea})
            await a.event(gone)
            r = api.get(f"/api/rooms/{ws.plenary_room_id}/export", token=ann.token,
                        params={"format": "json"})
            assert r.status_code == 200 and r.json()["voting"]["results"] == {}
        async with connect(server.ws, bob.token) as again:
            assert again.welcome is not None
            assert again.welcome["state"]["my_scores"] == {}

    run(scenario(), timeout=60)


def test_bad_criteria_are_refused_and_change_nothing(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token) as fac:
            for criteria in (["Impact"], ["Impact", "IMPACT"], ["Impact", "x" * 41], "Impact"):
                error = await fac.request("voting.start", {"kind": "matrix",
                                                           "criteria": criteria})
                assert error["type"] == "error" and error["code"] in ("invalid", "bad_message")
            async with connect(server.ws, ws.facilitator.token) as fresh:
                assert fresh.welcome is not None
                voting: dict[str, Any] = fresh.welcome["state"]["voting"]
                assert voting["status"] == "idle" and "kind" not in voting, json.dumps(voting)

    run(scenario(), timeout=60)
