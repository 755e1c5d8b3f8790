"""Dot voting over real sockets: budgets that hold under concurrent ops from many
connections on two processes, hidden votes and private notes that leave no trace in
anyone else's raw frames before reveal, the tally at reveal, votes on clusters and
the refusals the protocol names."""

from __future__ import annotations

import asyncio
import collections
import csv
import io
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from support.api import Api, Member
from support.redis import RedisServer
from support.server import ServerProcess
from support.ws import Client, connect, open_many, run

Message = dict[str, Any]

# One participant's twenty sockets race on the budget: more than the default cap
# of 8 sockets a participant may hold (COCREATE_SOCKETS_PER_PARTICIPANT).
MANY_SOCKETS = {"COCREATE_SOCKETS_PER_PARTICIPANT": "20"}


async def _add_notes(client: Client, texts: list[str]) -> list[str]:
    ids = []
    for text in texts:
        seq = await client.ack("note.add", {"text": text})
        ids.append((await client.event(seq))["data"]["id"])
    return ids


def _export(api: Api, room: str, token: str, fmt: str) -> httpx.Response:
    r = api.get(f"/api/rooms/{room}/export", token=token, params={"format": fmt})
    assert r.status_code == 200, (fmt, r.status_code, r.text)
    return r


def _visible_frames(client: Client, start: int = 0) -> list[tuple[Message, str]]:
    """(parsed, raw) of every frame from `start`, but presence: presence lists who is in
    the room by design, and says nothing about notes or votes."""
    return [(m, raw) for m, raw in zip(client.messages[start:], client.raw[start:], strict=True)
            if m.get("type") != "presence"]


