"""Actions are the workshop's: every room sees them, and commitments of parties sent
at once from two rooms on two processes are decided one after the other, so the
flag that every party committed is set exactly when the last one commits."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest

from support.api import Api, Member, Workshop
from support.server import ServerProcess, open_client
from support.ws import Client, Message, run

pytestmark = pytest.mark.redis

PARTIES = ["NGO", "Business"]  # with the owner, City: three parties


@dataclass
class People:
    ws: Workshop
    breakout: str
    city: Member
    ngo: Member  # in the breakout room
    business: Member


def _people(server: ServerProcess, **workshop: Any) -> People:
    with Api(server.http) as api:
        ws = api.workshop(**workshop)
        city = api.member(ws, "Cleo", "City")
        ngo = api.member(ws, "Nia", "NGO")
        business = api.member(ws, "Bo", "Business")
    return People(ws, "", city, ngo, business)


async def _room_of_their_own(fac: Client, people: People) -> None:
    """The NGO participant works in a breakout room; the others in the plenary."""
    seq = await fac.ack("room.add", {"name": "Breakout"})
    people.breakout = (await fac.event(seq))["data"]["room"]["id"]
    await fac.ack("room.assign", {"participant": people.ngo.participant_id,
                                  "room": people.breakout})


async def _action(fac: Client, title: str) -> Message:
    seq = await fac.ack("action.add", {"title": title, "owner_group": "City",
                                       "parties": PARTIES})
    data: Message = (await fac.event(seq))["data"]
    return data


def _actions_in(welcome: Message) -> dict[str, Message]:
    assert welcome["state"]["actions"] == welcome["actions"]
    return {a["id"]: a for a in welcome["actions"]}


def test_three_parties_the_flag_only_after_the_third_commits(two: list[ServerProcess]) -> None:
    people = _people(two[0])

    async def scenario() -> None:
        fac = await open_client(two[0], people.ws.facilitator.token, "fac-A")
        await _room_of_their_own(fac, people)
        city = await open_client(two[0], people.city.token, "city-A")
        ngo = await open_client(two[1], people.ngo.token, "ngo-B")  # in the breakout, on B
        business = await open_client(two[1], people.business.token, "business-B")
        assert ngo.welcome is not None and ngo.welcome["room"]["id"] == people.breakout
        action = await _action(fac, "Open the transport data")
        assert action["parties"] == ["City", *PARTIES]
        flags = []
        for who in (city, ngo, business):
            seq = await who.ack("action.commit", {"id": action["id"]})
            flags.append((await who.event(seq))["data"]["all_parties_committed"])
        assert flags == [False, False, True]
        # Every room's welcome, on either process, has the action committed by all three.
        for server, token, room in ((two[0], people.ws.facilitator.token, people.breakout),
                                    (two[1], people.ws.facilitator.token, None),
                                    (two[1], people.ngo.token, None)):
            look = await open_client(server, token, "look", room=room)
            assert look.welcome is not None
            seen = _actions_in(look.welcome)[action["id"]]
            assert seen["all_parties_committed"] is True
            assert [c["group"] for c in seen["commits"]] == ["City", "NGO", "Business"]
            assert [c["name"] for c in seen["commits"]] == ["Cleo", "Nia", "Bo"]
            await look.close()
        for c in (fac, city, ngo, business):
            await c.close()

    run(scenario())


def test_the_last_two_committing_at_once_on_two_processes(two: list[ServerProcess]) -> None:
    people = _people(two[0])
    rounds = 8

    async def scenario() -> None:
        fac = await open_client(two[0], people.ws.facilitator.token, "fac-A")
        await _room_of_their_own(fac, people)
        city = await open_client(two[0], people.city.token, "city-A")
        ngo = await open_client(two[0], people.ngo.token, "ngo-A")  # the breakout, on A
        business = await open_client(two[1], people.business.token, "business-B")  # plenary, on B
        for i in range(rounds):
            action = await _action(fac, f"Action {i}")
            await city.ack("action.commit", {"id": action["id"]})
            # The last two parties commit at the same moment, from two rooms and processes.
            one, other = await asyncio.gather(
                ngo.request("action.commit", {"id": action["id"]}),
                business.request("action.commit", {"id": action["id"]}))
            assert one["type"] == other["type"] == "ack", (one, other)
            events = await asyncio.gather(ngo.event(one["seq"]),
                                          business.event(other["seq"]))
            flags = sorted(e["data"]["all_parties_committed"] for e in events)
            # Whichever was decided second saw the first: exactly one of them completes it.
            assert flags == [False, True], events
        for server in two:
            look = await open_client(server, people.ws.facilitator.token, "look")
            assert look.welcome is not None
            actions = _actions_in(look.welcome)
            assert len(actions) == rounds
            assert all(a["all_parties_committed"] for a in actions.values())
            await look.close()
        for c in (fac, city, ngo, business):
            await c.close()

    run(scenario(), timeout=240)


def test_status_and_the_flag_are_independent(two: list[ServerProcess]) -> None:
    people = _people(two[0])

    async def scenario() -> None:
        fac = await open_client(two[0], people.ws.facilitator.token, "fac-A")
        city = await open_client(two[1], people.city.token, "city-B")
        ngo = await open_client(two[1], people.ngo.token, "ngo-B")
        business = await open_client(two[0], people.business.token, "business-A")
        action = await _action(fac, "Joint pilot")
        aid = action["id"]

        async def latest(client: Client, seq: int) -> Message:
            data: Message = (await client.event(seq))["data"]
            return data

        agreed = await latest(fac, await fac.ack("action.update",
                                                 {"id": aid, "status": "agreed"}))
        assert (agreed["status"], agreed["percent"], agreed["all_parties_committed"]) == (
            "agreed", 10, False)
        for who in (city, ngo):
            await who.ack("action.commit", {"id": aid})
        done = await latest(business, await business.ack("action.commit", {"id": aid}))
        assert (done["status"], done["all_parties_committed"]) == ("agreed", True)
        back = await latest(ngo, await ngo.ack("action.uncommit", {"id": aid}))
        assert (back["status"], back["all_parties_committed"]) == ("agreed", False)
        blocked = await latest(fac, await fac.ack("action.update",
                                                  {"id": aid, "status": "blocked"}))
        assert [c["group"] for c in blocked["commits"]] == ["City", "Business"]
        step = await latest(fac, await fac.ack("action.progress",
                                               {"id": aid, "text": "Budget found",
                                                "percent": 60}))
        assert (step["status"], step["percent"], step["progress"][0]["text"]) == (
            "blocked", 60, "Budget found")
        # Refused, for the sender alone, and nothing changes.
        await business.refused("action.commit", {"id": aid}, "invalid")
        # A party that does not own it may not set its status; the owners may (from the
        # other process), and nothing else of it.
        await ngo.refused("action.update", {"id": aid, "status": "done"}, "forbidden")
        await city.refused("action.update", {"id": aid, "title": "Mine now"}, "forbidden")
        owned = await latest(fac, await city.ack("action.update",
                                                 {"id": aid, "status": "in_progress"}))
        assert (owned["status"], owned["title"]) == ("in_progress", "Joint pilot")
        reported = await latest(fac, await city.ack("action.progress",
                                                    {"id": aid, "text": "Tender out"}))
        assert reported["progress"][-1]["text"] == "Tender out"
        await city.refused("action.add", {"title": "Mine", "owner_group": "City"},
                           "forbidden")
        look = await open_client(two[1], people.ws.facilitator.token, "look")
        assert look.welcome is not None
        assert _actions_in(look.welcome)[aid] == reported
        for c in (fac, city, ngo, business, look):
            await c.close()

    run(scenario())


def test_voting_on_actions_and_who_committed_under_the_author_display(
        two: list[ServerProcess]) -> None:
    people = _people(two[0], authors="group", facilitator_sees_authors=True)

    async def scenario() -> None:
        fac = await open_client(two[0], people.ws.facilitator.token, "fac-A")
        city = await open_client(two[1], people.city.token, "city-B")
        ngo = await open_client(two[0], people.ngo.token, "ngo-A")
        await fac.ack("workshop.settings", {"participants_add_actions": True})
        seq = await city.ack("action.add", {"title": "Bus lanes", "owner_group": "City",
                                            "parties": ["NGO"]})
        aid = (await city.event(seq))["data"]["id"]
        seq = await city.ack("action.commit", {"id": aid})
        seen_by_ngo = (await ngo.event(seq))
        assert seen_by_ngo["actor"] is None
        assert seen_by_ngo["data"]["commits"] == [
            {"group": "City", "participant": None, "name": None, "ts": seen_by_ngo["ts"]}]
        assert (await fac.event(seq))["data"]["commits"][0]["name"] == "Cleo"
        await fac.ack("voting.start", {"budget": 2, "target": "actions"})
        await ngo.ack("vote.add", {"note": aid})
        seq = await city.ack("vote.add", {"note": aid})
        assert (await fac.event(seq))["data"]["votes"] == 2
        await ngo.refused("vote.add", {"note": "NoSuchAction0000"}, "not_found")
        seq = await fac.ack("action.delete", {"id": aid})
        await ngo.event(seq)
        look = await open_client(two[1], people.ngo.token, "look")
        assert look.welcome is not None
        assert look.welcome["actions"] == [] and look.welcome["state"]["voting"]["tally"] == {}
        for c in (fac, city, ngo, look):
            await c.close()

    run(scenario())
