"""Reusing breakout rooms, renaming and archiving them, and the workshop's language,
over real sockets and HTTP: a second split keeps the rooms and their boards, an
archived room's people land in the plenary and the room leaves the overview but not
the report, and what the server names itself is in the workshop's language."""

from __future__ import annotations

import csv
import io
from typing import Any

from support.api import Api, assert_error
from support.server import ServerProcess
from support.ws import Client, connect, run

Message = dict[str, Any]


async def _moved_and_welcomed(client: Client, token: str, start: int, room: str) -> Message:
    moved = await client.wait_type("moved", start=start, what=f"moved to {room}")
    assert moved["room"] == room, moved
    welcome = await client.hello(token)
    assert welcome["room"]["id"] == room
    return welcome


def test_a_second_split_reuses_the_rooms_and_keeps_their_boards(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop(groups=["City", "NGO"])
    people = [api.member(ws, f"P{i}", group=["City", "NGO"][i % 2]) for i in range(4)]

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac:
            first = (await fac.event(await fac.ack("rooms.split", {"count": 2})))["data"]
            rooms = [r["id"] for r in first["rooms"]]
            assert [r["name"] for r in first["rooms"]] == ["Room 1", "Room 2"]
            async with connect(server.ws, ws.facilitator.token, room=rooms[0],
                               label="fac-r1") as look:
                await look.ack("note.add", {"text": "Kept from the first round"})
            await fac.ack("rooms.recall", {})
            again = (await fac.event(await fac.ack(
                "rooms.split", {"count": 3, "reuse": True})))["data"]
            ids = [r["id"] for r in again["rooms"]]
            assert ids[:2] == rooms and ids[2] not in rooms, ids
            assert again["rooms"][2]["name"] == "Room 3"  # not a second "Room 1"
            assert set(again["assignments"]) == {p.participant_id for p in people}
            got = api.get_workshop(ws.id, ws.facilitator.token).json()
            assert [r["name"] for r in got["rooms"]] == ["Plenary", "Room 1", "Room 2",
                                                         "Room 3"]
            async with connect(server.ws, ws.facilitator.token, room=rooms[0],
                               label="fac-r1b") as look:
                notes = look.welcome["state"]["notes"] if look.welcome else []
                assert [n["text"] for n in notes] == ["Kept from the first round"]
            # Without reuse a split still makes new rooms, as the shared contract says.
            plain = (await fac.event(await fac.ack("rooms.split", {"count": 1})))["data"]
            assert plain["rooms"][0]["id"] not in ids and plain["rooms"][0]["name"] == "Room 4"
    run(scenario())


def test_rename_and_archive_a_room_with_someone_in_it(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    ann = api.member(ws, "Ann", group="City")
    wall = api.member(ws, "Wall", role="wall")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ann.token, label="ann") as a:
            room = (await fac.event(await fac.ack("room.add", {"name": "Mobility"})))["data"]
            rid = room["room"]["id"]
            assert room["room"]["archived"] is False
            mark = a.mark()
            await fac.ack("room.assign", {"participant": ann.participant_id, "room": rid})
            await _moved_and_welcomed(a, ann.token, mark, rid)
            async with connect(server.ws, wall.token, room=rid, label="wall") as w:
                seq = await a.ack("note.add", {"text": "Bike lanes"})
                await w.event(seq)
                rename = await fac.event(await fac.ack("room.rename",
                                                       {"room": rid, "name": "Transport"}))
                assert rename["data"]["room"] == {"id": rid, "name": "Transport",
                                                  "plenary": False, "archived": False}
                renamed = await a.wait_for(lambda m: m.get("op") == "room.rename",
                                           what="the rename in the room")
                assert renamed["data"]["room"]["name"] == "Transport"
                await fac.refused("room.rename", {"room": ws.plenary_room_id, "name": "Hall"},
                                  "invalid")
                await a.refused("room.archive", {"room": rid}, "forbidden")

                mark, wall_mark = a.mark(), w.mark()
                seq = await fac.ack("room.archive", {"room": rid})
                event = await fac.event(seq)
                assert event["data"]["moves"] == {ann.participant_id: ws.plenary_room_id}
                welcome = await _moved_and_welcomed(a, ann.token, mark, ws.plenary_room_id)
                me = welcome["participant"]
                assert me["room"] == ws.plenary_room_id
                # Ann cannot go back into a room she can no longer see.
                await fac.refused("room.assign", {"participant": ann.participant_id,
                                                  "room": rid}, "invalid")
                # The wall watching it stays, and still sees the board.
                await w.wait_for(lambda m: m.get("op") == "room.archive", start=wall_mark,
                                 what="the archive on the wall")
                assert not w.of_type("moved", wall_mark)
            listed = api.get_workshop(ws.id, ws.facilitator.token).json()["rooms"]
            assert {"id": rid, "name": "Transport", "plenary": False,
                    "archived": True} in listed

            # The overview leaves it out; the report keeps its board.
            await fac.send({"type": "overview.watch"})
            overview = await fac.wait_type("overview", what="the overview")
            assert rid not in [r["id"] for r in overview["rooms"]]
            report = api.get(f"/api/rooms/{rid}/export?format=md", ws.facilitator.token)
            assert report.status_code == 200 and "Bike lanes" in report.text
            assert "Room: Transport" in report.text

            # Restored: listed again, empty of people, board intact.
            await fac.ack("room.archive", {"room": rid, "archived": False})
            again = await fac.wait_for(
                lambda m: m.get("type") == "overview" and rid in [r["id"] for r in m["rooms"]],
                what="the restored room in the overview")
            row = next(r for r in again["rooms"] if r["id"] == rid)
            assert row["notes"] == 1 and row["present"]["total"] == 0
    run(scenario())


def test_the_overview_names_who_is_connected_and_never_the_facilitator(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    ann = api.member(ws, "Ann", group="City")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ann.token, label="ann"):
            await fac.send({"type": "overview.watch"})
            overview = await fac.wait_for(
                lambda m: m.get("type") == "overview" and any(
                    r["present"]["total"] == 1 for r in m["rooms"]),
                what="Ann in the overview")
            plenary = next(r for r in overview["rooms"] if r["plenary"])
            assert plenary["present"]["participants"] == [ann.participant_id]
    run(scenario())


def test_a_workshop_in_estonian_names_its_rooms_and_snapshots_in_estonian(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop(language="et", groups=["Linn", "MTÜ"], authors="group",
                      facilitator_name="")
    body = ws.body["workshop"]
    assert body["language"] == "et"
    assert [r["name"] for r in body["rooms"]] == ["Täiskogu"]
    assert_error(api.create_workshop(title="X", language="fr"), 422, "invalid")
    mari = api.member(ws, "Mari", group="MTÜ")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, mari.token, label="mari") as m:
            assert fac.welcome is not None
            assert fac.welcome["participant"]["name"] == "Läbiviija"
            mark = m.mark()
            split = (await fac.event(await fac.ack("rooms.split", {"count": 2})))["data"]
            assert [r["name"] for r in split["rooms"]] == ["Ruum 1", "Ruum 2"]
            await _moved_and_welcomed(m, mari.token, mark,
                                      split["assignments"][mari.participant_id])
            mark = m.mark()
            await fac.ack("rooms.recall", {})
            await _moved_and_welcomed(m, mari.token, mark, ws.plenary_room_id)
            await fac.ack("agenda.set", {"rounds": [{"title": "Ideed", "seconds": 0}]})
            await fac.ack("round.start", {})
            seq = await fac.ack("round.end", {})
            ended = next(e for e in fac.events() if e["op"] == "round.end" and e["seq"] >= seq)
            assert ended["data"]["snapshot"]["name"] == "Pärast: Ideed"

            # Exports speak the workshop's language unless `lang` says otherwise.
            await fac.ack("note.add", {"text": "Rattateed"})
            note_seq = await m.ack("note.add", {"text": "Pargid"})
            await fac.event(note_seq)
            plenary = ws.plenary_room_id
            md = api.get(f"/api/rooms/{plenary}/export?format=md", ws.facilitator.token).text
            assert "Ruum: Täiskogu" in md and "## Rühmitamata märkmed" in md, md
            assert "osaleja rühmast MTÜ" in md
            de = api.get(f"/api/rooms/{plenary}/export?format=csv&lang=de",
                         ws.facilitator.token).text
            rows = list(csv.DictReader(io.StringIO(de)))
            assert "jemand aus MTÜ" in {r["author"] for r in rows}, rows
            assert_error(api.get(f"/api/rooms/{plenary}/export?format=md&lang=fr",
                                 ws.facilitator.token), 422, "invalid")

            # Changing the language names what is made from then on; names given stay.
            settings = await fac.event(await fac.ack("workshop.settings", {"language": "de"}))
            assert settings["data"]["language"] == "de"
            split = (await fac.event(await fac.ack("rooms.split", {"count": 1})))["data"]
            assert [r["name"] for r in split["rooms"]] == ["Raum 3"]
            rooms = api.get_workshop(ws.id, ws.facilitator.token).json()
            assert rooms["language"] == "de" and rooms["rooms"][0]["name"] == "Täiskogu"
            en = api.get(f"/api/rooms/{plenary}/export?format=md&lang=en",
                         ws.facilitator.token).text
            assert "Room: Täiskogu" in en and "## Ungrouped notes" in en
    run(scenario())
