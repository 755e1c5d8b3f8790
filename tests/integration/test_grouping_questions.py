"""Grouping suggestions and similar notes on a real server: answered to the asker
alone, changing nothing; an accepted suggestion is ordinary events for everyone; a
private round's notes never show through similar notes."""

from __future__ import annotations

from typing import Any

from support.api import Api
from support.server import ServerProcess
from support.ws import Client, connect, run

BUS = ["Bussiliinid peaksid ühendama külad linnaga", "Bussiliinide sagedus on liiga väike",
       "Mehr Buslinien in die Dörfer", "More bus lines to the villages"]
LIBRARY = ["Longer library opening hours", "The library should open on Sundays",
           "A library open in the evenings for working people"]


async def _note(client: Client, text: str) -> str:
    seq = await client.ack("note.add", {"text": text})
    note_id: str = (await client.event(seq))["data"]["id"]
    return note_id


async def _ask(client: Client, op: str, data: dict[str, Any], reply: str) -> tuple[int, Any]:
    ref = client.new_ref()
    start = client.mark()
    seq = await client.ack(op, data, ref=ref)
    answer = await client.wait_for(lambda m: m.get("type") == reply and m.get("ref") == ref,
                                   start=start)
    return seq, answer


def test_suggestions_reach_the_facilitator_alone_and_an_accepted_one_everyone(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop(language="et")
    ada = api.member(ws, "Ada", group="City")
    wall = api.member(ws, "Wall", role="wall")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, wall.token, label="wall") as w:
            ids = {text: await _note(a, text) for text in [*BUS, *LIBRARY]}
            lone = await _note(a, "Plant more trees in the market square")
            await a.refused("clusters.suggest", {}, "forbidden")
            await w.refused("clusters.suggest", {}, "forbidden")
            await fac.refused("clusters.suggest", {"granularity": 2}, "invalid")
            await fac.refused("clusters.suggest", {"granularity": "fine"}, "bad_message")
            mark_a = a.mark()
            seq, answer = await _ask(fac, "clusters.suggest", {}, "suggestions")
            # Acked as of the board it looked at; nothing was written.
            assert seq == fac.event_seqs()[-1]
            groups = [set(g["notes"]) for g in answer["groups"]]
            assert {ids[t] for t in BUS} in groups and {ids[t] for t in LIBRARY} in groups
            assert lone not in set().union(*groups)
            assert answer["room"] == ws.plenary_room_id and answer["duplicates"] == []
            library = next(g for g in answer["groups"] if ids[LIBRARY[0]] in g["notes"])
            # The facilitator accepts one, renamed, with a note dropped out: one cluster.add.
            kept = [n for n in library["notes"] if n != ids[LIBRARY[2]]]
            seq = await fac.ack("cluster.add", {"title": "Library hours", "notes": kept})
            for client in (a, w):
                event = await client.event(seq)
                assert event["op"] == "cluster.add" and event["data"]["title"] == "Library hours"
            assert not a.of_type("suggestions", mark_a) and not w.of_type("suggestions")
            # Unclustered notes only, unless all are asked for.
            _, again = await _ask(fac, "clusters.suggest", {"granularity": 0.5}, "suggestions")
            assert not any(set(kept) & set(g["notes"]) for g in again["groups"])
            _, every = await _ask(fac, "clusters.suggest", {"all": True}, "suggestions")
            assert any(set(kept) <= set(g["notes"]) for g in every["groups"])

    run(scenario())


def test_similar_notes_never_show_a_private_round_note_of_someone_else(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    ada, bo = api.member(ws, "Ada", group="City"), api.member(ws, "Bo", group="NGO")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, bo.token, label="bo") as b:
            library = await _note(a, "Longer library opening hours")
            await fac.ack("agenda.set", {"rounds": [
                {"title": "Silent writing", "seconds": 0, "private": True}]})
            await fac.ack("round.start")
            secret = await _note(a, "More bus lines to the villages")
            _, mine = await _ask(a, "notes.similar", {"text": "bus line to my village"},
                                 "similar")
            assert mine["notes"] == [secret]
            _, theirs = await _ask(b, "notes.similar", {"text": "bus line to my village"},
                                   "similar")
            assert secret not in theirs["notes"]
            _, public = await _ask(b, "notes.similar", {"text": "library on Sundays"},
                                   "similar")
            assert public["notes"] == [library]
            await b.refused("notes.similar", {"text": ""}, "invalid")
            await b.refused("notes.similar", {}, "bad_message")
            # The facilitator turns the hints off: the question is refused.
            await fac.ack("workshop.settings", {"similar_hints": False})
            await b.refused("notes.similar", {"text": "library"}, "invalid")

    run(scenario())
