"""The leak census of a hidden matrix vote: until the reveal, nobody but the voter
learns which note anyone scored or how, facilitators and walls included, in any
byte they can receive (live frames, a replay, a welcome, the overview, every
export and snapshot; `support.census`). After the reveal the means show
everywhere and the ballots stay secret. Each check has a control that finds
the secret where someone may see it.
"""

from __future__ import annotations

import json

from support.api import Api
from support.census import Corpus, gather, hidden_score_findings
from support.server import ServerProcess
from support.ws import Client, connect, run

CRITERIA = ["Impact", "Feasibility"]


async def _note(client: Client, text: str) -> str:
    seq = await client.ack("note.add", {"text": text})
    return str((await client.event(seq))["data"]["id"])


async def _settle(clients: list[Client], seq: int) -> None:
    for client in clients:
        await client.event(seq)
        await client.ping()


def _scores(impact: int, feasibility: int) -> dict[str, int]:
    return {"Impact": impact, "Feasibility": feasibility}


def test_hidden_matrix_scores_census(server: ServerProcess, api: Api) -> None:
    ws = api.workshop(authors="named")
    ann = api.member(ws, "Annabel Scorer", "NGO")
    bob = api.member(ws, "Bob Onlooker", "City")
    wall = api.member(ws, "Census wall", role="wall")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ann.token, label="ann") as a, \
                connect(server.ws, bob.token, label="bob") as b, \
                connect(server.ws, wall.token, label="wall") as w:
            await fac.send({"type": "overview.watch"})
            notes = [await _note(fac, f"Option {i}") for i in range(4)]
            await fac.ack("agenda.set", {"rounds": [
                {"title": "Score", "seconds": 0,
                 "voting": {"kind": "matrix", "criteria": CRITERIA, "hidden": True}}]})
            await fac.ack("round.start", {})
            # Ann scores 1 and 2, scores 1 again (replacing), takes 2 back, scores 3.
            for note, scores in ((1, _scores(5, 1)), (2, _scores(2, 2)), (1, _scores(4, 2)),
                                 (2, None), (3, _scores(1, 5))):
                await a.ack("vote.score", {"note": notes[note], "scores": scores})
            await b.ack("vote.score", {"note": notes[0], "scores": _scores(3, 3)})
            await fac.ack("snapshot.save", {"name": "Midway"})  # caught open: null for good
            end = await fac.ack("round.end", {})  # closes the vote, snapshot "After: Score"
            await _settle([fac, a, b, w], end)
            await fac.wait_for(lambda m: m.get("type") == "overview" and any(
                r["votes"] == 3 for r in m["rooms"]), what="the overview counting the scores")
            scored = {notes[1], notes[2], notes[3]}  # where Ann's scores went (one came back)
            viewers = ((bob, b, {notes[0]}), (wall, w, set()), (ws.facilitator, fac, set()))

            for member, client, own in viewers:
                corpus = await gather(Corpus(member.name), ws_url=server.ws, api=api,
                                      workshop=ws, member=member, live=[(client, 0)])
                assert corpus.kinds() == {"live", "replay", "welcome", "http"}
                assert len(list(corpus.events("vote.score"))) >= 2 * 6
                assert hidden_score_findings(corpus, member.participant_id, own,
                                             scored) == [], member.name
                if member is ws.facilitator:
                    snaps = [d for _, d in corpus.dicts(source="GET /api/snapshots/")
                             if "state" in d]
                    assert len(snaps) == 2 and all(
                        s["state"]["voting"]["results"] is None for s in snaps), snaps

            # Control: Ann's own frames say which notes she scored and how; the same
            # search over them, as if Bob had received them, finds it.
            own_corpus = Corpus("Ann")
            own_corpus.add_frames("live ann", "live", a)
            found = hidden_score_findings(own_corpus, bob.participant_id, {notes[0]}, scored)
            assert any("scored note" in f for f in found), found
            assert any("my_scores" in f for f in found), found

            # The reveal: the means show everywhere; who scored what stays secret.
            marks = {c: c.mark() for c in (fac, b, w)}
            reveal = await fac.ack("voting.reveal", {})
            await _settle([fac, a, b, w], reveal)
            expected = {notes[0]: {"means": {"Impact": 3.0, "Feasibility": 3.0}, "count": 1},
                        notes[1]: {"means": {"Impact": 4.0, "Feasibility": 2.0}, "count": 1},
                        notes[3]: {"means": {"Impact": 1.0, "Feasibility": 5.0}, "count": 1}}
            for member, client, own in viewers:
                await client.wait_type("welcome", start=marks[client], what="a fresh welcome")
                corpus = await gather(Corpus(f"{member.name} after the reveal"),
                                      ws_url=server.ws, api=api, workshop=ws, member=member,
                                      live=[(client, 0)])
                assert hidden_score_findings(corpus, member.participant_id, own, scored,
                                             results_hidden=False) == [], member.name
                parts = [corpus.only(kind) for kind in ("live", "replay", "welcome")]
                parts += [corpus.only(source=f"format={fmt}") for fmt in ("md", "csv", "json")]
                if member is ws.facilitator:
                    parts.append(corpus.only(source="GET /api/snapshots/"))
                for part in parts:  # control: the means are in every source now
                    assert hidden_score_findings(part, member.participant_id, own,
                                                 scored), part.viewer
                welcome = [f for _, f, _ in corpus.frames("welcome") if f["state"]][-1]
                assert welcome["state"]["voting"]["results"] == expected, welcome
                doc = [i.value for i in corpus.of("http", "format=json")][0]
                shown = {n["id"]: n["scores"] for n in doc["ungrouped"] if n["scores"]}
                assert shown == expected, json.dumps(doc)[:2000]
                if member is ws.facilitator:
                    snaps = {d["name"]: d for _, d in corpus.dicts(source="GET /api/snapshots/")
                             if "state" in d}
                    assert snaps["After: Score"]["state"]["voting"]["results"] == expected
                    assert snaps["Midway"]["state"]["voting"]["results"] is None

    run(scenario(), timeout=120)
