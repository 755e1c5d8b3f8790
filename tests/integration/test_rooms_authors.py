"""Author display (`authors`: named, group, hidden), set at creation or switched with
`workshop.settings`: when names are hidden, no participant's raw frame and no export
names another author, by id or by name; with `group` the note says the group only."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx

from support.api import Api, Member, Workshop
from support.server import ServerProcess
from support.ws import Client, connect, run

Message = dict[str, Any]
# Presence lists who is in the room (name, group, site) by design, and cursors carry
# their actor; neither links a person to a note. Every other frame is checked.
UNLINKED_TYPES = ("presence", "cursor")
SETTINGS = {"title", "challenge", "constraints", "boundaries", "groups", "authors",
            "facilitator_sees_authors", "language", "participants_add_actions",
            "privacy_note", "similar_hints", "erase_policy", "team_rule", "min_pitch_text",
            "jurors_join"}


def _raw_frames(client: Client, start: int = 0) -> list[tuple[Message, str]]:
    return [(m, raw) for m, raw in zip(client.messages[start:], client.raw[start:], strict=True)
            if m.get("type") not in UNLINKED_TYPES]


def _assert_anonymous(frames: list[tuple[Message, str]], author: Member, who: str) -> None:
    assert frames, who
    for _message, raw in frames:
        assert author.participant_id not in raw, (who, "author id", raw)
        assert author.name not in raw, (who, "author name", raw)


def _exports(api: Api, room: str, token: str) -> dict[str, str]:
    out = {}
    for fmt in ("json", "md", "csv"):
        r = api.get(f"/api/rooms/{room}/export", token=token, params={"format": fmt})
        assert r.status_code == 200, (fmt, r.status_code, r.text)
        out[fmt] = r.text
    return out


def _assert_exports_anonymous(api: Api, room: str, token: str, author: Member) -> None:
    for fmt, text in _exports(api, room, token).items():
        assert author.participant_id not in text, (fmt, text)
        assert author.name not in text, (fmt, text)


def _notes_of(frames: list[tuple[Message, str]]) -> list[Message]:
    """Every note shape in these frames: note events, welcome states, reveals."""
    notes = []
    for message, _ in frames:
        if message.get("type") == "event":
            if message["op"] in ("note.add", "note.edit"):
                notes.append(message["data"])
            elif message["op"] == "notes.reveal":
                notes.extend(message["data"]["notes"])
        elif message.get("type") == "welcome" and message["state"] is not None:
            notes.extend(message["state"]["notes"])
    return notes


async def _activity(client: Client, fac: Client) -> list[str]:
    """What the author does: notes in the open and in a private round, edits, moves,
    a drag, grouping, a delete; returns the ids of the notes still on the board."""
    ids = []
    for text in ("Shared bikes", "Cheaper tickets", "Delete me"):
        seq = await client.ack("note.add", {"text": text, "x": 1, "y": 2})
        ids.append((await client.event(seq))["data"]["id"])
    await client.ack("note.edit", {"id": ids[0], "text": "Shared e-bikes"})
    await client.ack("note.move", {"id": ids[1], "x": 30, "y": 40})
    await client.send({"type": "drag", "id": ids[1], "x": 31, "y": 41})
    seq = await fac.ack("cluster.add", {"title": "Mobility"})
    cluster = (await fac.event(seq))["data"]["id"]
    await client.ack("note.group", {"id": ids[0], "cluster": cluster})
    await client.ack("note.delete", {"id": ids.pop()})
    await fac.ack("agenda.set", {"rounds": [{"title": "Quiet", "private": True}]})
    await fac.ack("round.start", {})
    seq = await client.ack("note.add", {"text": "A quiet idea"})
    ids.append((await client.event(seq))["data"]["id"])
    end = await fac.ack("round.end", {})
    await client.event(end + 1)  # notes.reveal, then round.end
    return ids


def _hidden_workshop(api: Api, **body: Any) -> tuple[Workshop, Member, Member, Member]:
    ws = api.workshop(groups=["City", "NGO"], **body)
    ada = api.member(ws, "Adelheid Quarterman", group="City")
    bo = api.member(ws, "Bartholomew Observer", group="NGO")
    wall = api.member(ws, "Projector", role="wall")
    # City has three: shown by group it is named (a smaller group says "a participant").
    for name in ("Cyd", "Cal"):
        api.member(ws, name, group="City")
    return ws, ada, bo, wall


def test_hidden_authors_leave_no_trace_in_other_participants_frames(
        server: ServerProcess, api: Api) -> None:
    ws, ada, bo, wall = _hidden_workshop(api, authors="hidden")
    room = ws.plenary_room_id

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, bo.token, label="bo") as b, \
                connect(server.ws, wall.token, label="wall") as w:
            ids = await _activity(a, fac)
            last = await fac.ack("announce", {"text": "Done"})
            for client in (a, b, w, fac):
                await client.event(last)
            drag = await b.wait_type("drag", id=ids[1])
            assert drag["actor"] is None, drag
            # The author and the facilitator still see who wrote what.
            for client in (a, fac):
                mine = [n for n in _notes_of(_raw_frames(client)) if n["id"] in ids]
                assert mine and all(n["author"] == ada.participant_id for n in mine), mine
            for client in (b, w):
                frames = _raw_frames(client)
                _assert_anonymous(frames, ada, client.label)
                notes = _notes_of(frames)
                assert {n["id"] for n in notes if "text" in n} >= set(ids), notes
                for note in notes:
                    assert note.get("author") is None and "author_group" not in note, note
        for member in (bo, wall):
            for since in (None, 0, 5):
                async with connect(server.ws, member.token, since=since,
                                   label=f"{member.name}-{since}") as again:
                    assert again.welcome is not None
                    if again.welcome["state"] is None:
                        await again.event(again.welcome["seq"])
                    _assert_anonymous(_raw_frames(again), ada, again.label)
                    for note in _notes_of(_raw_frames(again)):
                        assert note.get("author") is None and "author_group" not in note
            _assert_exports_anonymous(api, room, member.token, ada)
        # The facilitator's export keeps the author (facilitators see authors).
        doc = json.loads(_exports(api, room, ws.facilitator.token)["json"])
        assert any(n["author"] == ada.participant_id
                   for c in doc["clusters"] for n in c["notes"]), doc

    run(scenario())


def test_switching_to_hidden_authors_during_the_workshop(
        server: ServerProcess, api: Api) -> None:
    ws, ada, bo, wall = _hidden_workshop(api, authors="named")
    room = ws.plenary_room_id

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, bo.token, label="bo") as b:
            seq = await a.ack("note.add", {"text": "Before the switch"})
            before = await b.event(seq)
            assert before["actor"] == ada.participant_id  # named, for now
            assert before["data"]["author"] == ada.participant_id
            assert ada.name in _exports(api, room, bo.token)["md"]

            mark = b.mark()
            seq = await fac.ack("workshop.settings", {"authors": "hidden"})
            settings = (await b.event(seq))["data"]
            assert set(settings) == SETTINGS, settings
            assert settings["authors"] == "hidden"
            assert settings["facilitator_sees_authors"] is True
            ids = await _activity(a, fac)
            last = await fac.ack("note.edit", {"id": before["data"]["id"], "color": "blue"})
            await b.event(last)
            _assert_anonymous(_raw_frames(b, mark), ada, "bo after the switch")
            assert api.get_workshop(ws.id, bo.token).json()["authors"] == "hidden"
            # Everything sent from now on, old notes included.
            for since in (None, 0):
                async with connect(server.ws, bo.token, since=since, label=f"bo-{since}") as c:
                    assert c.welcome is not None
                    if c.welcome["state"] is None:
                        await c.event(last)
                    _assert_anonymous(_raw_frames(c), ada, c.label)
                    notes = _notes_of(_raw_frames(c))
                    assert {n["id"] for n in notes} >= {*ids, before["data"]["id"]}
            _assert_exports_anonymous(api, room, bo.token, ada)

            # group: the note says which group, never who.
            mark = b.mark()
            seq = await fac.ack("workshop.settings", {"authors": "group"})
            await b.event(seq)
            seq = await a.ack("note.add", {"text": "By group"})
            event = await b.event(seq)
            assert event["actor"] is None, event
            assert event["data"]["author"] is None and event["data"]["author_group"] == "City"
            own = await a.event(seq)
            assert own["data"]["author"] == ada.participant_id, own
            _assert_anonymous(_raw_frames(b, mark), ada, "bo in group mode")
            async with connect(server.ws, bo.token, label="bo-group") as c:
                assert c.welcome is not None
                notes = c.welcome["state"]["notes"]
                assert notes and all(n["author"] is None and n["author_group"] == "City"
                                     for n in notes), notes
                _assert_anonymous(_raw_frames(c), ada, "bo group welcome")
            exported = _exports(api, room, bo.token)
            assert "a participant from City" in exported["md"], exported["md"]
            rows = list(csv.DictReader(io.StringIO(exported["csv"])))
            assert {row["author"] for row in rows} == {"a participant from City"}, rows
            for text in exported.values():
                assert ada.participant_id not in text and ada.name not in text

            # The facilitator may be kept from seeing authors too.
            seq = await fac.ack("workshop.settings", {"authors": "hidden",
                                                      "facilitator_sees_authors": False})
            await fac.event(seq)
            async with connect(server.ws, ws.facilitator.token, label="fac-blind") as c:
                assert c.welcome is not None
                assert all(n["author"] is None for n in c.welcome["state"]["notes"])
                mark = c.mark()
                seq = await a.ack("note.add", {"text": "Unseen author"})
                event = await c.event(seq)
                assert event["actor"] is None and event["data"]["author"] is None, event
                _assert_anonymous(_raw_frames(c, mark), ada, "blind facilitator")

    run(scenario())


def test_group_authors_from_creation(server: ServerProcess, api: Api) -> None:
    ws, ada, bo, wall = _hidden_workshop(api, authors="group")

    async def scenario() -> None:
        async with connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, bo.token, label="bo") as b, \
                connect(server.ws, wall.token, label="wall") as w:
            seq = await a.ack("note.add", {"text": "From the city"})
            for client in (b, w):
                event = await client.event(seq)
                assert event["actor"] is None, event
                assert event["data"]["author"] is None, event
                assert event["data"]["author_group"] == "City", event
                _assert_anonymous(_raw_frames(client), ada, client.label)
            own = (await a.event(seq))["data"]
            assert own["author"] == ada.participant_id and own["author_group"] == "City"
        r = api.get(f"/api/rooms/{ws.plenary_room_id}/export", token=bo.token,
                    params={"format": "json"})
        assert isinstance(r, httpx.Response) and r.status_code == 200, r.text
        note = json.loads(r.text)["ungrouped"][0]
        assert note["author"] is None and note["author_label"] == "a participant from City", note

    run(scenario())
