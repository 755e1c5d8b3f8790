"""Ops on one board: events in one order for all, who may do what, every error code
of the core scope, each leaving the connection usable and the board unchanged."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from support.api import Api, Member, Workshop
from support.server import ServerProcess
from support.ws import Client, connect, now_ms, run

NOTE_KEYS = {"id", "text", "color", "x", "y", "cluster", "author", "created", "updated"}


def _assert_note_event(event: dict[str, Any], *, room: str, actor: str, text: str) -> None:
    assert event["type"] == "event"
    assert event["room"] == room
    assert event["op"] == "note.add"
    assert event["actor"] == actor
    assert isinstance(event["ts"], int) and abs(event["ts"] - now_ms()) < 120_000
    note = event["data"]
    assert set(note) >= NOTE_KEYS, note
    assert note["text"] == text
    assert note["author"] == actor
    assert note["cluster"] is None
    assert isinstance(note["id"], str) and note["id"]
    assert isinstance(note["created"], int) and isinstance(note["updated"], int)


async def _board(server: ServerProcess, member: Member) -> dict[str, Any]:
    """What someone opening the board now sees: the welcome."""
    async with connect(server.ws, member.token, label="observer") as client:
        assert client.welcome is not None
        return client.welcome


def _setup(api: Api) -> tuple[Workshop, Member, Member, Member]:
    ws = api.workshop()
    return (ws, api.member(ws, "Ada", group="City"), api.member(ws, "Bo", group="NGO"),
            api.member(ws, "Projector", role="wall"))


def test_two_participants_see_each_others_notes_in_one_order(
        server: ServerProcess, api: Api) -> None:
    ws, ada, bo, _ = _setup(api)
    per_person = 10

    async def scenario() -> None:
        async with connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, bo.token, label="bo") as b:
            assert a.welcome is not None and b.welcome is not None
            base = a.welcome["seq"]
            assert base == b.welcome["seq"] == 0
            # Spots clear of each other: the server keeps a note where it was asked to be.
            sent = [(a, ada, f"Ada idea {i}", i * 500) for i in range(per_person)]
            sent += [(b, bo, f"Bo idea {i}", i * 500 + 250) for i in range(per_person)]
            replies = await asyncio.gather(*(
                client.request("note.add", {"text": text, "x": x, "y": 7})
                for client, _, text, x in sent))
            assert all(r["type"] == "ack" for r in replies), replies
            seqs = [r["seq"] for r in replies]
            total = 2 * per_person
            assert sorted(seqs) == list(range(base + 1, base + total + 1)), seqs
            await a.event(base + total)
            await b.event(base + total)
            seen_by_a, seen_by_b = a.events(), b.events()
            assert [e["seq"] for e in seen_by_a] == list(range(base + 1, base + total + 1))
            assert seen_by_a == seen_by_b
            by_seq = {e["seq"]: e for e in seen_by_a}
            for (_, member, text, x), seq in zip(sent, seqs, strict=True):
                _assert_note_event(by_seq[seq], room=ws.plenary_room_id,
                                   actor=member.participant_id, text=text)
                assert (by_seq[seq]["data"]["x"], by_seq[seq]["data"]["y"]) == (x, 7)
            assert len({e["data"]["id"] for e in seen_by_a}) == total
        welcome = await _board(server, ws.facilitator)
        assert welcome["seq"] == base + total
        assert sorted(n["text"] for n in welcome["state"]["notes"]) == sorted(
            text for _, _, text, _ in sent)

    run(scenario())


def test_author_edits_anyone_moves_author_deletes(server: ServerProcess, api: Api) -> None:
    ws, ada, bo, _ = _setup(api)

    async def scenario() -> None:
        async with connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, bo.token, label="bo") as b:
            seq = await a.ack("note.add", {"text": "Night buses", "color": "yellow"})
            added = (await b.event(seq))["data"]
            assert added["color"] == "yellow"
            seq = await a.ack("note.edit", {"id": added["id"], "text": "Night buses, free"})
            edited = await b.event(seq)
            assert edited["op"] == "note.edit" and edited["actor"] == ada.participant_id
            assert edited["data"]["id"] == added["id"]
            assert edited["data"]["text"] == "Night buses, free"
            assert edited["data"]["color"] == "yellow"
            assert edited["data"]["updated"] >= added["created"]
            seq = await b.ack("note.move", {"id": added["id"], "x": 400, "y": 250})
            moved = await a.event(seq)
            assert moved["op"] == "note.move" and moved["actor"] == bo.participant_id
            assert moved["data"] == {"id": added["id"], "x": 400, "y": 250, "cluster": None}
            welcome = await _board(server, bo)
            [note] = welcome["state"]["notes"]
            assert (note["text"], note["x"], note["y"]) == ("Night buses, free", 400, 250)
            seq = await a.ack("note.delete", {"id": added["id"]})
            deleted = await b.event(seq)
            assert deleted["op"] == "note.delete" and deleted["data"] == {"id": added["id"]}
        assert (await _board(server, bo))["state"]["notes"] == []

    run(scenario())


def test_only_the_author_or_a_facilitator_edits_or_deletes(
        server: ServerProcess, api: Api) -> None:
    ws, ada, bo, _ = _setup(api)

    async def scenario() -> None:
        async with connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, bo.token, label="bo") as b, \
                connect(server.ws, ws.facilitator.token, label="fac") as f:
            seq = await a.ack("note.add", {"text": "Ada's note"})
            note = (await b.event(seq))["data"]["id"]
            await b.refused("note.edit", {"id": note, "text": "Bo was here"}, "forbidden")
            await b.refused("note.delete", {"id": note}, "forbidden")
            welcome = await _board(server, ada)
            assert [n["text"] for n in welcome["state"]["notes"]] == ["Ada's note"]
            assert welcome["seq"] == seq
            edit_seq = await f.ack("note.edit", {"id": note, "text": "Tidied by facilitator"})
            assert edit_seq == seq + 1
            edited = await a.event(edit_seq)
            assert edited["actor"] == ws.facilitator.participant_id
            assert edited["data"]["text"] == "Tidied by facilitator"
            assert edited["data"]["author"] == ada.participant_id
            delete_seq = await f.ack("note.delete", {"id": note})
            assert (await b.event(delete_seq))["data"] == {"id": note}
            assert [e["seq"] for e in b.events()] == [seq, edit_seq, delete_seq]
        assert (await _board(server, ada))["state"]["notes"] == []

    run(scenario())


def test_a_wall_may_send_no_op(server: ServerProcess, api: Api) -> None:
    ws, ada, _, wall = _setup(api)

    async def scenario() -> None:
        async with connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, wall.token, label="wall") as w:
            seq = await a.ack("note.add", {"text": "On the big screen"})
            note = (await w.event(seq))["data"]["id"]
            await w.refused("note.add", {"text": "Wall note"}, "forbidden")
            await w.refused("note.move", {"id": note, "x": 1, "y": 1}, "forbidden")
            await w.refused("note.delete", {"id": note}, "forbidden")
            await w.refused("note.edit", {"id": "no-such-note", "text": "x"}, "forbidden")
            await w.refused("board.lock", {}, "forbidden")
            await w.refused("note.explode", {}, "unknown_op")
            await w.ping()
            assert await a.ack("note.add", {"text": "Still shown"}) == seq + 1
            assert (await w.event(seq + 1))["data"]["text"] == "Still shown"
        welcome = await _board(server, ada)
        assert sorted(n["text"] for n in welcome["state"]["notes"]) == [
            "On the big screen", "Still shown"]

    run(scenario())


async def _expect_bad_message(client: Client, frame: str | bytes, *,
                              ref: Any = ..., label: str) -> None:
    start = client.mark()
    await client.send_raw(frame)
    error = await client.wait_type("error", start=start, what=f"bad_message for {label}")
    assert error["code"] == "bad_message", (label, error)
    assert isinstance(error["message"], str) and error["message"], error
    if ref is not ...:
        assert error["ref"] == ref, (label, error)
    await client.ping(label)


def test_bad_messages_are_refused_and_the_connection_stays_usable(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()

    def op(**fields: Any) -> str:
        frame = {"type": "op", "ref": "r1", "op": "note.add", "data": {"text": "hi"}}
        frame.update(fields)
        return json.dumps({k: v for k, v in frame.items() if v is not ...})

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as c:
            await _expect_bad_message(c, "this is not json", ref=None, label="not json")
            await _expect_bad_message(c, "{\"type\": \"op\", ", ref=None, label="truncated")
            await _expect_bad_message(c, "[1, 2, 3]", ref=None, label="an array")
            await _expect_bad_message(c, "\"hello\"", ref=None, label="a string")
            await _expect_bad_message(c, "null", ref=None, label="null")
            await _expect_bad_message(c, "{\"no\": \"type\"}", ref=None, label="no type")
            await _expect_bad_message(c, "{\"type\": 5}", ref=None, label="numeric type")
            await _expect_bad_message(c, "{\"type\": \"frobnicate\"}", ref=None,
                                      label="unknown type")
            await _expect_bad_message(c, op(ref=...), ref=None, label="op without ref")
            await _expect_bad_message(c, op(ref=None), ref=None, label="null ref")
            await _expect_bad_message(c, op(ref=123), label="numeric ref")
            await _expect_bad_message(c, op(ref=""), label="empty ref")
            await _expect_bad_message(c, op(ref="r" * 201), label="ref of 201 characters")
            await _expect_bad_message(c, op(ref=["r1"]), label="list ref")
            await _expect_bad_message(c, op(op=5), label="numeric op")
            await _expect_bad_message(c, op(data="text"), label="string data")
            await _expect_bad_message(c, op(data=[1]), label="list data")
            # Nothing above reached the board: the first accepted op takes seq 1.
            assert await c.ack("note.add", {"text": "fine"}, ref="r" * 200) == 1
            assert c.events() == [await c.event(1)]

    run(scenario())


def test_unknown_op_and_not_found(server: ServerProcess, api: Api) -> None:
    ws, ada, _, _ = _setup(api)

    async def scenario() -> None:
        async with connect(server.ws, ada.token, label="ada") as a:
            error = await a.refused("note.explode", {"id": "x"}, "unknown_op", ref="boom")
            assert error["ref"] == "boom"
            await a.refused("drop.tables", {}, "unknown_op")
            await a.refused("note.edit", {"id": "no-such-note", "text": "x"}, "not_found")
            await a.refused("note.move", {"id": "no-such-note", "x": 1, "y": 2}, "not_found")
            await a.refused("note.delete", {"id": "no-such-note"}, "not_found")
            seq = await a.ack("note.add", {"text": "Real note"})
            assert seq == 1
            note = (await a.event(seq))["data"]["id"]
            assert await a.ack("note.delete", {"id": note}) == 2
            await a.refused("note.delete", {"id": note}, "not_found")
            await a.refused("note.edit", {"id": note, "text": "again"}, "not_found")
            assert a.event_seqs() == [1, 2]

    run(scenario())


def test_note_text_is_1_to_1000_characters_after_trimming(
        server: ServerProcess, api: Api) -> None:
    ws, ada, _, _ = _setup(api)
    padded = "  \n" + "x" * 1000 + "\t "

    async def scenario() -> None:
        async with connect(server.ws, ada.token, label="ada") as a:
            await a.refused("note.add", {"text": ""}, "invalid")
            await a.refused("note.add", {"text": "  \n\t "}, "invalid")
            await a.refused("note.add", {"text": "x" * 1001}, "invalid")
            await a.refused("note.add", {"text": " " + "x" * 1001 + " "}, "invalid")
            assert a.events() == []
            seq = await a.ack("note.add", {"text": "x" * 1000})
            assert seq == 1
            assert (await a.event(1))["data"]["text"] == "x" * 1000
            assert await a.ack("note.add", {"text": padded}) == 2
            stored = (await a.event(2))["data"]
            assert stored["text"] == padded, "text is stored untrimmed"
            assert await a.ack("note.add", {"text": "ü" * 1000}) == 3
            note = stored["id"]
            await a.refused("note.edit", {"id": note, "text": "   "}, "invalid")
            await a.refused("note.edit", {"id": note, "text": "y" * 1001}, "invalid")
            assert await a.ack("note.edit", {"id": note, "text": "y" * 1000}) == 4
        welcome = await _board(server, ada)
        assert welcome["seq"] == 4
        assert sorted(n["text"] for n in welcome["state"]["notes"]) == sorted(
            ["x" * 1000, "y" * 1000, "ü" * 1000])

    run(scenario())


def test_a_locked_board_refuses_participants_notes_not_the_facilitators(
        server: ServerProcess, api: Api) -> None:
    ws, ada, _, wall = _setup(api)

    async def scenario() -> None:
        async with connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, ws.facilitator.token, label="fac") as f:
            first = await a.ack("note.add", {"text": "Before the lock"})
            note = (await a.event(first))["data"]["id"]
            await a.refused("board.lock", {}, "forbidden")
            reply = await f.request("board.lock", omit_data=True)  # missing data means {}
            assert reply["type"] == "ack", reply
            lock = await a.event(reply["seq"])
            assert lock["op"] == "board.lock" and lock["data"] == {"locked": True}
            assert lock["actor"] == ws.facilitator.participant_id
            await a.refused("note.add", {"text": "During the lock"}, "locked")
            await a.refused("note.edit", {"id": note, "text": "Changed"}, "locked")
            await a.refused("note.move", {"id": note, "x": 5, "y": 5}, "locked")
            await a.refused("note.delete", {"id": note}, "locked")
            await a.refused("cluster.add", {"title": "Transport"}, "locked")
            # When several codes apply, the first in the protocol's list wins.
            await a.refused("note.add", {"text": " "}, "invalid")
            await a.refused("note.edit", {"id": "no-such-note", "text": "x"}, "not_found")
            await a.refused("board.unlock", {}, "forbidden")
            async with connect(server.ws, wall.token, label="wall") as w:
                assert w.welcome is not None and w.welcome["state"]["locked"] is True
                await w.refused("note.add", {"text": "Wall"}, "forbidden")
            fac_seq = await f.ack("note.add", {"text": "Facilitator's summary"})
            assert fac_seq == reply["seq"] + 1
            assert (await a.event(fac_seq))["data"]["text"] == "Facilitator's summary"
            unlock = await f.ack("board.unlock", {})
            assert (await a.event(unlock))["data"] == {"locked": False}
            after = await a.ack("note.add", {"text": "After the lock"})
            assert after == unlock + 1
        welcome = await _board(server, ada)
        assert welcome["state"]["locked"] is False
        assert sorted(n["text"] for n in welcome["state"]["notes"]) == [
            "After the lock", "Before the lock", "Facilitator's summary"]

    run(scenario())
