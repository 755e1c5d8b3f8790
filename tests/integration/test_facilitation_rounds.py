"""Rounds: an agenda the facilitator advances through. Starting a round sets the
timer, the lock, private ideation and voting as it says; ending one reveals private
notes, closes the vote, stops the timer, unlocks and saves a snapshot that only
facilitators can read over HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from support.api import Api, assert_error
from support.redis import RedisServer
from support.server import ServerProcess
from support.ws import Client, connect, run

AGENDA = [
    {"title": "Silent ideation", "seconds": 420, "private": True, "lock": False, "voting": None},
    {"title": "Dot vote", "seconds": 300, "private": False, "lock": True,
     "voting": {"budget": 3, "max_per_note": 2, "hidden": True}},
    {"title": "Discuss", "seconds": 0},
]


async def _events_from(client: Client, first: int, count: int) -> list[dict[str, Any]]:
    return [await client.event(seq) for seq in range(first, first + count)]


def test_an_agenda_of_rounds_sets_timer_lock_privacy_and_voting(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    room = ws.plenary_room_id
    ada = api.member(ws, "Ada", group="City")
    bo = api.member(ws, "Bo", group="NGO")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, bo.token, label="bo") as b:
            await a.refused("agenda.set", {"rounds": AGENDA}, "forbidden")
            await fac.refused("round.start", {}, "invalid")  # no agenda yet
            seq = await fac.ack("agenda.set", {"rounds": AGENDA})
            agenda = (await b.event(seq))["data"]
            assert agenda["current"] is None, agenda
            rounds = agenda["rounds"]
            assert [r["title"] for r in rounds] == ["Silent ideation", "Dot vote", "Discuss"]
            assert all(isinstance(r["id"], str) and r["id"] for r in rounds), rounds
            assert rounds[1]["voting"] == {"budget": 3, "max_per_note": 2, "hidden": True,
                                           "target": "notes"}, rounds[1]
            assert rounds[2] == {"id": rounds[2]["id"], "title": "Discuss", "seconds": 0,
                                 "private": False, "lock": False, "lock_at_end": False,
                                 "voting": None, "done": False}, rounds[2]
            await a.refused("round.start", {}, "forbidden")
            await fac.refused("round.start", {"index": 3}, "invalid")
            await fac.refused("round.end", {}, "invalid")  # none running

            # Round 1: a 7-minute private round, board open, no vote.
            seq = await fac.ack("round.start", {})
            started = await b.event(seq)
            assert started["op"] == "round.start", started
            d = started["data"]
            assert d["index"] == 0 and d["round"]["title"] == "Silent ideation", d
            assert d["locked"] is False and d["private"] is True and d["voting"] is None, d
            timer = d["timer"]
            assert timer["status"] == "running" and timer["label"] == "Silent ideation", timer
            assert timer["duration_ms"] == 420_000 and timer["remaining_ms"] == 420_000, timer
            assert timer["ends_at"] == started["ts"] + 420_000, (timer, started["ts"])
            async with connect(server.ws, bo.token, label="bo-state") as look:
                assert look.welcome is not None
                state = look.welcome["state"]
                assert state["round"] == 0 and state["private_round"] is True, state
                assert [r["id"] for r in state["agenda"]] == [r["id"] for r in rounds]
                assert state["timer"]["status"] == "running", state["timer"]
            seq = await a.ack("note.add", {"text": "Only I see this for now"})
            mine = (await a.event(seq))["data"]
            assert mine["private"] is True and mine["text"] == "Only I see this for now"
            assert (await b.event(seq))["data"] == {"id": mine["id"], "private": True}
            assert (await fac.event(seq))["data"]["text"] == "Only I see this for now"
            seq = await fac.ack("note.add", {"text": "Facilitator's example"})
            example = (await b.event(seq))["data"]
            assert example["private"] is True

            # Round 2 by default: first the end of round 1, then the start of round 2.
            seq = await fac.ack("round.start", {})
            reveal, ended, started = await _events_from(b, seq, 3)
            assert reveal["op"] == "notes.reveal", reveal
            assert {n["id"] for n in reveal["data"]["notes"]} == {mine["id"], example["id"]}
            assert {n["text"] for n in reveal["data"]["notes"]} == {
                "Only I see this for now", "Facilitator's example"}
            assert ended["op"] == "round.end" and ended["data"]["index"] == 0, ended
            assert ended["data"]["snapshot"]["name"] == "After: Silent ideation", ended
            assert ended["data"]["timer"]["status"] == "idle", ended
            assert ended["data"]["voting"] is None, ended
            assert started["op"] == "round.start", started
            d = started["data"]
            assert d["index"] == 1 and d["locked"] is True and d["private"] is False, d
            assert d["timer"]["status"] == "running" and d["timer"]["duration_ms"] == 300_000
            assert d["timer"]["label"] == "Dot vote", d["timer"]
            v = d["voting"]
            assert v["status"] == "open" and v["budget"] == 3 and v["max_per_note"] == 2, v
            assert v["hidden"] is True and v["tally"] is None, v

            # Locked: no new notes from participants, but votes go on.
            await a.refused("note.add", {"text": "Too late"}, "locked")
            seq = await a.ack("vote.add", {"note": mine["id"]})
            assert (await b.event(seq))["data"] == {}
            await a.ack("vote.add", {"note": mine["id"]})
            await a.refused("vote.add", {"note": mine["id"]}, "vote_note_limit")
            await b.ack("vote.add", {"note": example["id"]})

            # The end of round 2: vote closed (still hidden), timer idle, board unlocked.
            seq = await fac.ack("round.end", {})
            ended = await b.event(seq)
            assert ended["op"] == "round.end" and ended["data"]["index"] == 1, ended
            assert ended["data"]["voting"]["status"] == "closed", ended
            assert ended["data"]["voting"]["tally"] is None, ended
            assert ended["data"]["timer"]["status"] == "idle", ended
            assert ended["data"]["snapshot"]["name"] == "After: Dot vote", ended
            await a.ack("note.add", {"text": "Unlocked again"})
            await a.refused("vote.add", {"note": mine["id"]}, "voting_closed")
            seq = await fac.ack("voting.reveal", {})
            tally = (await b.event(seq))["data"]["tally"]
            assert tally == {mine["id"]: 2, example["id"]: 1}, tally

            # A round without a countdown.
            seq = await fac.ack("round.start", {"index": 2})
            d = (await b.event(seq))["data"]
            assert d["index"] == 2 and d["timer"]["status"] == "idle" and d["locked"] is False
            seq = await fac.ack("snapshot.save", {"name": "Mid-discussion"})
            saved = (await b.event(seq))["data"]
            assert saved["name"] == "Mid-discussion", saved
            await a.refused("snapshot.save", {"name": "Mine"}, "forbidden")

        # Snapshots: the facilitator reads them, newest first; participants may not.
        r = api.get(f"/api/rooms/{room}/snapshots", token=ws.facilitator.token)
        assert r.status_code == 200, r.text
        listed = r.json()
        assert [s["name"] for s in listed] == [
            "Mid-discussion", "After: Dot vote", "After: Silent ideation"], listed
        assert listed[1]["id"] == ended["data"]["snapshot"]["id"], (listed, ended)
        assert all(isinstance(s["seq"], int) and isinstance(s["created"], int)
                   for s in listed), listed
        for token in (ada.token, bo.token):
            assert_error(api.get(f"/api/rooms/{room}/snapshots", token=token), 403, "forbidden")
            assert_error(api.get(f"/api/snapshots/{listed[0]['id']}", token=token),
                         403, "forbidden")
        assert_error(api.get(f"/api/rooms/{room}/snapshots"), 401, "unauthorized")
        r = api.get(f"/api/snapshots/{listed[2]['id']}", token=ws.facilitator.token)
        assert r.status_code == 200, r.text
        first = r.json()
        assert first["room"] == room and first["name"] == "After: Silent ideation", first
        assert {n["text"] for n in first["state"]["notes"]} == {
            "Only I see this for now", "Facilitator's example"}, first["state"]
        r = api.get(f"/api/snapshots/{listed[1]['id']}", token=ws.facilitator.token)
        # The facilitator's snapshot is unredacted: the hidden vote's tally is in it.
        assert r.json()["state"]["voting"]["tally"] == {mine["id"]: 2, example["id"]: 1}

    run(scenario())


def test_a_rounds_vote_on_clusters_and_snapshots_of_another_workshop(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    other = api.workshop(title="Another workshop")
    room = ws.plenary_room_id
    ada = api.member(ws, "Ada", group="City")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ada.token, label="ada") as a:
            seq = await fac.ack("note.add", {"text": "Shade"})
            note = (await fac.event(seq))["data"]["id"]
            seq = await fac.ack("cluster.add", {"title": "Green", "notes": [note]})
            cluster = (await fac.event(seq))["data"]["id"]
            await fac.ack("agenda.set", {"rounds": [
                {"title": "Pick a theme", "seconds": 60,
                 "voting": {"budget": 1, "target": "clusters"}}]})
            seq = await fac.ack("round.start", {})
            v = (await a.event(seq))["data"]["voting"]
            assert v["target"] == "clusters" and v["hidden"] is False and v["tally"] == {}, v
            await a.refused("vote.add", {"note": note}, "not_found")
            seq = await a.ack("vote.add", {"note": cluster})
            assert (await fac.event(seq))["data"] == {"note": cluster, "votes": 1}
            seq = await fac.ack("round.end", {})
            ended = (await a.event(seq))["data"]
            assert ended["voting"]["tally"] == {cluster: 1}, ended
        r = api.get(f"/api/rooms/{room}/snapshots", token=other.facilitator.token)
        assert r.status_code in (403, 404), r.text
        listed = api.get(f"/api/rooms/{room}/snapshots", token=ws.facilitator.token).json()
        assert [s["name"] for s in listed] == ["After: Pick a theme"], listed
        r = api.get(f"/api/snapshots/{listed[0]['id']}", token=other.facilitator.token)
        assert r.status_code in (403, 404), r.text

    run(scenario())


@pytest.mark.redis
def test_a_lock_at_end_round_locks_the_board_once_across_two_processes(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    """Both processes see the round's due timer; the room gets one `timer.end` and one
    server `board.lock`, and a participant's next note is refused as locked."""
    first = start_server(redis_url=redis_server.url)
    second = start_server(redis_url=redis_server.url)
    with Api(first.http) as api:
        ws = api.workshop()
        ada = api.member(ws, "Ada", group="City")
    rounds = [{"title": "Write", "seconds": 1, "lock": False, "lock_at_end": True}]

    async def scenario() -> None:
        async with connect(first.ws, ws.facilitator.token, label="fac") as fac, \
                connect(second.ws, ada.token, label="ada") as a:
            seq = await fac.ack("agenda.set", {"rounds": rounds})
            assert (await a.event(seq))["data"]["rounds"][0]["lock_at_end"] is True
            seq = await fac.ack("round.start", {})
            start = await a.event(seq)
            assert start["data"]["locked"] is False
            await a.ack("note.add", {"text": "in time"})  # `lock` is off while it runs
            ended, locked = await a.event(seq + 2, timeout=15), await a.event(seq + 3)
            assert (ended["op"], ended["actor"]) == ("timer.end", None), ended
            assert (locked["op"], locked["actor"], locked["data"]) == (
                "board.lock", None, {"locked": True}), locked
            await asyncio.sleep(1.5)  # both processes' due-timer loops have run since
            for client in (fac, a):
                assert [e["op"] for e in client.events()].count("board.lock") == 1
            await a.refused("note.add", {"text": "too late"}, "locked")
        async with connect(second.ws, ada.token, label="state") as late:
            assert late.welcome is not None and late.welcome["state"]["locked"] is True

    run(scenario())
