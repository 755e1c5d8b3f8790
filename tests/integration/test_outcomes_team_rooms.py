"""Suggested hackathon teams and teams into rooms, on the wire: the facilitator asks
for a suggestion (worked out by the solver in the server's worker process, answered
to that socket alone), applies it with teams.apply, and gives every viable team a
room of its own, seeded with its pitch, its members moved there."""

from __future__ import annotations

from typing import Any

import pytest

from support.api import Api, Member, Workshop
from support.server import ServerProcess, open_client
from support.ws import Client, Message, run

pytestmark = pytest.mark.redis

ADMINISTRATION = "Public administration"
GROUPS = [ADMINISTRATION, "NGO", "Business", "Citizen"]
SUGGEST_S = 90.0  # the first question starts the worker process and loads scipy


def _members(server: ServerProcess, people: list[tuple[str, str]],
             **workshop: Any) -> tuple[Workshop, list[Member]]:
    with Api(server.http) as api:
        ws = api.workshop(groups=GROUPS, **workshop)
        return ws, [api.member(ws, name, group) for name, group in people]


async def _phase(fac: Client, phase: str) -> None:
    await fac.ack("hackathon.phase", {"phase": phase})


async def _pitch(fac: Client, holder: Member, title: str, **more: Any) -> Message:
    seq = await fac.ack("pitch.add", {"title": title, "text": f"{title}, and why",
                                      "holder": holder.participant_id, **more})
    pitch: Message = (await fac.event(seq))["data"]["pitch"]
    return pitch


async def _suggest(fac: Client) -> Message:
    start = fac.mark()
    reply = await fac.request("teams.suggest", {}, timeout=SUGGEST_S)
    assert reply["type"] == "ack", reply
    answer = await fac.wait_type("team_suggestion", start=start, ref=reply["ref"],
                                 timeout=SUGGEST_S)
    return answer


def _hall() -> list[tuple[str, str]]:
    """Twelve people, three of each group; the administration's come first."""
    return [(f"{g.split()[0]}{n}", g) for g in GROUPS for n in range(1, 4)]


def test_the_suggestion_for_12_people_from_4_groups_and_3_pitches_makes_every_team_viable(
        two: list[ServerProcess]) -> None:
    ws, people = _members(two[0], _hall())
    holders, others = people[:3], people[3:]
    group_of = {m.participant_id: g for m, (_, g) in zip(people, _hall(), strict=True)}

    async def scenario() -> None:
        fac = await open_client(two[0], ws.facilitator.token, "fac-A")
        # The same facilitator on the other process, and two participants: none of
        # them gets the answer.
        fac_b = await open_client(two[1], ws.facilitator.token, "fac-B")
        watchers = [fac_b, await open_client(two[0], others[0].token, "ngo-A"),
                    await open_client(two[1], others[-1].token, "citizen-B")]
        await _phase(fac, "pitch")
        pitches = [await _pitch(fac, h, t) for h, t in zip(
            holders, ("Benches", "Open data", "Night bus"), strict=True)]
        refused = await fac.refused("teams.suggest", {}, "invalid")
        assert "teams phase" in refused["message"] and "pitch phase" in refused["message"]
        # Someone would rather be in the night bus team.
        await watchers[1].ack("team.prefer", {"pitches": [pitches[2]["id"]]})
        await _phase(fac, "teams")
        await watchers[1].refused("teams.suggest", {}, "forbidden")
        marks = [w.mark() for w in watchers]
        answer = await _suggest(fac)
        assert answer["unplaced"] == [] and answer["short"] == []
        teams = {t["pitch"]: t["members"] for t in answer["teams"]}
        assert list(teams) == [p["id"] for p in pitches]
        for pitch in pitches:  # each holder first, in their own team
            assert teams[pitch["id"]][0] == pitch["holder"]
        placed = [m for members in teams.values() for m in members]
        assert sorted(placed) == sorted(group_of)  # everyone once
        assert others[0].participant_id in teams[pitches[2]["id"]]  # as they preferred
        for members in teams.values():  # viable under the default rule, by hand
            assert 3 <= len(members) <= 8
            assert len({group_of[m] for m in members}) >= 2
        # Nothing changed: the suggestion is the facilitator's to apply.
        await fac.ping()
        for w, mark in zip(watchers, marks, strict=True):
            await w.ping()
            assert w.of_type("team_suggestion", mark) == [] and w.events(mark) == []
            assert not any("team_suggestion" in raw for raw in w.raw), w.label
        seq = await fac.ack("teams.apply", {"teams": answer["teams"]})
        applied = (await watchers[2].event(seq))["data"]["pitches"]  # the other process too
        assert {p["id"] for p in applied} == set(teams)
        for server in two:
            look = await open_client(server, ws.facilitator.token, "look")
            assert look.welcome is not None
            shown = look.welcome["hackathon"]["pitches"]
            assert {p["id"]: p["members"] for p in shown} == teams
            assert [p["viability"]["text"] for p in shown] == ["viable"] * 3
            await look.close()
        for c in (fac, *watchers):
            await c.close()

    run(scenario(), timeout=240)