@pytest.mark.redis
def test_twenty_sockets_of_one_participant_on_two_processes_never_exceed_the_budget(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    servers = [start_server(redis_url=redis_server.url, extra_env=MANY_SOCKETS)
               for _ in range(2)]
    with Api(servers[0].http) as api:
        ws = api.workshop()
        ada = api.member(ws, "Ada", group="City")
        bo = api.member(ws, "Bo", group="NGO")
    sockets, per_socket, budget, per_note = 20, 8, 5, 3

    async def scenario() -> None:
        async with connect(servers[0].ws, ws.facilitator.token, label="fac") as fac, \
                connect(servers[1].ws, bo.token, label="bo") as b:
            notes = await _add_notes(fac, [f"Option {i}" for i in range(4)])
            base = await fac.ack("voting.start", {"budget": budget, "max_per_note": per_note,
                                                  "hidden": True})
            voters = await asyncio.gather(*(
                Client.open(servers[i % 2].ws, label=f"ada{i}") for i in range(sockets)))
            try:
                await asyncio.gather(*(v.hello(ada.token) for v in voters))
                # Bo votes at the same time, on the other process.
                requests = [b.request("vote.add", {"note": notes[0]}),
                            b.request("vote.add", {"note": notes[0]})]
                requests += [v.request("vote.add", {"note": notes[(i + k) % len(notes)]})
                             for i, v in enumerate(voters) for k in range(per_socket)]
                replies = await asyncio.gather(*requests)
                bo_replies, ada_replies = replies[:2], replies[2:]
                assert all(r["type"] == "ack" for r in bo_replies), bo_replies

                acks = [r for r in ada_replies if r["type"] == "ack"]
                refusals = collections.Counter(r["code"] for r in ada_replies
                                               if r["type"] == "error")
                assert len(acks) == budget, (len(acks), refusals)
                assert set(refusals) <= {"vote_budget", "vote_note_limit"}, refusals
                assert sum(refusals.values()) == sockets * per_socket - budget
                seqs = sorted(r["seq"] for r in replies if r["type"] == "ack")
                last = base + budget + 2
                assert seqs == list(range(base + 1, last + 1)), seqs

                # Every connection of the voter, on both processes, learns where each of
                # the accepted votes went, and the same way.
                for v in voters:
                    await v.event(last, timeout=15)
                mine = [e for e in voters[0].events() if e["op"] == "vote.add"
                        and e["actor"] == ada.participant_id]
                assert sorted(e["seq"] for e in mine) == sorted(r["seq"] for r in acks), mine
                placed = collections.Counter(e["data"]["note"] for e in mine)
                assert sum(placed.values()) == budget and max(placed.values()) <= per_note
                assert mine[-1]["data"]["my_votes"] == dict(placed), (mine[-1], placed)
                for v in voters[1:]:
                    assert [e for e in v.events() if e["seq"] > base] == \
                        [e for e in voters[0].events() if e["seq"] > base], v.label
            finally:
                await asyncio.gather(*(v.close() for v in voters))

            async with connect(servers[1].ws, ada.token, label="ada-late") as late:
                assert late.welcome is not None
                assert late.welcome["state"]["my_votes"] == dict(placed)
                assert late.welcome["state"]["voting"]["tally"] is None

            await fac.ack("voting.stop", {})
            seq = await fac.ack("voting.reveal", {})
            tally = dict(placed)
            tally[notes[0]] = tally.get(notes[0], 0) + 2
            for client in (fac, b):
                revealed = (await client.event(seq, timeout=15))["data"]
                assert revealed["revealed"] is True and revealed["status"] == "closed"
                assert {k: v for k, v in revealed["tally"].items() if v} == tally, revealed

    run(scenario())


def test_concurrent_votes_on_one_note_respect_the_per_note_limit(
        start_server: Callable[..., ServerProcess]) -> None:
    server = start_server(extra_env=MANY_SOCKETS)
    with Api(server.http) as api:
        ws = api.workshop()
        ada = api.member(ws, "Ada", group="City")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac:
            [note, other] = await _add_notes(fac, ["The one", "The other"])
            await fac.ack("voting.start", {"budget": 4, "max_per_note": 2})
            voters = await open_many(server.ws, [(f"ada{i}", ada.token) for i in range(20)])
            try:
                replies = await asyncio.gather(*(v.request("vote.add", {"note": note})
                                                 for v in voters for _ in range(3)))
                codes = collections.Counter(r.get("code", "ack") for r in replies)
                assert codes == {"ack": 2, "vote_note_limit": 58}, codes
                # The budget is checked first: with 2 more on the other note it is spent.
                assert await voters[0].ack("vote.add", {"note": other})
                assert await voters[1].ack("vote.add", {"note": other})
                await voters[2].refused("vote.add", {"note": other}, "vote_budget")
                await voters[2].refused("vote.add", {"note": note}, "vote_budget")
                # Taking back concurrently: as many removals succeed as votes were there.
                replies = await asyncio.gather(*(v.request("vote.remove", {"note": note})
                                                 for v in voters))
                codes = collections.Counter(r.get("code", "ack") for r in replies)
                assert codes == {"ack": 2, "invalid": 18}, codes
            finally:
                await asyncio.gather(*(v.close() for v in voters))
        async with connect(server.ws, ada.token, label="ada-late") as late:
            assert late.welcome is not None
            assert late.welcome["state"]["my_votes"] == {other: 2}
            assert late.welcome["state"]["voting"]["tally"] == {other: 2}

    run(scenario())


def _assert_no_trace(frames: list[tuple[Message, str]], *, secrets: list[str],
                     voted_notes: list[str], voter: Member, who: str) -> None:
    """Nothing in these frames tells another participant where the voter's hidden votes
    went or what the private notes say."""
    for message, raw in frames:
        for secret in secrets:
            assert secret not in raw, (who, secret, raw)
        assert voter.participant_id not in raw, (who, "voter id", raw)
        assert voter.name not in raw, (who, "voter name", raw)
        if (message.get("type") == "event" and message["op"] in ("vote.add", "vote.remove")
                and message["actor"] is None):
            assert message["data"] == {}, (who, message)
            for note in voted_notes:
                assert note not in raw, (who, "voted note id", raw)
        if message.get("type") == "welcome" and message["state"] is not None:
            assert message["state"]["voting"]["tally"] is None, (who, message["state"])


def test_hidden_votes_and_private_notes_leave_no_trace_before_reveal(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    room = ws.plenary_room_id
    ada = api.member(ws, "Adalbert Voterman", group="City")
    bo = api.member(ws, "Bo Observer", group="NGO")
    wall = api.member(ws, "Projector", role="wall")
    secrets = ["SECRET-ALPHA-7731", "SECRET-BRAVO-9924", "SECRET-CHARLIE-1185"]

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, ada.token, label="ada-phone") as a2, \
                connect(server.ws, bo.token, label="bo") as b, \
                connect(server.ws, wall.token, label="wall") as w:
            public = await _add_notes(fac, ["Bike lanes", "Night buses", "Car-free Sundays"])
            await fac.ack("agenda.set", {"rounds": [
                {"title": "Silent writing", "seconds": 0, "private": True}]})
            await fac.ack("round.start", {})
            # Ada writes privately, edits and moves: nobody else learns the text.
            # (Deleting a private note is covered by its own test below.)
            private = []
            for text in secrets:
                seq = await a.ack("note.add", {"text": text, "x": 5, "y": 5})
                private.append((await a.event(seq))["data"]["id"])
            await a.ack("note.edit", {"id": private[0], "text": secrets[0] + " revised"})
            await a.ack("note.move", {"id": private[1], "x": 3000, "y": 50})
            await a.ack("note.edit", {"id": private[2], "color": "blue"})

            await fac.ack("voting.start", {"budget": 4, "hidden": True})
            for note in (public[0], public[0], public[1]):
                await a.ack("vote.add", {"note": note})
            await a.ack("vote.remove", {"note": public[1]})
            await a.ack("vote.add", {"note": public[2]})
            # Bo votes too; Bo's own events say where Bo's vote went, nothing more.
            bo_seq = await b.ack("vote.add", {"note": public[1]})
            last = await fac.ack("voting.stop", {})
            for client in (fac, a, a2, b, w):
                await client.event(last)

            # The voter's connections get the note and their own votes.
            for client in (a, a2):
                votes = [e for e in client.events() if e["op"].startswith("vote.")
                         and e["actor"] == ada.participant_id]
                assert [set(e["data"]) for e in votes] == [{"note", "my_votes"}] * 5, votes
                assert votes[-1]["data"] == {"note": public[2],
                                             "my_votes": {public[0]: 2, public[2]: 1}}
            # Everyone else, facilitators included, gets empty vote events.
            for client in (fac, b, w):
                hidden = [e for e in client.events() if e["op"].startswith("vote.")
                          and e["seq"] != bo_seq]
                assert len(hidden) == 5, hidden
                assert all(e["data"] == {} and e["actor"] is None for e in hidden), hidden
            bo_vote = await b.event(bo_seq)
            assert bo_vote["data"] == {"note": public[1], "my_votes": {public[1]: 1}}, bo_vote
            # Private notes reach others as ids only, with no actor, on every note op.
            for client in (b, w):
                for e in client.events():
                    if e["op"].startswith("note.") and e["data"]["id"] in private:
                        assert e["actor"] is None and e["data"] == {
                            "id": e["data"]["id"], "private": True}, e
                assert len([e for e in client.events() if e["op"].startswith("note.")
                            and e["data"]["id"] in private]) == 6
            # The facilitator sees private notes in full.
            assert any(e["op"] == "note.add" and e["data"]["text"] == secrets[0]
                       for e in fac.events())
            stopped = (await b.event(last))["data"]
            assert stopped["status"] == "closed" and stopped["tally"] is None, stopped

            # Now all the channels Bo and the wall have, checked on the raw text.
            for client in (b, w):
                _assert_no_trace(_visible_frames(client), secrets=secrets,
                                 voted_notes=public, voter=ada, who=client.label)
            for member in (bo, wall):
                for since in (None, 0, 3, last - 2):
                    async with connect(server.ws, member.token, since=since,
                                       label=f"{member.name}-since-{since}") as again:
                        assert again.welcome is not None and again.welcome["seq"] == last
                        if again.welcome["state"] is None:
                            await again.event(last)
                        else:
                            state = again.welcome["state"]
                            assert {n["id"] for n in state["notes"]} == set(public), state
                            assert state["my_votes"] == (
                                {public[1]: 1} if member is bo else {}), state
                        _assert_no_trace(_visible_frames(again), secrets=secrets,
                                         voted_notes=public, voter=ada, who=again.label)
                        replayed = [e for e in again.events() if e["op"].startswith("vote.")
                                    and e["seq"] != bo_seq]
                        assert all(e["data"] == {} for e in replayed), replayed
            # Exports, by a participant and even by the facilitator, show no votes yet.
            for token, who in ((bo.token, "bo"), (ws.facilitator.token, "fac")):
                doc = json.loads(_export(api, room, token, "json").text)
                assert doc["voting"]["total"] is None, doc["voting"]
                notes = [n for c in doc["clusters"] for n in c["notes"]] + doc["ungrouped"]
                assert all(n["votes"] is None for n in notes), notes
                md = _export(api, room, token, "md").text
                assert "Votes are hidden until the facilitator reveals them." in md, md
                rows = list(csv.DictReader(io.StringIO(_export(api, room, token, "csv").text)))
                assert rows and all(row["votes"] == "" for row in rows), rows
                if who == "bo":
                    for fmt in ("json", "md", "csv"):
                        text = _export(api, room, token, fmt).text
                        for secret in secrets:
                            assert secret not in text, (fmt, secret, text)
                        assert ada.participant_id not in text and ada.name not in text, text

            # Reveal: everyone gets the right tally.
            seq = await fac.ack("voting.reveal", {})
            expected = {public[0]: 2, public[1]: 1, public[2]: 1}
            for client in (fac, a, b, w):
                revealed = (await client.event(seq))["data"]
                assert revealed["status"] == "closed" and revealed["revealed"] is True
                assert revealed["hidden"] is True, revealed
                assert {k: v for k, v in revealed["tally"].items() if v} == expected, revealed
            async with connect(server.ws, bo.token, label="bo-after") as after:
                assert after.welcome is not None
                assert {k: v for k, v in after.welcome["state"]["voting"]["tally"].items()
                        if v} == expected
            doc = json.loads(_export(api, room, bo.token, "json").text)
            ranked = [(n["text"], n["votes"]) for n in doc["ungrouped"]]
            assert ranked == [("Bike lanes", 2), ("Night buses", 1),
                              ("Car-free Sundays", 1)], ranked
            assert doc["voting"]["total"] == 4, doc["voting"]

            # Round end reveals the private notes to everyone.
            end = await fac.ack("round.end", {})
            for client in (b, w):
                reveal = await client.event(end)
                assert reveal["op"] == "notes.reveal", reveal
                shown = {n["id"]: n for n in reveal["data"]["notes"]}
                assert set(shown) == set(private), shown
                assert shown[private[0]]["text"] == secrets[0] + " revised"
                assert shown[private[1]]["text"] == secrets[1]
                assert shown[private[2]]["color"] == "blue"
                # Named workshop: once revealed, the author shows.
                assert all(n["author"] == ada.participant_id for n in shown.values())
                assert (shown[private[1]]["x"], shown[private[1]]["y"]) == (3000, 50)
                assert all(n["private"] is False for n in shown.values())
                assert (await client.event(end + 1))["op"] == "round.end"
            async with connect(server.ws, bo.token, label="bo-end") as after:
                assert after.welcome is not None
                texts = {n["text"] for n in after.welcome["state"]["notes"]}
                assert texts == {"Bike lanes", "Night buses", "Car-free Sundays",
                                 secrets[0] + " revised", secrets[1], secrets[2]}, texts

    run(scenario())


def test_a_deleted_private_note_leaves_no_trace_live_or_on_replay(
        server: ServerProcess, api: Api) -> None:
    """Every `note.*` event on a private note reaches others as `{"id", "private": true}`
    with no actor, also the delete, and also when it is replayed after a reconnect."""
    ws = api.workshop()
    ada = api.member(ws, "Adalbert Voterman", group="City")
    bo = api.member(ws, "Bo Observer", group="NGO")
    secret = "SECRET-DELTA-4410"

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, bo.token, label="bo") as b:
            await fac.ack("agenda.set", {"rounds": [{"title": "Quiet", "private": True}]})
            await fac.ack("round.start", {})
            seq = await a.ack("note.add", {"text": secret})
            note = (await a.event(seq))["data"]["id"]
            await a.ack("note.move", {"id": note, "x": 9, "y": 9})
            last = await a.ack("note.delete", {"id": note})
            await b.event(last)
            live = [e for e in b.events() if e["op"].startswith("note.")]
            assert [e["op"] for e in live] == ["note.add", "note.move", "note.delete"], live
            for e in live:
                assert e["actor"] is None and e["data"] == {"id": note, "private": True}, e
            _assert_no_trace(_visible_frames(b), secrets=[secret], voted_notes=[],
                             voter=ada, who="bo live")
        async with connect(server.ws, bo.token, since=0, label="bo-replay") as again:
            await again.event(last)
            replayed = [e for e in again.events() if e["op"].startswith("note.")]
            assert [e["op"] for e in replayed] == ["note.add", "note.move", "note.delete"]
            for e in replayed:
                assert e["actor"] is None and e["data"] == {"id": note, "private": True}, e
            _assert_no_trace(_visible_frames(again), secrets=[secret], voted_notes=[],
                             voter=ada, who="bo replay")

    run(scenario())


