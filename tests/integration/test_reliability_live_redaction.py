"""When a setting or a reveal changes what a viewer may see, every connected viewer
gets a fresh welcome at once, redacted for them, and then the events after it."""

from __future__ import annotations

from typing import Any

from support.api import Api
from support.server import ServerProcess
from support.ws import Client, connect, run


def _notes(welcome: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["text"]: n for n in welcome["state"]["notes"]}


async def _fresh_welcome(client: Client, start: int) -> dict[str, Any]:
    return await client.wait_type("welcome", start=start, timeout=15,
                                  what="an unsolicited welcome")


def test_hiding_authors_reaches_connected_boards_at_once(server: ServerProcess,
                                                        api: Api) -> None:
    workshop = api.workshop(authors="named")
    ann = api.member(workshop, "Ann", "NGO")
    bob = api.member(workshop, "Bob", "City")

    async def scenario() -> None:
        async with connect(server.ws, workshop.facilitator.token, label="fac") as fac, \
                connect(server.ws, ann.token, label="ann") as a, \
                connect(server.ws, bob.token, label="bob") as b:
            seq = await a.ack("note.add", {"text": "Ann's idea"})
            assert (await b.event(seq))["data"]["author"] == ann.participant_id
            marks = {c: c.mark() for c in (fac, a, b)}
            settings = await fac.ack("workshop.settings", {"authors": "hidden",
                                                           "facilitator_sees_authors": False})
            for c in (fac, a, b):
                await c.event(settings)
                welcome = await _fresh_welcome(c, marks[c])
                assert welcome["seq"] >= settings
                assert welcome["workshop"]["authors"] == "hidden"
                note = _notes(welcome)["Ann's idea"]
                # Only Ann herself still sees that it is hers.
                assert note["author"] == (ann.participant_id if c is a else None), c.label
                assert "author_group" not in note or c is a
            # Afterwards, events are redacted the same way, and in order.
            edit = await a.ack("note.edit", {"id": note["id"], "text": "Ann's better idea"})
            for c in (fac, b):
                event = await c.event(edit)
                assert event["data"]["author"] is None and event["actor"] is None
            # Back to names: everyone sees Ann's name again, at once.
            start = b.mark()
            again = await fac.ack("workshop.settings", {"authors": "named"})
            welcome = await _fresh_welcome(b, start)
            assert welcome["seq"] >= again
            assert _notes(welcome)["Ann's better idea"]["author"] == ann.participant_id
            await b.ping()
    run(scenario(), timeout=60)


def test_a_reveal_sends_fresh_welcomes_with_what_was_hidden(server: ServerProcess,
                                                           api: Api) -> None:
    workshop = api.workshop(authors="named")
    ann = api.member(workshop, "Ann", "NGO")
    bob = api.member(workshop, "Bob", "City")
    rounds = [{"title": "Silent", "seconds": 0, "private": True, "lock": False,
               "voting": None}]

    async def scenario() -> None:
        async with connect(server.ws, workshop.facilitator.token, label="fac") as fac, \
                connect(server.ws, ann.token, label="ann") as a, \
                connect(server.ws, bob.token, label="bob") as b:
            await fac.ack("agenda.set", {"rounds": rounds})
            await fac.ack("round.start", {})
            await a.ack("note.add", {"text": "secret until the reveal"})
            start = b.mark()
            reveal = await fac.ack("notes.reveal", {})
            await b.event(reveal)
            welcome = await _fresh_welcome(b, start)
            assert welcome["seq"] >= reveal
            assert "secret until the reveal" in _notes(welcome)
            assert _notes(welcome)["secret until the reveal"]["private"] is False
            # The welcome comes after the events it covers: none is skipped or repeated.
            seqs = b.event_seqs()
            assert seqs == list(range(seqs[0], welcome["seq"] + 1))
            after = await fac.ack("note.add", {"text": "after the reveal"})
            assert (await b.event(after))["seq"] == welcome["seq"] + 1
    run(scenario(), timeout=60)


def test_a_socket_lost_between_a_settings_change_and_its_welcome_gets_the_state(
        server: ServerProcess, api: Api) -> None:
    workshop = api.workshop(authors="named")
    ann = api.member(workshop, "Ann", "NGO")
    bob = api.member(workshop, "Bob", "City")

    async def scenario() -> None:
        async with connect(server.ws, workshop.facilitator.token, label="fac") as fac:
            async with connect(server.ws, ann.token, label="ann") as a:
                await a.ack("note.add", {"text": "Ann's idea"})
            async with connect(server.ws, bob.token, label="bob") as b:
                settings = await fac.ack("workshop.settings", {"authors": "hidden",
                                                               "facilitator_sees_authors": False})
                await b.event(settings)
            # Bob's last seq is the settings event itself; his board still names Ann.
            async with connect(server.ws, bob.token, since=settings, label="bob again") as b:
                welcome = b.welcome
                assert welcome is not None
                assert welcome.get("state") is not None, "a replay would keep Ann's name"
                assert _notes(welcome)["Ann's idea"]["author"] is None
    run(scenario(), timeout=60)
