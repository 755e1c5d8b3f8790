"""Watching every room from one screen, hybrid participation and the join QR code:
the facilitator's overview updates when something happens in a breakout room,
presence says who is on site and who is remote, and the server draws the join link."""

from __future__ import annotations

from typing import Any

from support.api import Api, Member, Workshop, assert_error
from support.server import ServerProcess
from support.ws import Client, connect, run

Message = dict[str, Any]
OVERVIEW_KEYS = {"id", "name", "plenary", "seq", "notes", "clusters", "votes", "last_activity",
                 "timer", "voting", "present", "clock", "hidden_vote", "ready", "preview"}
PEOPLE = [("Ada", "City", "remote"), ("Bo", "NGO", "onsite"), ("Cy", "City", "onsite"),
          ("Di", "NGO", "remote")]


def _join(api: Api, ws: Workshop, name: str, group: str, site: str) -> Member:
    r = api.post("/api/join", {"join_code": ws.join_code, "name": name, "group": group,
                               "site": site, "organisation": f"{name}'s office"})
    assert r.status_code == 201, (r.status_code, r.text)
    data = r.json()
    return Member(participant_id=data["participant_id"], token=data["token"], name=name,
                  role="participant", room_id=data["room_id"])


def _room(overview: Message, room_id: str) -> Message:
    return next(r for r in overview["rooms"] if r["id"] == room_id)


async def _overview_where(client: Client, start: int, room_id: str, what: str,
                          test: Any) -> Message:
    return await client.wait_for(
        lambda m: m.get("type") == "overview" and any(
            r["id"] == room_id and test(r) for r in m["rooms"]),
        start=start, timeout=15, what=what)


def test_the_overview_follows_every_room_and_presence_shows_the_site(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop(groups=["City", "NGO"])
    plenary = ws.plenary_room_id
    members = [_join(api, ws, name, group, site) for name, group, site in PEOPLE]
    site_of = {m.participant_id: site for m, (_, _, site) in zip(members, PEOPLE, strict=True)}

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac:
            await fac.send({"type": "overview.watch"})
            first = await fac.wait_type("overview")
            assert [r["id"] for r in first["rooms"]] == [plenary], first
            room = first["rooms"][0]
            assert set(room) == OVERVIEW_KEYS, room
            assert room["plenary"] is True and room["name"] == "Plenary", room
            assert room["notes"] == 0 and room["votes"] == 0, room
            assert room["timer"] == "idle" and room["voting"] == "idle", room

            # Hybrid: presence in the plenary says who is on site and who is remote.
            clients = []
            try:
                for m in members:
                    clients.append(await Client.open(server.ws, label=m.name))
                    await clients[-1].hello(m.token)
                everyone = {m.participant_id for m in members} | {ws.facilitator.participant_id}
                presence = await fac.wait_for(
                    lambda msg: msg.get("type") == "presence"
                    and {p["id"] for p in msg["participants"]} == everyone,
                    what="presence with everyone")
                for p in presence["participants"]:
                    if p["id"] in site_of:
                        assert p["site"] == site_of[p["id"]], p
                        assert p["organisation"] == f"{p['name']}'s office", p
                start = clients[0].mark()
                await clients[0].send({"type": "overview.watch"})
                refused = await clients[0].wait_type("error", start=start)
                assert refused["code"] == "forbidden" and refused["ref"] is None, refused
                # The facilitator is connected too but is not one of the room's people.
                await _overview_where(fac, 0, plenary, "4 people in the plenary",
                                      lambda r: r["present"]["remote"] == 2
                                      and r["present"]["total"] == 4
                                      and r["present"]["groups"].get("City") == 2
                                      and r["present"]["groups"].get("NGO") == 2)

                marks = [c.mark() for c in clients]
                seq = await fac.ack("rooms.split", {"count": 2, "strategy": "mix"})
                split = (await fac.event(seq))["data"]
                rooms = [r["id"] for r in split["rooms"]]
                for c, m, mark in zip(clients, members, marks, strict=True):
                    await c.wait_type("moved", start=mark)
                    welcome = await c.hello(m.token)
                    assert welcome["room"]["id"] == split["assignments"][m.participant_id]
                for room_id in rooms:
                    await _overview_where(
                        fac, 0, room_id, f"two people of both groups in {room_id}",
                        lambda r: r["present"]["total"] == 2
                        and r["present"]["groups"] == {"City": 1, "NGO": 1})
                # Presence in a breakout room carries the site too.
                ada_room = split["assignments"][members[0].participant_id]
                together = [m for m in members
                            if split["assignments"][m.participant_id] == ada_room]
                presence = await clients[0].wait_for(
                    lambda msg: msg.get("type") == "presence"
                    and {p["id"] for p in msg["participants"]}
                    == {m.participant_id for m in together},
                    start=marks[0], what="presence in Ada's breakout")
                assert {p["id"]: p["site"] for p in presence["participants"]} == {
                    m.participant_id: site_of[m.participant_id] for m in together}

                # A note in a breakout room shows up in the facilitator's overview.
                start = fac.mark()
                before = _room(fac.of_type("overview")[-1], ada_room)
                seq = await clients[0].ack("note.add", {"text": "From the breakout"})
                changed = await _overview_where(fac, start, ada_room, "the new note",
                                                lambda r: r["notes"] == 1)
                room = _room(changed, ada_room)
                assert room["seq"] == seq > before["seq"], (room, before)
                assert isinstance(room["last_activity"], int), room
                other = _room(changed, next(r for r in rooms if r != ada_room))
                assert other["notes"] == 0, other

                # Votes and the timer of that room too.
                async with connect(server.ws, ws.facilitator.token, room=ada_room,
                                   label="fac-breakout") as there:
                    await there.ack("voting.start", {"budget": 2, "hidden": True})
                    await there.ack("timer.start", {"seconds": 300})
                    seq = await clients[0].ack("vote.add", {"note": (
                        await clients[0].event(seq))["data"]["id"]})
                    await _overview_where(
                        fac, start, ada_room, "the vote and the timer",
                        lambda r: r["votes"] == 1 and r["voting"] == "open"
                        and r["timer"] == "running")
            finally:
                for c in clients:
                    await c.close()

    run(scenario())


def test_the_join_qr_code_is_an_svg_of_the_join_link(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    r = api.get("/api/qr.svg", params={"code": ws.join_code})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("image/svg+xml"), r.headers
    body = r.text
    assert "<svg" in body and body.rstrip().endswith("</svg>"), body[:200]
    assert f"{server.http}/?join={ws.join_code}" in body, body[:400]
    # The same code in lower case draws the same link.
    again = api.get("/api/qr.svg", params={"code": ws.join_code.lower()})
    assert again.status_code == 200 and again.text == body
    assert_error(api.get("/api/qr.svg"), 422, "invalid")
    assert_error(api.get("/api/qr.svg", params={"code": "<script>"}), 422, "invalid")
