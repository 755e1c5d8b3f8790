"""Method templates over real server processes: a built-in applied in every room in the
workshop's language, one saved from a room's agenda, kept over a restart, seen by the
facilitators of its workshop alone, and deleted."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from support.api import Api, assert_error
from support.server import ServerProcess
from support.ws import connect, run


def _templates(api: Api, workshop_id: str, token: str, **params: str) -> dict[str, Any]:
    r = api.get(f"/api/workshops/{workshop_id}/templates", token, params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_a_template_is_applied_saved_kept_over_a_restart_and_private_to_its_workshop(
        start_server: Callable[..., ServerProcess]) -> None:
    first = start_server()
    with Api(first.http) as api:
        ws = api.workshop(title="Pargid", language="et")
        other = api.workshop(title="Elsewhere")
        ada = api.member(ws, "Ada")
        wall = api.member(ws, "Projector", role="wall")
        listed = _templates(api, ws.id, ws.facilitator.token)
        assert listed["language"] == "et"
        names = [t["name"] for t in listed["templates"]]
        assert names == ["Alusta, lõpeta, jätka", "Kuidas saaksime …?",
                         "Mõju ja pingutus (2×2)", "Topeltteemant", "Maailmakohvik"]
        assert all(t["builtin"] for t in listed["templates"])
        german = _templates(api, ws.id, ws.facilitator.token, lang="de")["templates"]
        assert german[-1]["rounds"][1]["title"] == "Café-Runde 1"
        cafe = listed["templates"][-1]
        for token in (ada.token, wall.token, other.facilitator.token):
            assert_error(api.get(f"/api/workshops/{ws.id}/templates", token), 403, "forbidden")
        assert_error(api.get(f"/api/workshops/{ws.id}/templates", None), 401, "unauthorized")
        assert_error(api.get(f"/api/workshops/{ws.id}/templates", ws.facilitator.token,
                             params={"lang": "fr"}), 422, "invalid")

    saved: dict[str, Any] = {}

    async def before() -> None:
        async with connect(first.ws, ws.facilitator.token, label="fac") as fac, \
                connect(first.ws, ada.token, label="ada") as a, \
                connect(first.ws, other.facilitator.token, label="other") as out:
            room = await fac.ack("room.add", {"name": "Laud 2"})
            breakout = (await fac.event(room))["data"]["room"]["id"]
            # Applying a built-in is agenda.set with its rounds, here in every room.
            seq = await fac.ack("agenda.set", {"rounds": cafe["rounds"], "all_rooms": True})
            titles = [r["title"] for r in (await a.event(seq))["data"]["rounds"]]
            assert titles == [r["title"] for r in cafe["rounds"]]
            assert titles[1] == "Kohvikuvoor 1"
            async with connect(first.ws, ws.facilitator.token, room=breakout,
                               label="fac-breakout") as fac2:
                assert fac2.welcome is not None
                assert [r["title"] for r in fac2.welcome["state"]["agenda"]] == titles

                await a.refused("template.save", {"name": "Mine"}, "forbidden")
                seq = await fac.ack("template.save", {"name": "Meie kohvik",
                                                      "description": "Parkide jaoks"})
                event = await fac.event(seq)
                saved.update(event["data"])
                assert saved["name"] == "Meie kohvik" and saved["builtin"] is False
                assert saved["language"] == "et" and saved["created"] > 0
                assert [r["title"] for r in saved["rounds"]] == titles
                assert "id" not in saved["rounds"][0]
                # Every facilitator's console learns of it; a participant's frame says nothing.
                assert (await fac2.wait_type("event", op="template.save"))["data"] == saved
                frame = await a.event(seq)
                assert frame["data"] == {} and "Meie kohvik" not in json.dumps(frame)
                await fac.refused("template.save", {"name": "MEIE KOHVIK"}, "invalid")
            # Another workshop can neither see nor delete it.
            await out.refused("template.delete", {"id": saved["id"]}, "not_found")
            await out.refused("template.save", {"name": "Empty agenda"}, "invalid")

    run(before())
    with Api(first.http) as api:
        assert [t["name"] for t in _templates(api, other.id, other.facilitator.token)[
            "templates"] if not t["builtin"]] == []
    first.stop()
    second = start_server()

    async def after() -> None:
        with Api(second.http) as api:
            kept = [t for t in _templates(api, ws.id, ws.facilitator.token)["templates"]
                    if not t["builtin"]]
            assert kept == [saved]
        async with connect(second.ws, ws.facilitator.token, label="fac") as fac:
            seq = await fac.ack("agenda.set", {"rounds": saved["rounds"]})
            assert [r["title"] for r in (await fac.event(seq))["data"]["rounds"]] == [
                r["title"] for r in saved["rounds"]]
            await fac.refused("template.delete", {"id": cafe["id"]}, "invalid")
            seq = await fac.ack("template.delete", {"id": saved["id"]})
            assert (await fac.event(seq))["data"] == {"id": saved["id"]}
            await fac.refused("template.delete", {"id": saved["id"]}, "not_found")
        with Api(second.http) as api:
            assert all(t["builtin"] for t in _templates(api, ws.id, ws.facilitator.token)[
                "templates"])

    run(after())
