"""The hackathon on the wire: pitches in the pitch phase, teams in the teams phase,
each team viable or saying what it is missing, and a participant in one team at
most, also when they join two teams at once from two server processes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from support.api import Api, Member, Workshop
from support.server import ServerProcess, open_client
from support.ws import Client, Message, run

pytestmark = pytest.mark.redis

ADMINISTRATION = "Public administration"
GROUPS = [ADMINISTRATION, "NGO", "Business", "Citizen"]
OUTSIDE = GROUPS[1:]  # every group but public administration


def _members(server: ServerProcess, *people: tuple[str, str]) -> tuple[Workshop, list[Member]]:
    with Api(server.http) as api:
        ws = api.workshop(groups=GROUPS)
        return ws, [api.member(ws, name, group) for name, group in people]


async def _phase(fac: Client, phase: str) -> Message:
    data: Message = (await fac.event(await fac.ack("hackathon.phase", {"phase": phase})))["data"]
    return data


async def _pitch(who: Client, title: str) -> Message:
    seq = await who.ack("pitch.add", {"title": title, "text": f"{title}, and why"})
    pitch: Message = (await who.event(seq))["data"]["pitch"]
    return pitch


def _pitches(welcome: Message) -> dict[str, Message]:
    return {p["title"]: p for p in welcome["hackathon"]["pitches"]}


def test_civil_servants_alone_are_not_viable_until_an_ngo_member_joins(
        two: list[ServerProcess]) -> None:
    ws, (c1, c2, c3, c4, ngo, firm) = _members(
        two[0], ("Cai", ADMINISTRATION), ("Cem", ADMINISTRATION), ("Cyd", ADMINISTRATION),
        ("Cleo", ADMINISTRATION), ("Nia", "NGO"), ("Bo", "Business"))

    async def scenario() -> None:
        fac = await open_client(two[0], ws.facilitator.token, "fac-A")
        assert fac.welcome is not None
        assert fac.welcome["hackathon"] == {
            "phase": "ideas", "pitches": [], "presenting": None,
            "team_rule": {"min_size": 3, "max_size": 8, "min_groups": 2, "required_any": []},
            "jury": {"criteria": [], "jurors": 0, "scored": {}, "closed": False,
                     "result": None},
            "mine": {"prefers": [], "scores": {}}}
        await fac.ack("workshop.settings", {"team_rule": {"required_any": OUTSIDE}})
        a = [await open_client(two[0], m.token, m.name) for m in (c1, c2, firm)]
        b = [await open_client(two[1], m.token, m.name) for m in (c3, c4, ngo)]
        lead, second, bo = a
        third, fourth, nia = b
        # Outside its phase an op is refused, naming the phase it belongs to.
        refused = await lead.refused("pitch.add", {"title": "Benches", "text": ""}, "invalid")
        assert "pitch phase" in refused["message"] and "ideas phase" in refused["message"]
        await _phase(fac, "pitch")
        benches = await _pitch(lead, "Benches")
        data = await _pitch(bo, "Open data")
        refused = await third.refused("team.join", {"pitch": benches["id"]}, "invalid")
        assert "teams phase" in refused["message"]
        await _phase(fac, "teams")
        await second.ack("team.join", {"pitch": benches["id"]})
        for who in (third, fourth):  # on the other process
            await who.ack("team.join", {"pitch": benches["id"]})
        # Already in a team: joining another is refused, and nothing changes.
        await second.refused("team.join", {"pitch": data["id"]}, "invalid")
        look = await open_client(two[1], ws.facilitator.token, "look-B")
        assert look.welcome is not None
        team = _pitches(look.welcome)["Benches"]
        assert [m["name"] for m in team["team"]] == ["Cai", "Cem", "Cyd", "Cleo"]
        assert team["viability"]["viable"] is False
        assert team["viability"]["missing"] == [
            {"reason": "any_of", "groups": OUTSIDE}, {"reason": "groups", "count": 1}]
        assert "needs someone from NGO or Business or Citizen" in team["viability"]["text"]
        await look.close()
        seq = await nia.ack("team.join", {"pitch": benches["id"]})
        joined = (await lead.event(seq))["data"]["pitch"]  # reaches the other process too
        assert joined["viability"] == {"viable": True, "missing": [], "text": "viable"}
        assert [m["group"] for m in joined["team"]][-1] == "NGO"
        # The teams phase ends: the team that is not viable is named, its members told.
        ended = await _phase(fac, "work")
        assert ended["not_viable"] == [data["id"]] and ended["previous"] == "teams"
        refused = await nia.refused("team.leave", {}, "invalid")
        assert "teams phase" in refused["message"] and "work phase" in refused["message"]
        for c in (fac, *a, *b):
            await c.close()

    run(scenario())


def test_one_participant_joining_two_teams_at_once_on_two_processes(
        two: list[ServerProcess]) -> None:
    ws, (p1, p2, joiner) = _members(two[0], ("Pia", "NGO"), ("Per", "Business"),
                                    ("Jo", ADMINISTRATION))
    rounds = 6

    async def scenario() -> None:
        fac = await open_client(two[0], ws.facilitator.token, "fac-A")
        holder_a = await open_client(two[0], p1.token, "pia-A")
        holder_b = await open_client(two[1], p2.token, "per-B")
        await _phase(fac, "pitch")
        pitches = [await _pitch(holder_a, "Benches"), await _pitch(holder_b, "Open data")]
        await _phase(fac, "teams")
        # The same participant, with a socket on each process.
        here = await open_client(two[0], joiner.token, "jo-A")
        there = await open_client(two[1], joiner.token, "jo-B")
        for _ in range(rounds):
            replies: list[Any] = await asyncio.gather(
                here.request("team.join", {"pitch": pitches[0]["id"]}),
                there.request("team.join", {"pitch": pitches[1]["id"]}))
            kinds = sorted(r["type"] for r in replies)
            assert kinds == ["ack", "error"], replies
            error = next(r for r in replies if r["type"] == "error")
            assert error["code"] == "invalid" and "already" in error["message"], error
            await (here if replies[0]["type"] == "ack" else there).ack("team.leave", {})
        await here.ack("team.join", {"pitch": pitches[1]["id"]})
        for server in two:
            look = await open_client(server, ws.facilitator.token, "look")
            assert look.welcome is not None
            teams = {p["title"]: [m["name"] for m in p["team"]]
                     for p in look.welcome["hackathon"]["pitches"]}
            assert teams == {"Benches": ["Pia"], "Open data": ["Per", "Jo"]}
            await look.close()
        for c in (fac, holder_a, holder_b, here, there):
            await c.close()

    run(scenario(), timeout=240)
