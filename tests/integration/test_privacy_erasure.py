"""A participant's own data: they download it and erase it, or a facilitator erases
it for them; afterwards no table, export or welcome holds their name, organisation
or (under the `delete` policy) what they wrote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import column, create_engine, inspect, select, table

from support.api import Api, Member, Workshop, assert_error
from support.server import ServerProcess
from support.ws import connect, run

NAME = "Zebulon Quarrington"
ORG = "Guild of Lantern Makers"
TEXT = "Pomegranate tunnels under the river"
TEXT_THERE = "Lanterns on every bridge"


@dataclass
class Scene:
    workshop: Workshop
    ann: Member
    bob: Member
    breakout: str
    note: str  # Ann's note in the plenary


def _join(api: Api, workshop: Workshop, name: str, group: str, org: str) -> Member:
    r = api.post("/api/join", {"join_code": workshop.join_code, "name": name, "group": group,
                               "organisation": org})
    assert r.status_code == 201, r.text
    d = r.json()
    return Member(d["participant_id"], d["token"], name, "participant", d["room_id"])


def _scene(server: ServerProcess, policy: str) -> Scene:
    """Ann (the one to erase) writes, votes, gets ready, commits her group, adds an
    action and proposes; a snapshot, a breakout room and a collected copy hold her."""
    with Api(server.http) as api:
        workshop = api.workshop(erase_policy=policy, constraints=["Budget stays"],
                                participants_add_actions=True)
        ann = _join(api, workshop, NAME, "NGO", ORG)
        bob = _join(api, workshop, "Bob Builder", "City", "Town hall")

    async def scenario() -> Scene:
        async with connect(server.ws, workshop.facilitator.token, label="fac") as fac, \
                connect(server.ws, ann.token, label="ann") as a, \
                connect(server.ws, bob.token, label="bob") as b:
            note = (await a.event(await a.ack("note.add", {"text": TEXT})))["data"]["id"]
            await b.ack("note.add", {"text": "Bob's bench"})
            await fac.ack("voting.start", {"budget": 3})
            await a.ack("vote.add", {"note": note})
            await a.ack("ready.set", {"ready": True})
            action = (await fac.event(await fac.ack("action.add", {
                "title": "Ferry pilot", "owner_group": "City", "parties": ["NGO"],
                "owner_person": NAME, "owner_org": ORG})))["data"]
            await a.ack("action.commit", {"id": action["id"]})
            await a.ack("action.add", {"title": "Lantern survey", "owner_group": "NGO",
                                       "parties": []})
            await a.ack("constraint.challenge", {"boundary": "b1", "text": "Ask for a pilot"})
            await fac.ack("voting.stop")
            await fac.ack("snapshot.save", {"name": "After the vote"})
            room = (await fac.event(await fac.ack("room.add", {"name": "Bridges"})))["data"]
            breakout = room["room"]["id"]
            await fac.ack("room.assign", {"participant": ann.participant_id, "room": breakout})
        async with connect(server.ws, ann.token, room=breakout, label="ann2") as a2:
            await a2.ack("note.add", {"text": TEXT_THERE})
        async with connect(server.ws, workshop.facilitator.token, label="fac2") as fac:
            await fac.ack("rooms.collect", {})
            assert fac.welcome is not None
        return Scene(workshop, ann, bob, breakout, note)
    return run(scenario())


def _texts_in_database(url: str, needles: list[str]) -> list[str]:
    """Every `table.column` of every table whose stored text holds one of `needles`."""
    engine = create_engine(url)
    found = []
    try:
        with engine.connect() as conn:
            for name in inspect(conn).get_table_names():
                columns = [c["name"] for c in inspect(conn).get_columns(name)]
                t = table(name, *(column(c) for c in columns))
                for row in conn.execute(select(t)):
                    for key, value in row._mapping.items():
                        if isinstance(value, str) and any(n in value for n in needles):
                            found.append(f"{name}.{key}")
    finally:
        engine.dispose()
    return sorted(set(found))


def _exports(server: ServerProcess, scene: Scene) -> str:
    token = scene.workshop.facilitator.token
    out = []
    with httpx.Client(base_url=server.http, timeout=20) as http:
        for room in (scene.workshop.plenary_room_id, scene.breakout):
            for fmt in ("md", "csv", "json"):
                r = http.get(f"/api/rooms/{room}/export", params={"format": fmt},
                             headers={"authorization": f"Bearer {token}"})
                assert r.status_code == 200, r.text
                out.append(r.text)
    return "\n".join(out)


def _welcomes(server: ServerProcess, scene: Scene) -> str:
    async def read() -> str:
        frames = []
        for room in (scene.workshop.plenary_room_id, scene.breakout):
            async with connect(server.ws, scene.workshop.facilitator.token, room=room) as fac:
                frames.append(repr(fac.welcome))
        return "\n".join(frames)
    return str(run(read()))


def _erase_me(server: ServerProcess, token: str) -> httpx.Response:
    return httpx.post(server.http + "/api/me/erase",
                      headers={"authorization": f"Bearer {token}"}, timeout=20)


def test_my_data_holds_what_i_did_and_nothing_of_others(
        start_server: Callable[..., ServerProcess]) -> None:
    server = start_server()
    scene = _scene(server, "delete")
    r = httpx.get(server.http + "/api/me/data",
                  headers={"authorization": f"Bearer {scene.ann.token}"}, timeout=20)
    assert r.status_code == 200, r.text
    assert "attachment" in r.headers["content-disposition"]
    mine: dict[str, Any] = r.json()
    assert mine["workshop"]["title"] == "Mobility in the city"
    assert {k: mine["participant"][k] for k in ("name", "organisation", "group", "role")} == {
        "name": NAME, "organisation": ORG, "group": "NGO", "role": "participant"}
    texts = [n["text"] for n in mine["notes"]]
    # Her note, her note in the breakout, and the copy collected into the plenary.
    assert sorted(set(texts)) == sorted({TEXT, TEXT_THERE}) and len(texts) == 3
    assert any(n["copy_of"] for n in mine["notes"])
    assert [v["target"] for v in mine["votes"]] == [scene.note]
    assert [r["id"] for r in mine["ready_in"]] == [scene.workshop.plenary_room_id]
    committed, added = mine["actions"]
    assert [c["group"] for c in committed["commitments"]] == ["NGO"]
    assert (committed["title"], committed["added_by_you"]) == ("Ferry pilot", False)
    assert (added["title"], added["added_by_you"]) == ("Lantern survey", True)
    assert [c["text"] for c in mine["challenges"]] == ["Ask for a pilot"]
    body = r.text
    assert "Bob" not in body and "Town hall" not in body and "Fran" not in body


@pytest.mark.parametrize("policy", ["delete", "anonymise"])
def test_erasing_myself_leaves_no_name_organisation_or_text(
        start_server: Callable[..., ServerProcess], database_url: str, policy: str) -> None:
    server = start_server()
    scene = _scene(server, policy)
    assert NAME in _exports(server, scene)  # the check below can fail
    assert _texts_in_database(database_url, [NAME, ORG, TEXT])

    async def erase_while_watching() -> tuple[list[Any], list[Any]]:
        async with connect(server.ws, scene.bob.token, label="bob") as bob, \
                connect(server.ws, scene.ann.token, label="ann") as ann:
            mark = bob.mark()
            assert _erase_me(server, scene.ann.token).status_code == 204
            assert await ann.wait_closed(10) == 4403
            await bob.wait_for(lambda m: m.get("type") == "event"
                               and m["op"] == "participant.erased", start=mark)
            fresh = await bob.wait_type("welcome", start=mark)
            return bob.events(mark), fresh["state"]["notes"]
    events, notes = run(erase_while_watching())
    erased = [e for e in events if e["op"] == "participant.erased"]
    assert [e["data"] for e in erased] == [{"participant": scene.ann.participant_id}]
    deleted = {e["data"]["id"] for e in events if e["op"] == "note.delete"}
    texts = {n["text"] for n in notes}
    if policy == "delete":
        assert scene.note in deleted and TEXT not in texts
    else:
        assert not deleted
        mine = [n for n in notes if n["text"] == TEXT]
        assert len(mine) >= 1 and all(n["author"] is None for n in mine)
    needles = [NAME, ORG] + ([TEXT, TEXT_THERE] if policy == "delete" else [])
    assert _texts_in_database(database_url, needles) == []
    assert not any(n in _exports(server, scene) for n in needles)
    assert not any(n in _welcomes(server, scene) for n in needles)
    if policy == "anonymise":
        assert TEXT in _exports(server, scene)
    # Her token is dead; asking again answers 410, not a second erasure.
    assert_error(_erase_me(server, scene.ann.token), 410, "gone")
    r = httpx.get(server.http + "/api/me/data",
                  headers={"authorization": f"Bearer {scene.ann.token}"}, timeout=20)
    assert_error(r, 410, "gone")
    with Api(server.http) as api:
        assert_error(api.get_workshop(scene.workshop.id, scene.ann.token), 401, "unauthorized")


def test_a_facilitator_erases_a_participant_who_asks(
        start_server: Callable[..., ServerProcess], database_url: str) -> None:
    server = start_server()
    scene = _scene(server, "delete")
    path = (f"/api/workshops/{scene.workshop.id}/participants/"
            f"{scene.ann.participant_id}/erase")
    with Api(server.http) as api:
        assert_error(api.post(path, headers={"authorization": f"Bearer {scene.bob.token}"}),
                     403, "forbidden")
        fac = {"authorization": f"Bearer {scene.workshop.facilitator.token}"}
        nobody = path.replace(scene.ann.participant_id, "n0b0dy")
        assert_error(api.post(nobody, headers=fac), 404, "not_found")
        own = path.replace(scene.ann.participant_id, scene.workshop.facilitator.participant_id)
        assert_error(api.post(own, headers=fac), 422, "invalid")
        assert api.post(path, headers=fac).status_code == 204
        assert_error(api.post(path, headers=fac), 410, "gone")
        listed = api.get(f"/api/workshops/{scene.workshop.id}/participants",
                         token=scene.workshop.facilitator.token).json()
        assert scene.ann.participant_id not in {p["id"] for p in listed}
        assert "Bob Builder" in {p["name"] for p in listed}  # only Ann went
    assert _texts_in_database(database_url, [NAME, ORG, TEXT, TEXT_THERE]) == []