def test_open_votes_show_totals_and_the_refusals(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    ada = api.member(ws, "Ada", group="City")
    bo = api.member(ws, "Bo", group="NGO")
    wall = api.member(ws, "Projector", role="wall")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, bo.token, label="bo") as b, \
                connect(server.ws, wall.token, label="wall") as w:
            [n1, n2] = await _add_notes(fac, ["Trams", "Trees"])
            # Before any vote is open.
            await a.refused("vote.add", {"note": n1}, "voting_closed")
            await a.refused("vote.remove", {"note": n1}, "voting_closed")
            await fac.refused("voting.reveal", {}, "invalid")
            await a.refused("voting.start", {"budget": 3}, "forbidden")
            await w.refused("vote.add", {"note": n1}, "forbidden")
            await fac.refused("voting.start", {"budget": 0}, "invalid")
            await fac.refused("voting.start", {"budget": 3, "max_per_note": 4}, "invalid")

            start = await fac.ack("voting.start", {"budget": 3, "max_per_note": 2})
            v = (await b.event(start))["data"]
            assert v == {"status": "open", "budget": 3, "max_per_note": 2, "hidden": False,
                         "revealed": False, "target": "notes", "tally": {}}, v
            await a.refused("vote.remove", {"note": n1}, "invalid")
            await a.refused("vote.add", {"note": "no-such-note"}, "not_found")
            await fac.refused("voting.reveal", {}, "invalid")  # still open
            await a.refused("voting.stop", {}, "forbidden")

            # A locked board does not stop votes.
            lock = await fac.ack("board.lock", {})
            await b.event(lock)
            await a.refused("note.add", {"text": "Late idea"}, "locked")
            seq = await a.ack("vote.add", {"note": n1})
            for client in (fac, b, w):
                e = await client.event(seq)
                assert e["actor"] == ada.participant_id, e
                assert e["data"] == {"note": n1, "votes": 1}, e
            assert (await a.event(seq))["data"] == {"note": n1, "votes": 1,
                                                    "my_votes": {n1: 1}}
            seq = await b.ack("vote.add", {"note": n1})
            assert (await w.event(seq))["data"] == {"note": n1, "votes": 2}
            await a.ack("vote.add", {"note": n1})
            await a.refused("vote.add", {"note": n1}, "vote_note_limit")
            await a.ack("vote.add", {"note": n2})
            await a.refused("vote.add", {"note": n2}, "vote_budget")
            seq = await a.ack("vote.remove", {"note": n1})
            assert (await b.event(seq))["data"] == {"note": n1, "votes": 2}
            async with connect(server.ws, wall.token, label="wall-late") as late:
                assert late.welcome is not None
                assert late.welcome["state"]["voting"]["tally"] == {n1: 2, n2: 1}

            stop = await fac.ack("voting.stop", {})
            assert (await b.event(stop))["data"]["tally"] == {n1: 2, n2: 1}
            await a.refused("vote.add", {"note": n2}, "voting_closed")
            await a.refused("vote.remove", {"note": n2}, "voting_closed")
            await fac.refused("voting.stop", {}, "voting_closed")
            reveal = await fac.ack("voting.reveal", {})
            assert (await w.event(reveal))["data"]["tally"] == {n1: 2, n2: 1}
            # A new vote clears the old one.
            restart = await fac.ack("voting.start", {"budget": 1})
            assert (await b.event(restart))["data"]["tally"] == {}
            await a.ack("vote.add", {"note": n2})
            await a.refused("vote.add", {"note": n1}, "vote_budget")

    run(scenario())


