"""Refs, seqs, vote budgets and timers stay right when two processes race.

These rules live in database transactions (the room row locked for the op),
never in one process's memory, so they must hold when the same person sends
through two processes at the same moment.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from support.api import Api
from support.scale import fresh_state
from support.server import ServerProcess, open_client
from support.ws import Client, Message, run

pytestmark = pytest.mark.redis


async def _answer(client: Client, op: str, data: dict[str, object], ref: str) -> Message:
    """Send until the answer is not `unavailable` (a retry with the same ref is safe)."""
    for _ in range(50):
        reply = await client.request(op, data, ref=ref)
        if not (reply["type"] == "error" and reply["code"] == "unavailable"):
            return reply
        await asyncio.sleep(0.05)
    raise AssertionError(f"{ref} stayed unavailable")


async def _settled(clients: list[Client], last: int) -> None:
    """Every client has event `last`, and a moment more for any repeat to show."""
    for client in clients:
        await client.event(last)
    await asyncio.sleep(0.3)
    for client in clients:
        assert client.event_seqs() == list(range(1, last + 1)), client.label


def test_same_ref_through_both_processes_at_once_is_applied_once(
        two: list[ServerProcess]) -> None:
    with Api(two[0].http) as api:
        ws = api.workshop()
        ada = api.member(ws, "Ada")
    rounds = 25

    async def scenario() -> None:
        a = await open_client(two[0], ada.token, "ada-on-A")
        b = await open_client(two[1], ada.token, "ada-on-B")
        try:
            for i in range(rounds):
                ref = f"same-{i}"
                # Different data under one ref: whichever commits first wins, alone.
                one, other = await asyncio.gather(
                    _answer(a, "note.add", {"text": f"via A {i}"}, ref),
                    _answer(b, "note.add", {"text": f"via B {i}"}, ref))
                assert one["type"] == other["type"] == "ack", (one, other)
                assert one["seq"] == other["seq"] == i + 1, (one, other)
            await _settled([a, b], rounds)
            texts = [e["data"]["text"] for e in a.events()]
            assert all(t in (f"via A {i}", f"via B {i}") for i, t in enumerate(texts)), texts
            assert [e["data"]["text"] for e in b.events()] == texts
            seq, board = await fresh_state(two[1], ws.facilitator.token)
            assert seq == rounds
            assert sorted(board.texts().values()) == sorted(texts)
        finally:
            await a.close()
            await b.close()

    run(scenario(), timeout=120)


def test_same_ref_into_two_rooms_at_once_is_applied_once(two: list[ServerProcess]) -> None:
    """Refs are remembered per participant across rooms: two rooms' locks do not
    serialise the two ops, the ref table's key must."""
    with Api(two[0].http) as api:
        ws = api.workshop()
    fac = ws.facilitator
    rounds = 15

    async def scenario() -> None:
        a = await open_client(two[0], fac.token, "fac-plenary")
        try:
            await a.ack("room.add", {"name": "Breakout"})
            breakout = (await a.wait_type("event", op="room.add"))["data"]["room"]["id"]
            b = await open_client(two[1], fac.token, "fac-breakout", room=breakout)
        except BaseException:
            await a.close()
            raise
        try:
            base_a, base_b = a.welcome["seq"] + 1, b.welcome["seq"]  # type: ignore[index]
            for i in range(rounds):
                ref = f"rooms-{i}"
                one, other = await asyncio.gather(
                    _answer(a, "note.add", {"text": f"plenary {i}"}, ref),
                    _answer(b, "note.add", {"text": f"breakout {i}"}, ref))
                assert one["type"] == other["type"] == "ack", (one, other)
                assert one["seq"] == other["seq"], (one, other)
            await asyncio.sleep(0.5)
            in_plenary = [e for e in a.events() if e["op"] == "note.add"]
            in_breakout = [e for e in b.events() if e["op"] == "note.add"]
            # Each ref applied exactly once, in one room or the other.
            assert len(in_plenary) + len(in_breakout) == rounds, (in_plenary, in_breakout)
            numbers = sorted(int(e["data"]["text"].split()[1])
                             for e in in_plenary + in_breakout)
            assert numbers == list(range(rounds))
            assert a.event_seqs() == list(range(base_a, base_a + len(a.events())))
            assert b.event_seqs() == list(range(base_b + 1, base_b + 1 + len(b.events())))
        finally:
            await a.close()
            await b.close()

    run(scenario(), timeout=120)


