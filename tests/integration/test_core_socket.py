"""Opening a WebSocket and the unsequenced traffic: hello/welcome, 4401, Origin,
frame size, ping/pong, presence, cursor and drag relay."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from support.api import Api
from support.server import ServerProcess
from support.ws import Client, connect, now_ms, run

MAX_MESSAGE = 65_536


def test_welcome_describes_the_participant_the_workshop_and_an_empty_board(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop(title="Safer streets", groups=["City", "NGO"])
    bo = api.member(ws, "Bo", group="NGO")
    workshop_now = api.get_workshop(ws.id, bo.token).json()

    async def scenario() -> None:
        async with connect(server.ws) as client:
            before = now_ms()
            welcome = await client.hello(bo.token)
            after = now_ms()
        participant = welcome["participant"]
        assert {k: participant[k] for k in ("id", "name", "group", "role", "room")} == {
            "id": bo.participant_id, "name": "Bo", "group": "NGO", "role": "participant",
            "room": ws.plenary_room_id}
        assert welcome["workshop"] == workshop_now
        assert welcome["room"] == {"id": ws.plenary_room_id, "name": "Plenary", "plenary": True,
                                   "archived": False}
        assert welcome["seq"] == 0
        assert before - 60_000 <= welcome["server_time"] <= after + 60_000
        state = welcome["state"]
        assert state["notes"] == [] and state["clusters"] == []
        assert state["locked"] is False
        assert state["my_votes"] == {}
        assert state["voting"]["status"] == "idle" and state["voting"]["tally"] is None
        assert state["timer"]["status"] == "idle" and state["timer"]["ends_at"] is None

    run(scenario())


def test_hello_may_name_the_plenary_explicitly(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    bo = api.member(ws, "Bo")

    async def scenario() -> None:
        async with connect(server.ws, bo.token, room=ws.plenary_room_id) as client:
            assert client.welcome is not None
            assert client.welcome["room"]["id"] == ws.plenary_room_id

    run(scenario())


def _expect_4401(server: ServerProcess, hello: dict) -> None:
    async def scenario() -> None:
        client = await Client.open(server.ws)
        try:
            await client.send(hello)
            code = await client.wait_closed()
            assert code == 4401, client._describe(0)
            assert client.of_type("welcome") == [], client.messages
        finally:
            await client.close()

    run(scenario())


def test_bad_token_closes_4401(server: ServerProcess, api: Api) -> None:
    api.workshop()
    _expect_4401(server, {"type": "hello", "token": "not-a-real-token"})


def test_unknown_room_closes_4401(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    _expect_4401(server, {"type": "hello", "token": ws.facilitator.token, "room": "no-such-room"})


def test_room_of_another_workshop_closes_4401(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    other = api.workshop(title="Other")
    _expect_4401(server, {"type": "hello", "token": ws.facilitator.token,
                          "room": other.plenary_room_id})


def test_who_may_open_a_breakout_room(server: ServerProcess, api: Api) -> None:
    """Facilitators and walls may open any room; a participant only their own or the plenary."""
    ws = api.workshop()
    bo = api.member(ws, "Bo")
    wall = api.member(ws, "Projector", role="wall")

    async def scenario() -> str:
        async with connect(server.ws, ws.facilitator.token) as fac:
            await fac.ack("room.add", {"name": "Transport"})
            added = await fac.wait_for(lambda m: m.get("type") == "event"
                                       and m.get("op") == "room.add", what="room.add event")
            room = added["data"]["room"]
            assert room["name"] == "Transport" and room["plenary"] is False
        for member in (ws.facilitator, wall):
            async with connect(server.ws, member.token, room=room["id"]) as client:
                assert client.welcome is not None
                assert client.welcome["room"] == room
                assert client.welcome["state"]["notes"] == []
        return room["id"]

    breakout = run(scenario())
    _expect_4401(server, {"type": "hello", "token": bo.token, "room": breakout})


def test_no_hello_within_ten_seconds_closes_4401(server: ServerProcess) -> None:
    async def scenario() -> None:
        client = await Client.open(server.ws)
        try:
            opened = time.monotonic()
            code = await client.wait_closed(timeout=40)
            waited = time.monotonic() - opened
            assert code == 4401, client._describe(0)
            assert waited >= 8, f"closed after {waited:.1f}s, before the 10 s grace"
        finally:
            await client.close()

    run(scenario())


def _origin_accepted(server: ServerProcess, origin: str | None) -> bool:
    """Try a handshake; True if opened, False if refused with HTTP 403."""
    async def attempt() -> bool:
        try:
            client = await Client.open(server.ws, origin=origin)
        except InvalidStatus as exc:
            assert exc.response.status_code == 403, exc
            return False
        await client.close()
        return True

    return run(attempt())


def test_origin_defaults_to_the_servers_own(server: ServerProcess) -> None:
    assert _origin_accepted(server, None)
    assert _origin_accepted(server, f"http://127.0.0.1:{server.port}")
    assert not _origin_accepted(server, "http://evil.example")
    assert not _origin_accepted(server, f"http://127.0.0.1:{server.port + 1}")


def test_allowed_origins_from_the_environment(
        start_server: Callable[..., ServerProcess]) -> None:
    allowed = "https://board.example.org,https://wall.example.org"
    server = start_server(extra_env={"COCREATE_ALLOWED_ORIGINS": allowed})
    assert _origin_accepted(server, "https://board.example.org")
    assert _origin_accepted(server, "https://wall.example.org")
    assert _origin_accepted(server, None)
    assert not _origin_accepted(server, "https://evil.example.org")
    assert not _origin_accepted(server, f"http://127.0.0.1:{server.port}")


def test_a_refused_origin_gets_no_frame_even_with_a_valid_token(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()

    async def scenario() -> None:
        with pytest.raises(InvalidStatus) as refused:
            async with connect(server.ws, ws.facilitator.token, origin="http://evil.example"):
                pass
        assert refused.value.response.status_code == 403

    run(scenario())


def test_ping_is_answered_with_the_same_t_and_server_time(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token) as client:
            before = now_ms()
            pong = await client.ping({"n": 7, "sent": before})
            after = now_ms()
            assert pong["t"] == {"n": 7, "sent": before}
            assert isinstance(pong["server_time"], int)
            assert before - 60_000 <= pong["server_time"] <= after + 60_000
            pong = await client.ping(42)
            assert pong["t"] == 42

    run(scenario())


def _ping_of_size(size: int) -> str:
    frame = json.dumps({"type": "ping", "t": ""})
    text = json.dumps({"type": "ping", "t": "x" * (size - len(frame))})
    assert len(text.encode()) == size
    return text


def test_a_message_of_64_kib_is_fine_one_byte_more_closes_1009(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token) as client:
            start = client.mark()
            await client.send_raw(_ping_of_size(MAX_MESSAGE))
            pong = await client.wait_type("pong", start=start)
            assert len(pong["t"]) == MAX_MESSAGE - len('{"type": "ping", "t": ""}')
            with contextlib.suppress(ConnectionClosed):
                await client.send_raw(_ping_of_size(MAX_MESSAGE + 1))
            assert await client.wait_closed() == 1009

    run(scenario())


def test_a_fragmented_message_over_64_kib_closes_1009(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token) as client:
            text = _ping_of_size(90_000)
            parts = [text[i:i + 30_000] for i in range(0, len(text), 30_000)]
            assert len(parts) == 3
            with contextlib.suppress(ConnectionClosed):
                await client.send_raw(parts)
            assert await client.wait_closed() == 1009

    run(scenario())


def _ids(presence: dict) -> set[str]:
    return {p["id"] for p in presence["participants"]}


def test_presence_follows_people_joining_and_leaving(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    bo = api.member(ws, "Bo", group="NGO")
    fac = ws.facilitator.participant_id

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as watcher:
            await watcher.wait_for(lambda m: m.get("type") == "presence" and _ids(m) == {fac},
                                   what="presence with the facilitator alone")
            start = watcher.mark()
            async with connect(server.ws, bo.token, label="bo") as client:
                joined = await watcher.wait_for(
                    lambda m: m.get("type") == "presence" and _ids(m) == {fac, bo.participant_id},
                    start=start, what="presence with Bo")
                entry = next(p for p in joined["participants"] if p["id"] == bo.participant_id)
                assert {k: entry[k] for k in ("name", "group", "role", "room")} == {
                    "name": "Bo", "group": "NGO", "role": "participant",
                    "room": ws.plenary_room_id}
                await client.wait_for(
                    lambda m: m.get("type") == "presence" and _ids(m) == {fac, bo.participant_id},
                    what="presence with both, on Bo's side")
                start = watcher.mark()
            await watcher.wait_for(lambda m: m.get("type") == "presence" and _ids(m) == {fac},
                                   start=start, what="presence after Bo left")

    run(scenario())


def test_cursor_and_drag_are_relayed_to_the_others_with_the_actor(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    bo = api.member(ws, "Bo")
    wall = api.member(ws, "Projector", role="wall")

    async def scenario() -> None:
        async with connect(server.ws, bo.token, label="bo") as sender, \
                connect(server.ws, ws.facilitator.token, label="fac") as other, \
                connect(server.ws, wall.token, label="wall") as screen:
            seq = await sender.ack("note.add", {"text": "Dragged around", "x": 10, "y": 20})
            note = (await other.event(seq))["data"]["id"]
            await sender.send({"type": "cursor", "x": 120.5, "y": 80})
            for receiver in (other, screen):
                cursor = await receiver.wait_type("cursor", x=120.5, y=80)
                assert cursor["actor"] == bo.participant_id, cursor
            await sender.send({"type": "drag", "id": note, "x": 300, "y": 40})
            for receiver in (other, screen):
                drag = await receiver.wait_type("drag", id=note, x=300, y=40)
                assert drag["actor"] == bo.participant_id, drag
            # Relayed traffic takes no seq and changes nothing on the board.
            assert await sender.ack("note.add", {"text": "Next"}) == seq + 1
        async with connect(server.ws, ws.facilitator.token) as late:
            assert late.welcome is not None
            notes = {n["id"]: n for n in late.welcome["state"]["notes"]}
            assert (notes[note]["x"], notes[note]["y"]) == (10, 20)
            assert late.welcome["seq"] == seq + 1

    run(scenario())
