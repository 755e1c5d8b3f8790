"""The live overview on real processes: a facilitator's one overview socket shows a
small preview of every room's board, sent when the room changes; a note written in
a breakout on another process shows up in it, a private note never does (only its
count), a hidden vote's counts stay out until the reveal, and the room's timer and
ready-check come along."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from support.api import Api
from support.redis import RedisServer
from support.server import ServerProcess
from support.ws import Client, connect, run

Message = dict[str, Any]


def _room(frame: Message, room_id: str) -> Message:
    return next(r for r in frame["rooms"] if r["id"] == room_id)


async def _overview(fac: Client, start: int, room_id: str, what: str,
                    test: Callable[[Message], bool]) -> Message:
    return await fac.wait_for(
        lambda m: m.get("type") == "overview" and any(
            r["id"] == room_id and test(r) for r in m["rooms"]),
        start=start, timeout=15, what=what)


def _texts(room: Message) -> list[str]:
    return [n["text"] for n in room["preview"]["notes"]]


@pytest.mark.redis
def test_breakout_boards_show_in_the_overview_redacted_and_only_when_they_change(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    servers = [start_server(redis_url=redis_server.url) for _ in range(2)]
    with Api(servers[0].http) as api:
        ws = api.workshop(groups=["City", "NGO"])
        ann = api.member(ws, "Ann", "City")
        bob = api.member(ws, "Bob", "NGO")
    secret = "SECRET-private-idea-7f3a"

    async def scenario() -> None:
        async with connect(servers[0].ws, ws.facilitator.token, label="fac") as fac:
            split = await fac.ack("rooms.split", {"count": 2, "strategy": "mix"})
            rooms = [r["id"] for r in (await fac.event(split))["data"]["rooms"]]
            await fac.send({"type": "overview.watch"})
            first = await fac.wait_type("overview")
            # The first frame has every room's preview, empty boards drawn as empty.
            assert {r["id"] for r in first["rooms"] if "preview" in r} == {
                ws.plenary_room_id, *rooms}, first
            assert _room(first, rooms[0])["preview"] == {
                "bounds": {"x": 0, "y": 0, "w": 0, "h": 0}, "notes": [], "clusters": [],
                "more": 0, "private": 0}
            async with connect(servers[1].ws, ann.token, label="ann") as a, \
                    connect(servers[1].ws, bob.token, label="bob"):
                here = a.welcome["room"]["id"] if a.welcome else ""
                other = next(r for r in rooms if r != here)

                # A note in Ann's breakout, written on the other process.
                start = fac.mark()
                await a.ack("note.add", {"text": "From the breakout", "color": "green",
                                         "x": 120, "y": 80})
                changed = await _overview(fac, start, here, "the breakout's note",
                                          lambda r: "preview" in r and _texts(r)
                                          == ["From the breakout"])
                room = _room(changed, here)
                assert room["preview"]["notes"][0]["color"] == "green", room
                # Only the room that changed is drawn again.
                assert "preview" not in _room(changed, other), changed

                # The room's clock and ready-check ride along.
                async with connect(servers[0].ws, ws.facilitator.token, room=here,
                                   label="fac in the breakout") as there:
                    start = fac.mark()
                    await there.ack("timer.start", {"seconds": 300, "label": "Ideas"})
                    await a.ack("ready.set", {"ready": True})
                    room = _room(await _overview(
                        fac, start, here, "the timer and Ann done",
                        lambda r: r["clock"]["status"] == "running"
                        and r["ready"] == {"done": 1, "of": 1}), here)
                    assert room["clock"]["label"] == "Ideas"
                    assert isinstance(room["clock"]["ends_at"], int), room

                    # A private round: Ann's note is counted, never drawn.
                    await there.ack("agenda.set", {"rounds": [
                        {"title": "Silent writing", "private": True}]})
                    await there.ack("round.start", {})
                    start = fac.mark()
                    seq = await a.ack("note.add", {"text": secret, "x": 900, "y": 900})
                    room = _room(await _overview(fac, start, here, "the private count",
                                                 lambda r: "preview" in r
                                                 and r["preview"]["private"] == 1), here)
                    assert _texts(room) == ["From the breakout"] and room["notes"] == 2
                    # Control: a facilitator in the room does see it, so the search can find it.
                    assert secret in (await there.event(seq))["data"]["text"]
                    assert not [raw for raw in fac.raw if secret in raw]

                    # A hidden vote: no counts in the preview until the reveal.
                    await there.ack("notes.reveal", {})
                    await there.ack("voting.start", {"budget": 2, "hidden": True})
                    assert there.welcome is not None
                    note = there.welcome["state"]["notes"][0]["id"]
                    start = fac.mark()
                    await a.ack("vote.add", {"note": note})
                    room = _room(await _overview(fac, start, here, "the hidden vote",
                                                 lambda r: r["votes"] == 1 and "preview" in r),
                                 here)
                    assert room["hidden_vote"] is True and room["voting"] == "open"
                    assert all("votes" not in n for n in room["preview"]["notes"]), room
                    assert sorted(_texts(room)) == sorted(["From the breakout", secret])
                    await there.ack("voting.stop", {})
                    start = fac.mark()
                    await there.ack("voting.reveal", {})
                    room = _room(await _overview(fac, start, here, "the revealed votes",
                                                 lambda r: "preview" in r
                                                 and not r["hidden_vote"]), here)
                    assert {n["text"]: n["votes"] for n in room["preview"]["notes"]} == {
                        "From the breakout": 1, secret: 0}

    run(scenario(), timeout=120)


def test_an_overview_of_10_rooms_of_50_notes_stays_small_and_a_change_resends_one_room(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac:
            for i in range(9):
                await fac.ack("room.add", {"name": f"Table {i + 1}"})
            rooms = [ws.plenary_room_id] + [r["id"] for r in (
                await fac.hello(ws.facilitator.token))["workshop"]["rooms"]
                if not r["plenary"]]
            assert len(rooms) == 10
            for n, room in enumerate(rooms):
                async with connect(server.ws, ws.facilitator.token, room=room,
                                   label=f"fac in {n}") as there:
                    for i in range(50):
                        await there.ack("note.add", {
                            "text": f"Idea {i} of table {n}: more shaded benches along "
                                    "the river path and a water fountain",
                            "x": (i % 8) * 220, "y": (i // 8) * 170})
            start = fac.mark()
            await fac.send({"type": "overview.watch"})
            await fac.wait_type("overview", start=start)
            first = fac.raw[-1]
            assert first.count('"preview"') == 10 and first.count('"text"') == 500
            start = fac.mark()
            await fac.ack("note.add", {"text": "One more in the plenary"})
            await _overview(fac, start, ws.plenary_room_id, "the plenary's new note",
                            lambda r: "preview" in r)
            change = next(raw for raw in reversed(fac.raw) if '"preview"' in raw)
            assert change.count('"preview"') == 1, change[:500]
            print(f"overview bytes: first {len(first)}, after one room's change {len(change)}")
            assert len(first) < 64_000 and len(change) < len(first) / 5

    run(scenario(), timeout=240)