def test_concurrent_ops_from_two_processes_get_one_gap_free_seq_each(
        two: list[ServerProcess]) -> None:
    with Api(two[0].http) as api:
        ws = api.workshop()
        people = [api.member(ws, f"Person {i}") for i in range(4)]
    per_client = 40

    async def scenario() -> None:
        clients = [await open_client(two[i % 2], m.token, f"p{i}") for i, m in enumerate(people)]
        try:
            # Every op of every client in flight at once: batches on both processes race.
            replies = await asyncio.gather(*(
                c.request("note.add", {"text": f"{c.label} {i}"})
                for c in clients for i in range(per_client)))
            assert all(r["type"] == "ack" for r in replies), [
                r for r in replies if r["type"] != "ack"][:3]
            total = len(clients) * per_client
            assert sorted(r["seq"] for r in replies) == list(range(1, total + 1))
            await _settled(clients, total)
            reference = [(e["seq"], e["data"]["id"]) for e in clients[0].events()]
            for c in clients[1:]:
                assert [(e["seq"], e["data"]["id"]) for e in c.events()] == reference, c.label
            seq, board = await fresh_state(two[1], ws.facilitator.token)
            assert seq == total and len(board.notes) == total
        finally:
            await asyncio.gather(*(c.close() for c in clients))

    run(scenario(), timeout=120)


def test_vote_limits_hold_across_processes(two: list[ServerProcess]) -> None:
    with Api(two[0].http) as api:
        ws = api.workshop()
        bo = api.member(ws, "Bo")

    async def scenario() -> None:
        fac = await open_client(two[0], ws.facilitator.token, "fac")
        on_a = await open_client(two[0], bo.token, "bo-on-A")
        on_b = await open_client(two[1], bo.token, "bo-on-B")
        try:
            notes = []
            for i in range(4):
                seq = await fac.ack("note.add", {"text": f"Idea {i}"})
                notes.append((await fac.event(seq))["data"]["id"])
            await fac.ack("voting.start", {"budget": 3, "hidden": False})
            replies = await asyncio.gather(*(
                (on_a if i % 2 else on_b).request("vote.add", {"note": notes[i % 4]})
                for i in range(12)))
            codes = Counter(r["type"] if r["type"] == "ack" else r["code"] for r in replies)
            assert codes == {"ack": 3, "vote_budget": 9}, replies

            await fac.ack("voting.start", {"budget": 10, "max_per_note": 2, "hidden": False})
            replies = await asyncio.gather(*(
                (on_a if i % 2 else on_b).request("vote.add", {"note": notes[0]})
                for i in range(8)))
            codes = Counter(r["type"] if r["type"] == "ack" else r["code"] for r in replies)
            assert codes == {"ack": 2, "vote_note_limit": 6}, replies
            last = max(r["seq"] for r in replies if r["type"] == "ack")
            event = await fac.event(last)
            assert event["data"] == {"note": notes[0], "votes": 2}, event
        finally:
            await asyncio.gather(*(c.close() for c in (fac, on_a, on_b)))

    run(scenario(), timeout=120)


def test_a_timer_ends_once_whichever_process_notices(two: list[ServerProcess]) -> None:
    with Api(two[0].http) as api:
        ws = api.workshop()
        walls = [api.member(ws, f"Wall {i}", role="wall") for i in range(2)]

    async def scenario() -> None:
        fac = await open_client(two[0], ws.facilitator.token, "fac")
        watchers = [await open_client(two[i], w.token, f"wall{i}") for i, w in enumerate(walls)]
        try:
            started = await fac.ack("timer.start", {"seconds": 1, "label": "Brainstorm"})
            for c in [fac, *watchers]:
                end = await c.wait_type("event", op="timer.end", timeout=10)
                assert end["seq"] == started + 1 and end["actor"] is None, end
            await asyncio.sleep(1.0)  # both processes' timer checks ran several times since
            for c in [fac, *watchers]:
                assert [e["op"] for e in c.events()] == ["timer.start", "timer.end"], c.label
            seq, _ = await fresh_state(two[1], ws.facilitator.token)
            assert seq == started + 1
        finally:
            await asyncio.gather(*(c.close() for c in [fac, *watchers]))

    run(scenario(), timeout=60)