def test_voting_on_clusters(server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    room = ws.plenary_room_id
    ada = api.member(ws, "Ada", group="City")
    bo = api.member(ws, "Bo", group="NGO")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, bo.token, label="bo") as b:
            notes = await _add_notes(fac, ["Bus lanes", "Tram line", "Parks", "Benches"])
            clusters = []
            for title, members in (("Transport", notes[:2]), ("Green", notes[2:])):
                seq = await fac.ack("cluster.add", {"title": title, "notes": members})
                clusters.append((await fac.event(seq))["data"]["id"])
            seq = await fac.ack("voting.start", {"budget": 3, "hidden": True,
                                                 "target": "clusters"})
            assert (await b.event(seq))["data"]["target"] == "clusters"
            await a.refused("vote.add", {"note": notes[0]}, "not_found")
            seq = await a.ack("vote.add", {"note": clusters[0]})
            assert (await a.event(seq))["data"] == {"note": clusters[0],
                                                    "my_votes": {clusters[0]: 1}}
            assert (await b.event(seq))["data"] == {}
            await a.ack("vote.add", {"note": clusters[0]})
            await a.ack("vote.add", {"note": clusters[1]})
            await b.ack("vote.add", {"note": clusters[1]})
            await fac.ack("voting.stop", {})
            seq = await fac.ack("voting.reveal", {})
            tally = (await b.event(seq))["data"]["tally"]
            assert tally == {clusters[0]: 2, clusters[1]: 2}, tally
            md = _export(api, room, bo.token, "md").text
            assert "| Rank | Cluster | Votes |" in md, md
            # Deleting a cluster takes its votes with it.
            seq = await fac.ack("cluster.delete", {"id": clusters[1]})
            await b.event(seq)
        async with connect(server.ws, bo.token, label="bo-late") as late:
            assert late.welcome is not None
            voting = late.welcome["state"]["voting"]
            assert voting["target"] == "clusters", voting
            assert {k: v for k, v in voting["tally"].items() if v} == {clusters[0]: 2}, voting

    run(scenario())
