"""Outcomes on real processes: boundaries of possibility with flags and proposals,
results by stakeholder group, and restoring a snapshot as one event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from support.api import Api, assert_error
from support.redis import RedisServer
from support.server import ServerProcess
from support.ws import Client, connect, run

CONSTRAINTS = ["Budget of 10,000 euros", "No change to national law"]


def _by_id(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: item["id"])


def _board(client: Client) -> dict[str, Any]:
    assert client.welcome is not None
    state: dict[str, Any] = client.welcome["state"]
    return state


async def _add_note(client: Client, text: str) -> str:
    seq = await client.ack("note.add", {"text": text, "x": 0, "y": 0})
    note_id: str = (await client.event(seq))["data"]["id"]
    return note_id


@pytest.mark.redis
def test_a_restore_reaches_two_processes_as_one_event_and_saves_the_board_first(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    servers = [start_server(redis_url=redis_server.url) for _ in range(2)]
    with Api(servers[0].http) as api:
        ws = api.workshop()
        ada = api.member(ws, "Ada", group="City")
        fac_token = ws.facilitator.token

        async def scenario() -> None:
            async with connect(servers[0].ws, fac_token, label="fac") as fac, \
                    connect(servers[1].ws, ada.token, label="ada") as a:
                bus = await _add_note(a, "Bus lanes")
                trams = await _add_note(a, "Trams")
                seq = await a.ack("cluster.add", {"title": "Transport", "notes": [bus]})
                await fac.event(seq)
                await fac.ack("voting.start", {"budget": 3})
                seq = await a.ack("vote.add", {"note": bus})
                await fac.event(seq)
                seq = await fac.ack("snapshot.save", {"name": "Ideas"})
                await a.event(seq)
                # The board moves on: a note edited, one deleted, one added, the cluster gone.
                await a.ack("note.edit", {"id": bus, "text": "Bike lanes"})
                await a.ack("note.delete", {"id": trams})
                await _add_note(a, "Car-free Sundays")
                clusters = [e for e in a.events() if e["op"] == "cluster.add"]
                last = await fac.ack("cluster.delete", {"id": clusters[0]["data"]["id"]})
                await a.event(last)
                listed = api.get(f"/api/rooms/{ws.plenary_room_id}/snapshots",
                                 token=fac_token).json()
                ideas = next(s for s in listed if s["name"] == "Ideas")
                snap = api.get(f"/api/snapshots/{ideas['id']}", token=fac_token).json()
                await a.refused("snapshot.restore", {"id": ideas["id"]}, "forbidden")
                await fac.refused("snapshot.restore", {"id": "0" * 32}, "not_found")
                mark_f, mark_a = fac.mark(), a.mark()
                seq = await fac.ack("snapshot.restore", {"id": ideas["id"]})
                for client, mark in ((fac, mark_f), (a, mark_a)):
                    saved, restored = await client.event(seq), await client.event(seq + 1)
                    assert saved["op"] == "snapshot.save", saved
                    assert restored["op"] == "snapshot.restore", restored
                    # One event carries the whole board: no note-by-note replay.
                    assert [e["op"] for e in client.events(mark)] == ["snapshot.save",
                                                                      "snapshot.restore"]
                    assert _by_id(restored["data"]["notes"]) == _by_id(snap["state"]["notes"])
                    assert _by_id(restored["data"]["clusters"]) == _by_id(
                        snap["state"]["clusters"])
                    assert restored["data"]["saved"] == saved["data"]["id"]
                # The board before the restore is a snapshot of its own.
                before = api.get(f"/api/snapshots/{saved['data']['id']}", token=fac_token).json()
                assert sorted(n["text"] for n in before["state"]["notes"]) == [
                    "Bike lanes", "Car-free Sundays"]
                assert before["state"]["clusters"] == []
                assert before["seq"] == seq
            # A client that connects now sees the snapshot's board; votes stayed.
            async with connect(servers[1].ws, ada.token, label="ada2") as again:
                board = _board(again)
                assert _by_id(board["notes"]) == _by_id(snap["state"]["notes"])
                assert _by_id(board["clusters"]) == _by_id(snap["state"]["clusters"])
                assert board["my_votes"] == {bus: 1}
                assert board["voting"]["status"] == "open"

        run(scenario())


def test_results_by_group_leave_out_a_group_of_two_and_hidden_votes(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop(groups=["City", "NGO"])
    city = [api.member(ws, f"City {i}", group="City") for i in range(3)]
    ngo = [api.member(ws, f"NGO {i}", group="NGO") for i in range(2)]
    results_url = f"/api/rooms/{ws.plenary_room_id}/results"

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, city[0].token, label="c0") as c0, \
                connect(server.ws, ngo[0].token, label="n0") as n0:
            mine = await _add_note(c0, "Bike lanes")
            theirs = await _add_note(n0, "Shared cars")
            seq = await fac.ack("cluster.add", {"title": "Transport", "notes": [mine, theirs]})
            cluster = (await fac.event(seq))["data"]["id"]
            await fac.ack("voting.start", {"budget": 3, "hidden": True})
            await c0.ack("vote.add", {"note": mine})
            await c0.ack("vote.add", {"note": theirs})
            await n0.ack("vote.add", {"note": theirs})
            hidden = api.get(results_url, token=city[1].token).json()
            assert hidden["groups"] == ["City"] and hidden["min_group"] == 3
            assert hidden["clusters"] == [{"id": cluster, "title": "Transport",
                                           "notes": {"City": 1}, "votes": None}]
            # Not even the facilitator learns hidden votes by group before the reveal.
            assert api.get(results_url, token=ws.facilitator.token).json()["votes_shown"] is False
            await fac.ack("voting.stop")
            await fac.ack("voting.reveal")
            shown = api.get(results_url, token=city[1].token).json()
            assert shown["clusters"][0]["votes"] == {"City": 2}
            report = api.get(f"/api/rooms/{ws.plenary_room_id}/export?format=json",
                             token=ws.facilitator.token).json()
            assert report["results_by_group"] == shown
            md = api.get(f"/api/rooms/{ws.plenary_room_id}/export?format=md",
                         token=ws.facilitator.token).text
            table = md.split("## Results by stakeholder group", 1)[1]
            assert "| Transport | 1 / 2 |" in table and "NGO" not in table.split("##")[0]

        run(scenario())
    assert_error(api.get(results_url), 401, "unauthorized")


def test_boundaries_flags_and_proposals_reach_every_room_and_the_report(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop(constraints=CONSTRAINTS)
    ada = api.member(ws, "Ada", group="City")
    bo = api.member(ws, "Bo", group="NGO")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ada.token, label="ada") as a:
            boundaries = fac.welcome["workshop"]["boundaries"]  # type: ignore[index]
            assert [b["text"] for b in boundaries] == CONSTRAINTS
            budget, law = (b["id"] for b in boundaries)
            seq = await fac.ack("room.add", {"name": "Breakout"})
            breakout = (await fac.event(seq))["data"]["room"]["id"]
            await fac.ack("room.assign", {"participant": bo.participant_id, "room": breakout})
            note = await _add_note(a, "A new tram line")
            flag = {"target": {"note": note}, "boundary": budget, "reason": "Costs 40 million"}
            await a.refused("constraint.flag", flag, "forbidden")
            await fac.refused("constraint.flag", {**flag, "boundary": "nope"}, "not_found")
            await fac.refused("constraint.flag", {**flag, "target": {"note": "gone"}},
                              "not_found")
            seq = await fac.ack("constraint.flag", flag)
            seen = (await a.event(seq))["data"]
            assert (seen["target"], seen["boundary"], seen["reason"]) == (
                {"note": note}, budget, "Costs 40 million")
            async with connect(server.ws, bo.token, label="bo") as b:
                assert b.welcome is not None
                assert b.welcome["room"]["id"] == breakout
                assert [f["reason"] for f in b.welcome["workshop"]["flags"]] == [
                    "Costs 40 million"]
                seq = await b.ack("constraint.challenge",
                                  {"boundary": law, "text": "Ask the ministry for a pilot"})
                proposal = (await a.event(
                    next(e["seq"] for e in await _events_of(a, "constraint.challenge"))))
                assert proposal["data"]["text"] == "Ask the ministry for a pilot"
            # An edit that keeps a text keeps its id.
            await fac.ack("workshop.settings", {"constraints": [CONSTRAINTS[1], "Two years"]})
        async with connect(server.ws, ada.token, label="ada2") as again:
            workshop = again.welcome["workshop"]  # type: ignore[index]
            assert workshop["boundaries"][0] == {"id": law, "text": CONSTRAINTS[1]}
            assert workshop["boundaries"][1]["id"] not in (budget, law)
            assert [c["text"] for c in workshop["challenges"]] == ["Ask the ministry for a pilot"]
        md = api.get(f"/api/rooms/{ws.plenary_room_id}/export?format=md",
                     token=ada.token).text
        assert "## Outside the boundaries" in md
        assert "“A new tram line” — Costs 40 million" in md
        assert "## Boundaries to discuss with decision makers" in md
        assert "Ask the ministry for a pilot" in md
        csv = api.get(f"/api/rooms/{ws.plenary_room_id}/export?format=csv", token=ada.token).text
        assert "outside_boundary" in csv.splitlines()[0].split(",")

    run(scenario())


async def _events_of(client: Client, op: str) -> list[dict[str, Any]]:
    await client.wait_for(lambda m: m.get("type") == "event" and m.get("op") == op)
    return [e for e in client.events() if e["op"] == op]


def test_an_action_flagged_outside_a_boundary_and_votes_on_actions_by_group(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop(groups=["City", "NGO"], constraints=CONSTRAINTS)
    city = [api.member(ws, f"City {i}", group="City") for i in range(3)]
    ngo = [api.member(ws, f"NGO {i}", group="NGO") for i in range(2)]
    results_url = f"/api/rooms/{ws.plenary_room_id}/results"

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, city[0].token, label="c0") as c0, \
                connect(server.ws, ngo[0].token, label="n0") as n0:
            budget = fac.welcome["workshop"]["boundaries"][0]["id"]  # type: ignore[index]
            seq = await fac.ack("action.add", {"title": "Night buses", "owner_group": "City",
                                               "parties": ["City", "NGO"]})
            action = (await fac.event(seq))["data"]["id"]
            flag = {"target": {"action": action}, "boundary": budget,
                    "reason": "Needs 2 million a year"}
            await c0.refused("constraint.flag", flag, "forbidden")
            await fac.refused("constraint.flag", {**flag, "target": {"action": "gone"}},
                              "not_found")
            seq = await fac.ack("constraint.flag", flag)
            seen = (await n0.event(seq))["data"]
            assert (seen["target"], seen["reason"]) == ({"action": action},
                                                        "Needs 2 million a year")
            md = api.get(f"/api/rooms/{ws.plenary_room_id}/export?format=md",
                         token=city[1].token).text
            assert "Action: “Night buses” — Needs 2 million a year" in md

            await fac.ack("voting.start", {"budget": 3, "target": "actions", "hidden": True})
            for voter in (c0, n0):
                await voter.ack("vote.add", {"note": action})
            assert api.get(results_url, token=city[1].token).json()["actions"] == []
            await fac.ack("voting.stop")
            await fac.ack("voting.reveal")
            shown = api.get(results_url, token=city[1].token).json()
            # The NGO has two people: its vote is in the total, never in a group's count.
            assert shown["groups"] == ["City"]
            assert shown["actions"] == [{"id": action, "title": "Night buses",
                                         "votes": {"City": 1}}]

            seq = await fac.ack("constraint.unflag", {"target": {"action": action}})
            await c0.event(seq)
        async with connect(server.ws, ngo[1].token, label="n1") as again:
            assert again.welcome["workshop"]["flags"] == []  # type: ignore[index]

    run(scenario())
