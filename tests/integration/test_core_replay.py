"""Catching up after a reconnect (`since`) and idempotent retries (`ref`)."""

from __future__ import annotations

import asyncio

import pytest

from support.api import Api
from support.replica import Replica
from support.server import ServerProcess
from support.ws import Client, connect, run


async def _follow(client: Client, replica: Replica, upto: int) -> None:
    """Wait for events up to `upto` and apply the new ones to `replica`."""
    await client.event(upto)
    for event in client.events():
        if event["seq"] > replica.seq:
            replica.apply(event)


async def _fresh_view(server: ServerProcess, token: str) -> Replica:
    async with connect(server.ws, token, label="fresh") as client:
        assert client.welcome is not None and client.welcome["state"] is not None
        return Replica(client.welcome["state"], client.welcome["seq"])


def test_reconnect_with_since_receives_exactly_the_missed_events(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    ada = api.member(ws, "Ada")
    bo = api.member(ws, "Bo")

    async def scenario() -> None:
        async with connect(server.ws, ada.token, label="ada") as a:
            assert a.welcome is not None
            ada_view = Replica(a.welcome["state"], a.welcome["seq"])
            async with connect(server.ws, bo.token, label="bo") as b:
                assert b.welcome is not None
                bo_view = Replica(b.welcome["state"], b.welcome["seq"])
                seqs = [await a.ack("note.add", {"text": f"Seen live {i}"}) for i in range(3)]
                await _follow(b, bo_view, seqs[-1])
            last_seen = bo_view.seq
            # Bo is away: ada adds, edits, moves and deletes.
            ids = []
            for i in range(4):
                seq = await a.ack("note.add", {"text": f"Missed {i}", "x": i, "y": i})
                ids.append((await a.event(seq))["data"]["id"])
            await a.ack("note.edit", {"id": ids[0], "text": "Missed 0, edited"})
            await a.ack("note.move", {"id": ids[1], "x": 99, "y": 98})
            missed_until = await a.ack("note.delete", {"id": ids[2]})
            assert missed_until == last_seen + 7
            await _follow(a, ada_view, missed_until)

            async with connect(server.ws, bo.token, since=last_seen, label="bo-again") as b:
                welcome = b.welcome
                assert welcome is not None
                assert welcome["seq"] == missed_until
                live = await a.ack("note.add", {"text": "Live again"})
                assert live == missed_until + 1
                await b.event(live)
                received = b.event_seqs()
                if welcome["state"] is None:
                    assert received == list(range(last_seen + 1, live + 1)), received
                else:
                    assert received == [live], received
                bo_view.catch_up(welcome, b.events())
            await _follow(a, ada_view, live)
        assert bo_view.seq == ada_view.seq == live
        assert bo_view.view() == ada_view.view()
        assert bo_view.view() == (await _fresh_view(server, ada.token)).view()
        assert "Missed 0, edited" in bo_view.texts().values()
        assert ids[2] not in bo_view.notes

    run(scenario())


def _replica_upto(client: Client, seq: int) -> Replica:
    """The board as this client held it at `seq`, from the events it received."""
    view = Replica()
    for event in client.events():
        if event["seq"] <= seq:
            view.apply(event)
    assert view.seq == seq
    return view


@pytest.mark.parametrize("since", ["zero", "current", "ahead"])
def test_since_at_the_edges(server: ServerProcess, api: Api, since: str) -> None:
    """since=0 replays or sends everything; since=N misses nothing; since>N gets the
    whole state. Live events follow in every case, none missing, none repeated."""
    ws = api.workshop()
    ada = api.member(ws, "Ada")
    current = 5

    async def scenario() -> None:
        async with connect(server.ws, ada.token, label="ada") as a:
            for i in range(current):
                await a.ack("note.add", {"text": f"Note {i}"})
            await a.event(current)
            value = {"zero": 0, "current": current, "ahead": current + 10}[since]
            held = _replica_upto(a, min(value, current))
            async with connect(server.ws, ada.token, since=value, label="again") as b:
                welcome = b.welcome
                assert welcome is not None
                assert welcome["seq"] == current
                if since == "ahead":
                    assert welcome["state"] is not None, "since > N must get the whole state"
                live = await a.ack("note.add", {"text": "Live"})
                await b.event(live)
                received = b.event_seqs()
                if welcome["state"] is None:
                    assert received == list(range(value + 1, live + 1)), received
                else:
                    assert received == [live], received
                view = held.catch_up(welcome, b.events())
        expected = await _fresh_view(server, ada.token)
        assert view.seq == expected.seq == live
        assert view.view() == expected.view()
        assert len(view.notes) == current + 1

    run(scenario())


def test_the_same_ref_twice_changes_the_board_once(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    ada = api.member(ws, "Ada")
    bo = api.member(ws, "Bo")

    async def scenario() -> None:
        async with connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, bo.token, label="bo") as b:
            seq = await a.ack("note.add", {"text": "Only once"}, ref="retry-me")
            again = await a.ack("note.add", {"text": "Only once"}, ref="retry-me")
            assert again == seq
            # Whatever the op and data, a remembered ref applies nothing.
            other = await a.ack("note.add", {"text": "Something else"}, ref="retry-me")
            assert other == seq
            assert await a.ack("board.lock", {}, ref="retry-me") == seq
            next_seq = await a.ack("note.add", {"text": "Second note"})
            assert next_seq == seq + 1
            await b.event(next_seq)
            assert b.event_seqs() == [seq, next_seq]
            assert [e["data"]["text"] for e in b.events()] == ["Only once", "Second note"]
        view = await _fresh_view(server, bo.token)
        assert sorted(view.texts().values()) == ["Only once", "Second note"]
        assert view.locked is False

    run(scenario())


def test_a_retry_after_reconnect_gets_the_original_seq(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    ada = api.member(ws, "Ada")

    async def scenario() -> None:
        async with connect(server.ws, ada.token, label="ada") as a:
            seq = await a.ack("note.add", {"text": "Sent before the train tunnel"},
                              ref="tunnel-1")
        async with connect(server.ws, ada.token, since=seq, label="ada-again") as a:
            assert await a.ack("note.add", {"text": "Sent before the train tunnel"},
                               ref="tunnel-1") == seq
            assert await a.ack("note.add", {"text": "After"}) == seq + 1
        view = await _fresh_view(server, ada.token)
        assert sorted(view.texts().values()) == ["After", "Sent before the train tunnel"]

    run(scenario())


def test_the_same_ref_on_two_connections_at_once_applies_once(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    ada = api.member(ws, "Ada")

    async def send_until_answered(client: Client, ref: str) -> int:
        while True:
            reply = await client.request("note.add", {"text": "Raced"}, ref=ref)
            if reply["type"] == "error" and reply["code"] == "unavailable":
                continue  # the protocol's answer to a transient failure: retry, same ref
            assert reply["type"] == "ack", reply
            return reply["seq"]

    async def scenario() -> None:
        async with connect(server.ws, ada.token, label="old") as old, \
                connect(server.ws, ada.token, label="new") as new:
            for round_ in range(5):
                ref = f"race-{round_}"
                first, second = await asyncio.gather(send_until_answered(old, ref),
                                                     send_until_answered(new, ref))
                assert first == second == round_ + 1
        view = await _fresh_view(server, ada.token)
        assert list(view.texts().values()) == ["Raced"] * 5
        assert view.seq == 5

    run(scenario())


def test_a_refused_op_is_not_remembered(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    ada = api.member(ws, "Ada")

    async def scenario() -> None:
        async with connect(server.ws, ada.token, label="ada") as a:
            await a.refused("note.add", {"text": ""}, "invalid", ref="fix-and-retry")
            seq = await a.ack("note.add", {"text": "Now with text"}, ref="fix-and-retry")
            assert seq == 1
            assert await a.ack("note.add", {"text": "Now with text"}, ref="fix-and-retry") == 1
        view = await _fresh_view(server, ada.token)
        assert list(view.texts().values()) == ["Now with text"]

    run(scenario())


def test_refs_belong_to_one_participant(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    ada = api.member(ws, "Ada")
    bo = api.member(ws, "Bo")

    async def scenario() -> None:
        async with connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, bo.token, label="bo") as b:
            first = await a.ack("note.add", {"text": "Ada's"}, ref="note-1")
            second = await b.ack("note.add", {"text": "Bo's"}, ref="note-1")
            assert (first, second) == (1, 2)
        view = await _fresh_view(server, ada.token)
        assert sorted(view.texts().values()) == ["Ada's", "Bo's"]

    run(scenario())
