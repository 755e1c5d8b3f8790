"""The server never writes note text, names or organisations to its logs: not for
ordinary ops, not for refused ones, not for bad frames, not at the chattiest level."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from support.api import Api
from support.server import ServerProcess
from support.ws import connect, run

NAME = "Xanthippe Vorderbrugge"
ORG = "Society of Quiet Harbours"
TEXT = "Marzipan ferries at dawn"
TITLE = "Harbour of Quince"


def test_no_name_organisation_or_note_text_reaches_the_log(
        start_server: Callable[..., ServerProcess]) -> None:
    server = start_server(extra_args=["--log-level", "debug"])
    with Api(server.http) as api:
        workshop = api.workshop(title=TITLE, facilitator_name=NAME + " Senior")
        r = api.post("/api/join", {"join_code": workshop.join_code, "name": NAME,
                                   "group": "NGO", "organisation": ORG})
        assert r.status_code == 201, r.text
        me = r.json()
        # Refused joins: a name and an organisation over the limit, a wrong code.
        assert api.post("/api/join", {"join_code": workshop.join_code, "name": NAME * 20,
                                      "organisation": ORG}).status_code == 422
        assert api.post("/api/join", {"join_code": "NOPE99", "name": NAME,
                                      "organisation": ORG}).status_code == 404
        assert api.post("/api/join", {"join_code": workshop.join_code, "name": NAME,
                                      "organisation": ORG * 20}).status_code == 422

    async def scenario() -> None:
        async with connect(server.ws, workshop.facilitator.token, label="fac") as fac, \
                connect(server.ws, me["token"], label="me") as mine:
            note = (await mine.event(await mine.ack("note.add", {"text": TEXT})))["data"]["id"]
            await mine.ack("note.edit", {"id": note, "text": TEXT + " and dusk"})
            await mine.refused("note.add", {"text": TEXT * 200}, "invalid")
            await mine.refused("note.edit", {"id": "n0pe", "text": TEXT}, "not_found")
            await mine.refused("cluster.add", {"title": TEXT, "notes": 7}, "bad_message")
            await fac.ack("cluster.add", {"title": TEXT, "notes": [note]})
            await fac.ack("announce", {"text": f"{NAME} of {ORG} says {TEXT}"})
            await fac.ack("snapshot.save", {"name": TEXT})
            await mine.send_raw('{"type": "op", "op": "note.add", "data": {"text": "'
                                + TEXT + '"')  # not JSON
            await mine.send({"type": "op", "op": "note.add", "ref": NAME,
                             "data": {"text": TEXT, "colour": ORG}})
            await mine.send({"type": TEXT, "name": NAME})
            await fac.ping()
    run(scenario())
    with httpx.Client(base_url=server.http, timeout=20) as http:
        auth = {"authorization": f"Bearer {workshop.facilitator.token}"}
        for fmt in ("md", "csv", "json"):
            assert http.get(f"/api/rooms/{workshop.plenary_room_id}/export",
                            params={"format": fmt}, headers=auth).status_code == 200
        assert http.get("/api/me/data", headers={
            "authorization": f"Bearer {me['token']}"}).status_code == 200
        assert http.post("/api/me/erase", headers={
            "authorization": f"Bearer {me['token']}"}).status_code == 204
    log = server.output()
    assert "GET /api/rooms/" in log  # the log is the server's, at debug: the check can fail
    for secret in (NAME, ORG, TEXT, TITLE):
        assert secret not in log, f"{secret!r} is in the server's log"