def test_an_impossible_case_names_the_missing_group(server: ServerProcess) -> None:
    # Nobody is a citizen, and every team needs one.
    ws, people = _members(server, [(n, g) for n, g in _hall() if g != "Citizen"])

    async def scenario() -> None:
        fac = await open_client(server, ws.facilitator.token, "fac")
        await fac.ack("workshop.settings", {"team_rule": {"required_any": ["Citizen"]}})
        await _phase(fac, "pitch")
        await _pitch(fac, people[0], "Benches")
        await _pitch(fac, people[1], "Open data")
        await _phase(fac, "teams")
        answer = await _suggest(fac)
        assert answer["short"][0] == "Citizen"
        free = {m.participant_id for m in people[2:]}
        assert set(answer["unplaced"]) == free
        # Nobody is parked in a team that cannot be viable.
        assert [t["members"] for t in answer["teams"]] == [[people[0].participant_id],
                                                           [people[1].participant_id]]
        await fac.close()

    run(scenario(), timeout=180)


def test_teams_to_rooms_moves_every_member_and_seeds_each_board(
        two: list[ServerProcess]) -> None:
    # Two viable teams (benches, open data) and one that is not (night bus: one group).
    ws, people = _members(two[0], [
        ("Ann", ADMINISTRATION), ("Nia", "NGO"), ("Bo", "Business"),
        ("Cai", ADMINISTRATION), ("Cit", "Citizen"), ("Nor", "NGO"),
        ("Ada", ADMINISTRATION), ("Abe", ADMINISTRATION), ("Loner", "Business")])
    ann, nia, bo, cai, cit, nor, ada, abe, loner = people

    async def scenario() -> None:
        fac = await open_client(two[0], ws.facilitator.token, "fac-A")
        await _phase(fac, "pitch")
        idea = (await fac.event(await fac.ack("note.add", {"text": "Benches by the river",
                                                           "color": "green"})))["data"]
        benches = await _pitch(fac, ann, "Benches", source={"note": idea["id"]})
        data = await _pitch(fac, cai, "Open data")
        bus = await _pitch(fac, ada, "Night bus")
        refused = await fac.refused("teams.to_rooms", {}, "invalid")
        assert "teams or work phase" in refused["message"] and "pitch phase" in refused["message"]
        await _phase(fac, "teams")
        refused = await fac.refused("teams.to_rooms", {}, "invalid")
        assert "no team is viable" in refused["message"]
        await fac.ack("teams.apply", {"teams": [
            {"pitch": benches["id"], "members": [nia.participant_id, bo.participant_id]},
            {"pitch": data["id"], "members": [cit.participant_id, nor.participant_id]},
            {"pitch": bus["id"], "members": [abe.participant_id]}]})
        # Members on both processes, and someone in no team.
        sockets = {m.name: await open_client(two[i % 2], m.token, m.name)
                   for i, m in enumerate((ann, nia, bo, cai, cit, nor, ada, abe, loner))}
        participant = await sockets["Nia"].refused("teams.to_rooms", {}, "forbidden")
        assert participant["code"] == "forbidden"
        marks = {name: c.mark() for name, c in sockets.items()}
        seq = await fac.ack("teams.to_rooms", {})
        event = (await fac.event(seq))["data"]
        rooms = {r["name"]: r["id"] for r in event["rooms"]}
        assert list(rooms) == ["Benches", "Open data"]
        assert event["pitches"] == {benches["id"]: rooms["Benches"],
                                    data["id"]: rooms["Open data"]}
        expected = {"Ann": "Benches", "Nia": "Benches", "Bo": "Benches",
                    "Cai": "Open data", "Cit": "Open data", "Nor": "Open data"}
        by_id = {m.participant_id: m.name for m in people}
        assert {by_id[p]: r for p, r in event["assignments"].items()} == {
            name: rooms[title] for name, title in expected.items()}
        for name, title in expected.items():
            client = sockets[name]
            moved = await client.wait_type("moved", start=marks[name], what="moved to a room")
            assert moved["room"] == rooms[title]
            welcome = await client.hello(next(m.token for m in people if m.name == name))
            assert welcome["room"]["id"] == rooms[title]
            assert welcome["room"]["name"] == title
            assert welcome["participant"]["room"] == rooms[title]
            notes = welcome["state"]["notes"]
            (frame,) = welcome["state"]["clusters"]
            assert frame["title"] == title
            assert all(n["cluster"] == frame["id"] for n in notes)
            (pitch,) = [n for n in notes if n.get("source") is None]
            assert pitch["text"] == f"{title}\n\n{title}, and why"
            copies = [n for n in notes if n.get("source") is not None]
            if title == "Benches":  # its source note, copied
                assert [(n["text"], n["color"], n["source"]) for n in copies] == [
                    ("Benches by the river", "green",
                     {"room": ws.plenary_room_id, "note": idea["id"]})]
            else:
                assert copies == []
        # The night bus team (not viable) and someone in no team stay where they are.
        for name in ("Ada", "Abe", "Loner"):
            client = sockets[name]
            await client.event(seq)
            await client.ping()
            assert client.of_type("moved", marks[name]) == [], name
        look = await open_client(two[1], ada.token, "ada-again")
        assert look.welcome is not None
        assert look.welcome["room"]["id"] == ws.plenary_room_id
        await look.close()
        # The teams are as they were; the plenary's board keeps its note.
        after = await open_client(two[1], ws.facilitator.token, "look-B")
        assert after.welcome is not None
        shown = {p["title"]: len(p["members"]) for p in after.welcome["hackathon"]["pitches"]}
        assert shown == {"Benches": 3, "Open data": 3, "Night bus": 2}
        assert [n["text"] for n in after.welcome["state"]["notes"]] == ["Benches by the river"]
        assert {r["name"] for r in after.welcome["workshop"]["rooms"]} >= {"Benches",
                                                                           "Open data"}
        for c in (fac, after, *sockets.values()):
            await c.close()

    run(scenario(), timeout=240)

