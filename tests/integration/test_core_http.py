"""The JSON HTTP API of protocol v1: workshops, joining, reading, health."""

from __future__ import annotations

import re
from collections.abc import Callable

from support.api import Api, Workshop, assert_error
from support.server import ServerProcess

AMBIGUOUS = set("0O1Il")


def test_healthz_reports_database_ok_and_redis_off(api: Api) -> None:
    r = api.get("/healthz")
    assert r.status_code == 200, r.text
    assert r.json() == {"db": "ok", "redis": "off"}


def test_create_workshop_returns_the_workshop_with_a_plenary_room(api: Api) -> None:
    body = {
        "title": "Loneliness among older residents",
        "challenge": "How might we connect neighbours across generations?",
        "constraints": ["No new buildings", "Budget under 50k"],
        "groups": ["City", "NGO", "Business"],
        "authors": "group",
        "facilitator_name": "Amira",
    }
    r = api.post("/api/workshops", body)
    assert r.status_code == 201, r.text
    data = r.json()
    workshop = data["workshop"]
    assert workshop["title"] == body["title"]
    assert workshop["challenge"] == body["challenge"]
    assert workshop["constraints"] == body["constraints"]
    assert workshop["groups"] == body["groups"]
    assert workshop["authors"] == "group"
    assert isinstance(workshop["id"], str) and workshop["id"]
    assert data["join_code"] == workshop["join_code"]
    assert data["plenary_room_id"] == workshop["plenary_room_id"]
    assert workshop["rooms"] == [
        {"id": workshop["plenary_room_id"], "name": "Plenary", "plenary": True,
         "archived": False}]
    facilitator = data["facilitator"]
    assert isinstance(facilitator["participant_id"], str) and facilitator["participant_id"]
    assert isinstance(facilitator["token"], str) and len(facilitator["token"]) >= 16


def test_create_workshop_with_only_a_title(api: Api) -> None:
    r = api.post("/api/workshops", {"title": "Just a title"})
    assert r.status_code == 201, r.text
    workshop = r.json()["workshop"]
    assert workshop["title"] == "Just a title"
    assert all(isinstance(c, str) for c in workshop["constraints"])
    assert all(isinstance(g, str) for g in workshop["groups"])
    assert workshop["authors"] in ("named", "group", "hidden")


def test_join_codes_are_short_unambiguous_and_distinct(
        start_server: Callable[..., ServerProcess]) -> None:
    # More workshops from one address than the creation throttle lets through by default.
    server = start_server(extra_env={"COCREATE_CREATES_PER_MINUTE": "100"})
    with Api(server.http) as api:
        codes = [api.workshop(title=f"Workshop {i}").join_code for i in range(30)]
    assert len(set(codes)) == len(codes), codes
    for code in codes:
        letters = code.replace("-", "")
        assert 4 <= len(letters) <= 8, code
        assert re.fullmatch(r"[A-Za-z0-9-]+", code), code
        assert not AMBIGUOUS & set(code), f"{code!r} contains one of 0 O 1 I l"


def test_create_workshop_refuses_invalid_bodies(api: Api) -> None:
    assert_error(api.post("/api/workshops", content=b"{not json",
                          headers={"content-type": "application/json"}), 422, "invalid")
    assert_error(api.post("/api/workshops", ["a list"]), 422, "invalid")
    assert_error(api.post("/api/workshops", {}), 422, "invalid")
    assert_error(api.post("/api/workshops", {"title": ""}), 422, "invalid")
    assert_error(api.post("/api/workshops", {"title": "x" * 201}), 422, "invalid")
    assert_error(api.post("/api/workshops", {"title": 42}), 422, "invalid")
    assert_error(api.post("/api/workshops", {"title": "t", "authors": "everyone"}), 422,
                 "invalid")
    assert_error(api.post("/api/workshops", {"title": "t", "constraints": "not a list"}), 422,
                 "invalid")
    assert_error(api.post("/api/workshops", {"title": "t", "groups": [1, 2]}), 422, "invalid")
    assert api.post("/api/workshops", {"title": "x" * 200}).status_code == 201


def test_join_as_participant_and_as_wall(api: Api) -> None:
    ws = api.workshop()
    r = api.join(ws.join_code, "Bo", group="NGO")
    assert r.status_code == 201, r.text
    data = r.json()
    assert data["workshop_id"] == ws.id
    assert data["room_id"] == ws.plenary_room_id
    assert isinstance(data["participant_id"], str) and data["participant_id"]
    assert isinstance(data["token"], str) and len(data["token"]) >= 16
    assert data["participant_id"] != ws.facilitator.participant_id
    assert data["token"] != ws.facilitator.token

    wall = api.join(ws.join_code, "Projector", role="wall")
    assert wall.status_code == 201, wall.text
    assert wall.json()["room_id"] == ws.plenary_room_id
    assert wall.json()["participant_id"] != data["participant_id"]


def test_join_refuses_unknown_code_and_invalid_bodies(api: Api) -> None:
    ws = api.workshop()
    assert_error(api.join("ZZZZZZ" if ws.join_code != "ZZZZZZ" else "YYYYYY", "Bo"), 404,
                 "not_found")
    assert_error(api.post("/api/join", content=b"nope",
                          headers={"content-type": "application/json"}), 422, "invalid")
    assert_error(api.post("/api/join", {"join_code": ws.join_code}), 422, "invalid")
    assert_error(api.join(ws.join_code, ""), 422, "invalid")
    assert_error(api.join(ws.join_code, "x" * 101), 422, "invalid")
    assert_error(api.join(ws.join_code, "Bo", role="facilitator"), 422, "invalid")
    assert_error(api.join(ws.join_code, "Bo", role="king"), 422, "invalid")
    assert api.join(ws.join_code, "x" * 100).status_code == 201


def test_get_workshop_for_every_member(api: Api) -> None:
    ws = api.workshop(title="Clean air", groups=["City", "NGO"])
    participant = api.member(ws, "Bo", group="NGO")
    wall = api.member(ws, "Projector", role="wall")
    created = dict(ws.body["workshop"])
    assert created.pop("small_groups") == []  # nobody had joined yet
    for member in (ws.facilitator, participant, wall):
        r = api.get_workshop(ws.id, member.token)
        assert r.status_code == 200, (member.role, r.text)
        got = r.json()
        # Bo alone makes the NGO a group too small to be named (docs/protocol.md).
        assert got.pop("small_groups") == ["NGO"], member.role
        assert got == created, member.role


def test_get_workshop_needs_a_valid_token_of_that_workshop(api: Api) -> None:
    ws = api.workshop()
    other: Workshop = api.workshop(title="Another one")
    assert_error(api.get_workshop(ws.id, None), 401, "unauthorized")
    assert_error(api.get_workshop(ws.id, "not-a-token"), 401, "unauthorized")
    assert_error(api.get(f"/api/workshops/{ws.id}",
                         headers={"Authorization": ws.facilitator.token}), 401, "unauthorized")
    assert_error(api.get_workshop(ws.id, other.facilitator.token), 403, "forbidden")
    assert_error(api.get_workshop("no-such-workshop", ws.facilitator.token), 404, "not_found")
