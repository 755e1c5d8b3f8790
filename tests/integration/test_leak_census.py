"""The leak census ("Proving it"): for each redaction rule, one scenario on a real
server whose secrets are unique markers, and for each viewer the secret is hidden
from, one corpus of every byte they can receive (`support.census`: live frames,
a replay with `since=0`, a fresh welcome, the facilitator's overview, every HTTP
route and export, the snapshots); nothing hidden from them may be in it.

Each check has a control that shows it can fail: the same search finds the
secret in the corpus of someone allowed to see it, in each kind of source, or
in the viewer's own corpus once the secret is revealed.

- Private notes: text, coordinates and the author of a note written in a private
  round reach no other participant or wall, until the reveal; what it said or
  where it was before its last edit or move, and a private note deleted
  unrevealed, never.
- Hidden votes: which note a vote went to reaches nobody but the voter,
  facilitators included; the tally is null everywhere (exports and snapshots
  too) until the reveal, then it shows; ballots stay secret after it.
- Author display (`group`, `hidden`, set at creation or switched from `named`)
  and `facilitator_sees_authors`: no note, no note event and no cursor or drag
  links a participant to what they wrote, for other participants, walls, and
  facilitators when the workshop says so; nor does the `cluster.add` that the
  web client sends when one drops a note on another.
- The census itself: `gather` asks every GET route the app has.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from typing import Any

import pytest

from support.api import Api, Workshop
from support.census import (
    Corpus,
    Item,
    author_links,
    gather,
    overview_items,
    preview_votes,
    previews,
    volatile_actors,
)
from support.server import ServerProcess
from support.ws import Client, connect, run

Message = dict[str, Any]
VOTES_HIDDEN_MD = "Votes are hidden until the facilitator reveals them."


def _marker(what: str) -> str:
    return f"SECRET-{what}-{uuid.uuid4().hex}"


def _coordinate() -> float:
    """A unique board coordinate (six digits and an exact binary fraction, so every
    JSON writer prints it the same way), searched for as a string."""
    return (uuid.uuid4().int % 900_000 + 100_000) + (2 * (uuid.uuid4().int % 4) + 1) / 8


async def _note(client: Client, **data: Any) -> str:
    seq = await client.ack("note.add", data)
    return (await client.event(seq))["data"]["id"]


async def _settle(clients: list[Client], seq: int) -> None:
    """Every client has the event `seq` and everything relayed before it."""
    for client in clients:
        await client.event(seq)
        await client.ping()


def _ids_in_http(corpus: Corpus, ids: set[str]) -> list[str]:
    return [f"{item.source}: {i}" for item in corpus.of("http") for i in ids if i in item.text]


# private notes


def _private_findings(corpus: Corpus, private_ids: set[str]) -> list[str]:
    """Every frame naming a private note must be a `note.*` event on it that says only
    `{"id", "private": true}`, without actor; no HTTP answer names it at all."""
    out = _ids_in_http(corpus, private_ids)
    for source, frame, raw in corpus.frames():
        named = [i for i in private_ids if i in raw]
        if not named:
            continue
        ok = (frame.get("type") == "event" and frame.get("op", "").startswith("note.")
              and frame.get("actor") is None
              and frame.get("data") == {"id": named[0], "private": True} and len(named) == 1)
        if not ok:
            out.append(f"{source}: {raw[:400]}")
    return out


def test_private_notes_census(server: ServerProcess, api: Api) -> None:
    ws = api.workshop(authors="named")
    ann = api.member(ws, "Annabel Privatewriter", "NGO")
    bob = api.member(ws, "Bob Onlooker", "City")
    wall = api.member(ws, "Census wall", role="wall")
    draft, final, gone = _marker("draft"), _marker("final"), _marker("deleted")
    first, moved, dragged = ((_coordinate(), _coordinate()) for _ in range(3))
    history = {"text before the edit": draft, "text of the note deleted unrevealed": gone,
               "first x": str(first[0]), "first y": str(first[1]),
               "dragged x": str(dragged[0]), "dragged y": str(dragged[1])}
    hidden = {**history, "text": final, "moved x": str(moved[0]), "moved y": str(moved[1])}

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ann.token, label="ann") as a, \
                connect(server.ws, bob.token, label="bob") as b, \
                connect(server.ws, wall.token, label="wall") as w:
            await fac.send({"type": "overview.watch"})
            public = await _note(fac, text="A public note")
            await fac.ack("agenda.set", {"rounds": [
                {"title": "Silent writing", "seconds": 0, "private": True}]})
            await fac.ack("round.start", {})
            private = await _note(a, text=draft, x=first[0], y=first[1])
            await a.ack("note.edit", {"id": private, "text": final})
            await a.ack("note.move", {"id": private, "x": moved[0], "y": moved[1]})
            deleted = await _note(a, text=gone)
            await a.ack("note.delete", {"id": deleted})
            # Ann drags her private note about and drops it on the public one, as the web
            # client does: a drag, then a new cluster of the two.
            await a.send({"type": "drag", "id": private, "x": dragged[0], "y": dragged[1]})
            await fac.wait_type("drag", id=private)
            await a.ack("cluster.add", {"title": "A theme", "notes": [public, private]})
            last = await fac.ack("snapshot.save", {"name": "During the silence"})
            await _settle([fac, a, b, w], last)
            ids = {private, deleted}

            # The census, before the reveal.
            for member, client in ((bob, b), (wall, w)):
                corpus = await gather(Corpus(member.name), ws_url=server.ws, api=api,
                                      workshop=ws, member=member, live=[(client, 0)])
                assert corpus.kinds() == {"live", "replay", "welcome", "http"}
                corpus.assert_absent(hidden, what="of Ann's private notes")
                assert _private_findings(corpus, ids) == [], member.name
                # Not vacuous: each of the five ops on them came, as an id, live and replayed.
                for kind in ("live", "replay"):
                    redacted = [f for _, f, _ in corpus.only(kind).events()
                                if f["data"] == {"id": f["data"].get("id"), "private": True}
                                and f["data"]["id"] in ids]
                    assert len(redacted) == 5, (member.name, kind, redacted)
                themes = [f["data"]["notes"] for _, f, _ in corpus.events("cluster.add")]
                assert themes and all(t == [public] for t in themes), themes

            # Controls: the facilitator sees private notes, in every kind of source,
            # and the same searches find them there.
            seen = await gather(Corpus("facilitator"), ws_url=server.ws, api=api, workshop=ws,
                                member=ws.facilitator, live=[(fac, 0)])
            seen.assert_present("text", final, kinds=("live", "replay", "welcome"),
                                sources=("format=md", "format=csv", "format=json",
                                         "GET /api/snapshots/"))
            seen.assert_present("moved x", str(moved[0]), sources=("format=json",
                                                                    "GET /api/snapshots/"))
            seen.assert_present("dragged x", str(dragged[0]), kinds=("live",))
            assert _private_findings(seen, ids)
            # Except in the overview's previews, which count private notes and draw
            # none (it is the screen a facilitator shares); there live and in the
            # census's own watch, and counted there, so the search was not vacuous.
            await fac.wait_for(lambda m: m.get("type") == "overview" and any(
                r.get("preview", {}).get("private") == 1 for r in m["rooms"]),
                what="the overview counting Ann's private note")
            seen.add_frames("live fac, later", "live", fac)
            overviews = overview_items(seen)
            assert {i.kind for i in overviews} == {"live", "welcome"}, overviews
            assert any(pv["private"] == 1 for _, pv in previews(seen))
            # A preview cuts texts to 40 characters and rounds coordinates: so are the markers.
            cut = {name: str(round(float(v))) if " x" in name or " y" in name else v[:40]
                   for name, v in hidden.items()}
            seen.assert_absent(cut, items=overviews, what="in the overview")
            own = Corpus("Ann")
            own.add_frames("live ann", "live", a)
            own.assert_present("draft", draft)
            own.assert_present("deleted", gone)
            assert _private_findings(own, ids)

            # The reveal (at round end): now the note is everyone's, as it is now.
            marks = {c: c.mark() for c in (b, w)}
            end = await fac.ack("round.end", {})
            for client in (b, w):
                await client.wait_type("welcome", start=marks[client], what="a fresh welcome")
            await _settle([fac, a, b, w], end + 1)
            for member, client in ((bob, b), (wall, w)):
                corpus = await gather(Corpus(f"{member.name} after the reveal"),
                                      ws_url=server.ws, api=api, workshop=ws, member=member,
                                      live=[(client, 0)])
                corpus.assert_present("text", final, kinds=("live", "replay", "welcome"),
                                      sources=("format=md", "format=csv", "format=json"))
                # What the note was before, and the note deleted unrevealed: never.
                corpus.assert_absent(history, what="of Ann's private drafting")
                reveals = [f for _, f, _ in corpus.events("notes.reveal")]
                assert reveals and all(n["author"] == ann.participant_id  # named workshop
                                       for f in reveals for n in f["data"]["notes"]), reveals
                # Revealed into the cluster Ann made, it sits in the frame's grid: where
                # the reveal put it is what everyone's board shows.
                placed = {n["id"]: n for f in reveals for n in f["data"]["notes"]}[private]
                assert placed["cluster"] is not None and placed["x"] != moved[0]
                corpus.assert_present("revealed x", str(placed["x"]), kinds=("welcome",))
                assert _ids_in_http(corpus, {deleted}) == []
            # Control: revealed, the note is drawn in the overview too.
            await fac.wait_for(lambda m: m.get("type") == "overview" and any(
                final[:40] in json.dumps(r.get("preview")) for r in m["rooms"]),
                what="the revealed note in the overview")

    run(scenario(), timeout=120)


# hidden votes


def _exported(corpus: Corpus, source: str) -> list[Item]:
    """The exports from `source` that answered with a file (a participant asking for the
    workshop's report is refused: that answer is searched as any other, but holds no
    file to read)."""
    return [i for i in corpus.of("http", source)
            if not (isinstance(i.value, dict) and "error" in i.value)]


def _hidden_vote_findings(corpus: Corpus, viewer: str, own_votes: set[str],
                          voted: set[str], tally_hidden: bool = True) -> list[str]:
    """What in `corpus` tells `viewer` where someone else's hidden vote went: a vote
    event of another voter with data or an actor, or naming a voted note; a
    `my_votes` that is not the viewer's own; and while `tally_hidden`, any tally
    (live, welcome, snapshot) and any count in an export."""
    out = []
    for source, frame, raw in corpus.events("vote.add", "vote.remove"):
        if frame["actor"] == viewer:
            continue  # the viewer's own vote
        if frame["data"] != {} or frame["actor"] is not None:
            out.append(f"{source}: another's vote {raw[:300]}")
        out += [f"{source}: voted note {note} in {raw[:300]}" for note in voted if note in raw]
    for source, d in corpus.dicts():
        if isinstance(d.get("my_votes"), dict) and set(d["my_votes"]) - own_votes:
            out.append(f"{source}: my_votes {d['my_votes']}")
        if tally_hidden and d.get("tally") is not None:
            out.append(f"{source}: tally {d['tally']}")
    if tally_hidden:
        out += preview_votes(corpus)
    if tally_hidden:
        for item in _exported(corpus, "format=json"):
            # A room's export is one board; the workshop's report holds every room's.
            boards = item.value["rooms"] if "/api/workshops/" in item.source else [item.value]
            for doc in boards:
                counts = [doc["voting"]["total"]] + [c["votes"] for c in doc["clusters"]]
                counts += [c["rank"] for c in doc["clusters"]]
                counts += [n[k] for c in doc["clusters"] for n in c["notes"]
                           for k in ("votes", "rank")]
                counts += [n[k] for n in doc["ungrouped"] for k in ("votes", "rank")]
                if any(n is not None for n in counts):
                    out.append(f"{item.source}: counts {counts}")
        for item in _exported(corpus, "format=csv"):
            rows = list(csv.DictReader(io.StringIO(item.body.removeprefix("\ufeff"))))
            if any(row["votes"] for row in rows) or not rows:
                out.append(f"{item.source}: votes column {[r['votes'] for r in rows]}")
        for item in _exported(corpus, "format=md"):
            if VOTES_HIDDEN_MD not in item.text or " cast." in item.text:
                out.append(f"{item.source}: vote totals shown")
    return out


def _tally(voting: Message) -> dict[str, int]:
    return {k: v for k, v in (voting["tally"] or {}).items() if v}


def test_hidden_votes_census(server: ServerProcess, api: Api) -> None:
    ws = api.workshop(authors="named")
    ann = api.member(ws, "Annabel Voter", "NGO")
    bob = api.member(ws, "Bob Onlooker", "City")
    wall = api.member(ws, "Census wall", role="wall")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ann.token, label="ann") as a, \
                connect(server.ws, bob.token, label="bob") as b, \
                connect(server.ws, wall.token, label="wall") as w:
            await fac.send({"type": "overview.watch"})
            notes = [await _note(fac, text=f"Option {i}") for i in range(4)]
            await fac.ack("agenda.set", {"rounds": [
                {"title": "Dot vote", "seconds": 0,
                 "voting": {"budget": 3, "max_per_note": 2, "hidden": True}}]})
            await fac.ack("round.start", {})
            for op, note in (("vote.add", 1), ("vote.add", 1), ("vote.add", 2),
                             ("vote.remove", 2), ("vote.add", 3)):
                await a.ack(op, {"note": notes[note]})
            await b.ack("vote.add", {"note": notes[0]})
            await fac.ack("snapshot.save", {"name": "Midway"})  # caught open: null for good
            end = await fac.ack("round.end", {})  # closes the vote, snapshot "After: Dot vote"
            await _settle([fac, a, b, w], end)
            await fac.wait_for(lambda m: m.get("type") == "overview" and any(
                r["votes"] == 4 for r in m["rooms"]), what="the overview counting the votes")
            voted = {notes[1], notes[2], notes[3]}  # where Ann's votes went (and one came back)
            expected = {notes[0]: 1, notes[1]: 2, notes[3]: 1}
            viewers = ((bob, b, {notes[0]}), (wall, w, set()), (ws.facilitator, fac, set()))

            # The census, before the reveal: facilitators included.
            for member, client, own_votes in viewers:
                corpus = await gather(Corpus(member.name), ws_url=server.ws, api=api,
                                      workshop=ws, member=member, live=[(client, 0)])
                assert corpus.kinds() == {"live", "replay", "welcome", "http"}
                assert len(list(corpus.events("vote.add", "vote.remove"))) >= 2 * 6
                assert _hidden_vote_findings(corpus, member.participant_id, own_votes,
                                             voted) == [], member.name
                if member is ws.facilitator:
                    snaps = [d for _, d in corpus.dicts(source="GET /api/snapshots/")
                             if "state" in d]
                    assert len(snaps) == 2 and all(s["state"]["voting"]["tally"] is None
                                                   for s in snaps), snaps

            # Control: the voter's own frames say where her votes went; the same
            # search over them, as if Bob had received them, finds it.
            own = Corpus("Ann")
            own.add_frames("live ann", "live", a)
            found = _hidden_vote_findings(own, bob.participant_id, {notes[0]}, voted)
            assert any("voted note" in f for f in found), found
            assert any("my_votes" in f for f in found), found

            # The reveal: the tally shows everywhere; the ballots stay secret.
            marks = {c: c.mark() for c in (fac, b, w)}
            reveal = await fac.ack("voting.reveal", {})
            await _settle([fac, a, b, w], reveal)
            for member, client, own_votes in viewers:
                await client.wait_type("welcome", start=marks[client], what="a fresh welcome")
                corpus = await gather(Corpus(f"{member.name} after the reveal"),
                                      ws_url=server.ws, api=api, workshop=ws, member=member,
                                      live=[(client, 0)])
                assert _hidden_vote_findings(corpus, member.participant_id, own_votes, voted,
                                             tally_hidden=False) == [], member.name
                # Control: the tally search finds the revealed tally in every source.
                parts = [corpus.only(kind) for kind in ("live", "replay", "welcome")]
                parts += [corpus.only(source=f"format={fmt}") for fmt in ("md", "csv", "json")]
                if member is ws.facilitator:
                    parts.append(corpus.only(source="GET /api/snapshots/"))
                    parts.append(Corpus("the overview", overview_items(corpus)))
                for part in parts:
                    assert _hidden_vote_findings(part, member.participant_id, own_votes,
                                                 voted), part.viewer
                live = [f for _, f, _ in corpus.events("voting.reveal")]
                assert live and all(_tally(f["data"]) == expected for f in live), live
                welcome = [f for _, f, _ in corpus.frames("welcome") if f["state"]][-1]
                assert _tally(welcome["state"]["voting"]) == expected, welcome
                doc = [i.value for i in corpus.of("http", "format=json")][0]
                assert doc["voting"]["total"] == 4, doc["voting"]
                if member is ws.facilitator:
                    snaps = {d["name"]: d for _, d in corpus.dicts(source="GET /api/snapshots/")
                             if "state" in d}
                    assert _tally(snaps["After: Dot vote"]["state"]["voting"]) == expected
                    assert snaps["Midway"]["state"]["voting"]["tally"] is None, snaps["Midway"]

    run(scenario(), timeout=120)


# author display and facilitator_sees_authors

# (authors, facilitator_sees_authors, created with it or switched to it from `named`)
AUTHOR_CASES = [
    pytest.param("group", True, False, id="group-created"),
    pytest.param("hidden", False, False, id="hidden-created-facilitator-blind"),
    pytest.param("hidden", True, True, id="hidden-switched"),
    pytest.param("group", False, True, id="group-switched-facilitator-blind"),
]


async def _author_activity(a: Client, b: Client, fac: Client) -> tuple[list[str], str]:
    """Ann writes, edits, moves, groups, deletes, drags and points, in the open and in a
    private round; a facilitator edits and Bob moves her notes. Returns her note ids
    and the one she dragged."""
    ids = [await _note(a, text=f"Ann's idea {i}", x=i, y=i) for i in range(3)]
    await a.ack("note.edit", {"id": ids[0], "text": "Ann's idea 0, edited"})
    await a.ack("note.move", {"id": ids[1], "x": 30, "y": 40})
    cluster = (await fac.event(await fac.ack("cluster.add", {"title": "Mobility"})))["data"]
    await a.ack("note.group", {"id": ids[0], "cluster": cluster["id"]})
    await a.ack("note.delete", {"id": ids.pop()})
    await fac.ack("note.edit", {"id": ids[1], "color": "blue"})
    await b.ack("note.move", {"id": ids[1], "x": 50, "y": 60})
    await a.send({"type": "cursor", "x": 31, "y": 41})
    await a.send({"type": "drag", "id": ids[1], "x": 51, "y": 61})
    await fac.ack("agenda.set", {"rounds": [{"title": "Quiet", "private": True}]})
    await fac.ack("round.start", {})
    ids.append(await _note(a, text="Ann's quiet idea"))
    await a.ack("note.move", {"id": ids[-1], "x": 70, "y": 80})
    await fac.ack("snapshot.save", {"name": "In the quiet"})
    await fac.ack("round.end", {})
    return ids, ids[1]


@pytest.mark.parametrize(("mode", "facilitator_sees", "switched"), AUTHOR_CASES)
def test_author_display_census(server: ServerProcess, api: Api, mode: str,
                               facilitator_sees: bool, switched: bool) -> None:
    setting = {"authors": mode, "facilitator_sees_authors": facilitator_sees}
    ws: Workshop = api.workshop(groups=["City", "NGO"],
                                **({"authors": "named"} if switched else setting))
    ann = api.member(ws, "Annelise Quartermaine", "NGO")
    bob = api.member(ws, "Bob Onlooker", "City")
    wall = api.member(ws, "Census wall", role="wall")
    for name in ("Nia", "Ned"):  # three in NGO: shown by group, it is named
        api.member(ws, name, "NGO")
    label = "a participant from NGO"  # what a report shows for Ann in `group` mode

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ann.token, label="ann") as a, \
                connect(server.ws, bob.token, label="bob") as b, \
                connect(server.ws, wall.token, label="wall") as w:
            await fac.send({"type": "overview.watch"})
            ids: list[str] = []
            if switched:
                # Named for now: Bob sees it is Ann's, legitimately, until the switch.
                ids.append(await _note(a, text="Ann's named-era idea"))
                last = await fac.ack("snapshot.save", {"name": "Named era"})
                await _settle([fac, a, b, w], last)
            marks = {c: c.mark() for c in (fac, b, w)}
            if switched:
                seq = await fac.ack("workshop.settings", setting)
                for c in (fac, b, w):
                    await c.event(seq)
                    await c.wait_type("welcome", start=marks[c], what="a fresh welcome")
            start = {c: c.mark() for c in (fac, b, w)}
            more, dragged = await _author_activity(a, b, fac)
            ids += more
            last = await fac.ack("announce", {"text": "Thank you"})
            await _settle([fac, a, b, w], last)
            for c in (fac, b, w):
                await c.wait_type("cursor", start=start[c])
                await c.wait_type("drag", start=start[c], id=dragged)

            blind = [(bob, b), (wall, w)] + ([] if facilitator_sees else [(ws.facilitator, fac)])
            for member, client in blind:
                corpus = await gather(Corpus(member.name), ws_url=server.ws, api=api,
                                      workshop=ws, member=member, live=[(client, marks[client])])
                assert corpus.kinds() == {"live", "replay", "welcome", "http"}
                assert len([d for _, d in corpus.dicts() if "author" in d]) >= 10
                findings = author_links(corpus, ann.participant_id) + volatile_actors(corpus)
                assert findings == [], (member.name, findings)
                # Ann only writes here: outside presence (a room's, or the overview's
                # list of who is connected where) and the participant list her id and
                # name have no place at all.
                unlinked = [i for i in corpus.items
                            if "/participants" not in i.source
                            and not (isinstance(i.value, dict)
                                     and i.value.get("type") in ("presence", "overview"))]
                corpus.assert_absent({"Ann's id": ann.participant_id, "Ann's name": ann.name},
                                     items=unlinked, what="outside presence")
                groups = [d.get("author_group") for _, d in corpus.dicts() if "author" in d
                          and d.get("id") in ids]
                exports = corpus.of("http", "/export")
                if mode == "hidden":
                    assert all(g is None for g in groups), (member.name, groups)
                    corpus.assert_absent({"Ann's group label": label}, items=exports)
                else:
                    assert groups and all(g == "NGO" for g in groups), (member.name, groups)
                    corpus.assert_present("group label", label,
                                          sources=("format=md", "format=csv", "format=json"))
                if member is ws.facilitator:
                    snaps = [d for _, d in corpus.dicts(source="GET /api/snapshots/")
                             if "state" in d]
                    assert len(snaps) == 2 + switched, snaps
                    assert all(n["author"] is None for s in snaps for n in s["state"]["notes"])

            # Controls: Ann's own frames, and a facilitator who may see authors, link her
            # to her notes in every kind of source the census searched.
            own = Corpus("Ann")
            own.add_frames("live ann", "live", a)
            assert author_links(own, ann.participant_id)
            if facilitator_sees:
                seen = await gather(Corpus("facilitator"), ws_url=server.ws, api=api,
                                    workshop=ws, member=ws.facilitator, live=[(fac, 0)])
                parts = [seen.only(kind) for kind in ("live", "replay", "welcome")]
                parts += [seen.only(source=s) for s in ("format=json", "GET /api/snapshots/")]
                for part in parts:
                    assert author_links(part, ann.participant_id), part.viewer

            # Back to names: the same searches over Bob's corpus now find Ann.
            mark = b.mark()
            seq = await fac.ack("workshop.settings", {"authors": "named"})
            await b.event(seq)
            await b.wait_type("welcome", start=mark, what="a fresh welcome")
            await a.send({"type": "cursor", "x": 1, "y": 2})
            await b.wait_type("cursor", start=mark, actor=ann.participant_id)
            named = await gather(Corpus("Bob, names shown"), ws_url=server.ws, api=api,
                                 workshop=ws, member=bob, live=[(b, mark)])
            assert author_links(named, ann.participant_id)
            assert volatile_actors(named)
            named.assert_present("Ann's name", ann.name, sources=("format=md", "format=csv",
                                                                  "format=json"))

    run(scenario(), timeout=120)


def test_dropping_ones_note_on_another_names_no_author(server: ServerProcess,
                                                      api: Api) -> None:
    """The web client's drop of a note onto another (`canvas-input.js`) sends a drag,
    then `cluster.add` with both notes. With authors hidden the drag carries no
    actor ("it would tell whose note it probably is"), and `note.group` hides its
    actor too; the `cluster.add` that ends the same gesture must not name Ann
    either, to Bob or to a facilitator who does not see authors."""
    ws = api.workshop(groups=["City", "NGO"], authors="hidden",
                      facilitator_sees_authors=False)
    ann = api.member(ws, "Annelise Quartermaine", "NGO")
    bob = api.member(ws, "Bob Onlooker", "City")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ann.token, label="ann") as a, \
                connect(server.ws, bob.token, label="bob") as b:
            ids = [await _note(a, text=f"Ann's idea {i}", x=10 * i, y=0) for i in range(2)]
            await a.send({"type": "drag", "id": ids[1], "x": 1, "y": 1})
            last = await a.ack("cluster.add", {"title": "Together", "notes": ids,
                                               "x": -18, "y": -52})
            await _settle([fac, a, b], last)
            for member, client in ((bob, b), (ws.facilitator, fac)):
                corpus = await gather(Corpus(member.name), ws_url=server.ws, api=api,
                                      workshop=ws, member=member, live=[(client, 0)])
                assert author_links(corpus, ann.participant_id) + volatile_actors(corpus) == []
                links = [f"{source}: {raw[:300]}" for source, frame, raw in corpus.events()
                         if frame.get("actor") == ann.participant_id
                         and any(i in raw for i in ids)]
                assert links == [], (member.name, "Ann named as the one who grouped her "
                                     "own notes", links)

    run(scenario(), timeout=60)


def test_the_census_reads_every_route_a_member_may_call(server: ServerProcess,
                                                        api: Api) -> None:
    """The census's own check: `gather` reaches every HTTP route of the app that
    answers a member (so a route added later is not silently left out)."""
    from cocreate.app import ROUTES

    ws = api.workshop()
    bob = api.member(ws, "Bob Onlooker", "City")

    async def scenario() -> Corpus:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac:
            await fac.ack("snapshot.save", {"name": "One"})
        r = api.http.post(f"/api/workshops/{ws.id}/followup", json={},
                          headers={"Authorization": f"Bearer {ws.facilitator.token}"})
        assert r.status_code == 201, r.text
        return await gather(Corpus("bob"), ws_url=server.ws, api=api, workshop=ws, member=bob,
                            followup=r.json()["token"])

    corpus = run(scenario(), timeout=60)
    asked = {item.source for item in corpus.of("http")}
    templates = {getattr(r, "path", "") for r in ROUTES if "GET" in (getattr(r, "methods", None)
                                                                      or ())}
    # Organisers' routes answer an organiser's session cookie alone, never a member's
    # token (tests/integration/test_security_organisers.py and the authorisation matrix).
    for template in (t for t in templates if not t.startswith("/api/organiser")):
        prefix = template.split("{", 1)[0]
        suffix = template.rsplit("}", 1)[-1] if "}" in template else ""
        assert any(s.startswith(f"GET {prefix}") and (not suffix or suffix in s)
                   for s in asked), (template, sorted(asked))
    assert json.loads(corpus.of("http", "/api/workshops/")[0].body)["id"] == ws.id
