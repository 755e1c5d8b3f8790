"""The hackathon's jury on the wire, over two server processes: jurors join (when
the facilitator lets them) or are made jurors, score pitches in secret, the
facilitator sees "k of n", and nothing of a score reaches any frame before
`jury.close`; the close ranks by the weighted means (a hand calculation) and
the winners become actions with their team's groups as parties."""

from __future__ import annotations

import pytest

from support.api import Api, assert_error
from support.server import ServerProcess, open_client
from support.ws import run

pytestmark = pytest.mark.redis

GROUPS = ["Public administration", "NGO", "Business"]
CRITERIA = [{"name": "impact", "weight": 40}, {"name": "feasibility", "weight": 30},
            {"name": "collaboration", "weight": 30}]
# Digits no other frame is likely to carry next to a criterion's name.
BUS = {"j1": {"impact": 5, "feasibility": 3, "collaboration": 4},
       "j2": {"impact": 4, "feasibility": 4, "collaboration": 2}}
SHOP = {"j1": {"impact": 2, "feasibility": 5, "collaboration": 3},
        "j2": {"impact": 3, "feasibility": 5, "collaboration": 3}}


def _leaks(raw: list[str]) -> list[str]:
    """Frames that carry a score or a mean: a `means` key, a criterion's score."""
    return [f for f in raw if '"means"' in f or any(
        f'"{name}":{n}' in f.replace(" ", "") for name in ("impact", "feasibility",
                                                           "collaboration")
        for n in range(1, 6))]


def test_scores_stay_secret_until_the_close_then_rank_by_weighted_means(
        two: list[ServerProcess]) -> None:
    with Api(two[0].http) as api:
        ws = api.workshop(groups=GROUPS)
        ann = api.member(ws, "Ann", GROUPS[0])
        nia = api.member(ws, "Nia", GROUPS[1])
        bo = api.member(ws, "Bo", GROUPS[2])
        cy = api.member(ws, "Cy", GROUPS[0])
        jo = api.member(ws, "Jo")  # becomes a juror
        # Jurors join by the join code only once the facilitator allows it.
        assert_error(api.join(ws.join_code, "Judy", role="juror"), 403, "forbidden")

    async def scenario() -> None:
        fac = await open_client(two[0], ws.facilitator.token, "fac")
        await fac.ack("workshop.settings", {"jurors_join": True})
        with Api(two[0].http) as api:
            judy = api.member(ws, "Judy", role="juror")
        with Api(two[1].http) as api:
            wall_member = api.member(ws, "Wall", role="wall")
        await fac.ack("jury.criteria", {"criteria": CRITERIA})
        await fac.ack("hackathon.phase", {"phase": "pitch"})
        holders = {m.name: await open_client(two[0], m.token, m.name) for m in (ann, bo)}
        joiners = {m.name: await open_client(two[1], m.token, m.name) for m in (nia, cy)}
        bus = (await holders["Ann"].event(await holders["Ann"].ack(
            "pitch.add", {"title": "Village bus", "text": "A bus"})))["data"]["pitch"]
        shop = (await holders["Bo"].event(await holders["Bo"].ack(
            "pitch.add", {"title": "Shop on wheels", "text": "A shop"})))["data"]["pitch"]
        await fac.ack("hackathon.phase", {"phase": "teams"})
        await joiners["Nia"].ack("team.join", {"pitch": bus["id"]})
        await joiners["Cy"].ack("team.join", {"pitch": shop["id"]})
        # A team member cannot be a juror; someone in no team can.
        await fac.refused("participant.role", {"participant": nia.participant_id,
                                               "role": "juror"}, "invalid")
        jo_client = await open_client(two[1], jo.token, "Jo")
        mark = jo_client.mark()
        await fac.ack("participant.role", {"participant": jo.participant_id, "role": "juror"})
        moved = await jo_client.wait_type("moved", start=mark)
        assert moved["room"] == ws.plenary_room_id
        await jo_client.close()
        j1 = await open_client(two[1], jo.token, "juror-1")
        j2 = await open_client(two[0], judy.token, "juror-2")
        assert j1.welcome is not None and j1.welcome["hackathon"]["jury"]["jurors"] == 2
        wall = await open_client(two[1], wall_member.token, "wall")
        await fac.ack("hackathon.phase", {"phase": "jury"})
        # Only a juror scores; a participant or facilitator is refused.
        await holders["Ann"].refused("jury.score", {"pitch": shop["id"],
                                                    "scores": {"impact": 5}}, "forbidden")
        await fac.refused("jury.score", {"pitch": shop["id"], "scores": {"impact": 5}},
                          "forbidden")
        await j1.refused("jury.score", {"pitch": bus["id"], "scores": {"impact": 9}}, "invalid")
        await j1.refused("note.add", {"text": "Judging"}, "forbidden")
        for juror, key in ((j1, "j1"), (j2, "j2")):
            await juror.ack("jury.score", {"pitch": bus["id"], "scores": {"impact": 1}})
            await juror.ack("jury.score", {"pitch": bus["id"], "scores": BUS[key]})  # changed
            await juror.ack("jury.score", {"pitch": shop["id"], "scores": SHOP[key]})
        look = await open_client(two[1], ws.facilitator.token, "fac-2")
        assert look.welcome is not None
        jury = look.welcome["hackathon"]["jury"]
        assert jury["scored"] == {bus["id"]: 2, shop["id"]: 2} and jury["jurors"] == 2
        assert jury["result"] is None and jury["closed"] is False
        # A juror's own scores come back to them alone.
        again = await open_client(two[0], judy.token, "juror-2-again")
        assert again.welcome is not None
        assert again.welcome["hackathon"]["mine"]["scores"] == {bus["id"]: BUS["j2"],
                                                                shop["id"]: SHOP["j2"]}
        everyone = [fac, look, wall, *holders.values(), *joiners.values()]
        for c in everyone:
            await c.ping()
        for c in everyone:
            assert not _leaks(c.raw), (c.label, _leaks(c.raw)[:1])
        # Each juror's frames carry their own scores only (their welcome), never the other's.
        assert not [f for f in j1.raw if '"collaboration":2' in f.replace(" ", "")]
        with Api(two[0].http) as api:
            refused = api.get(f"/api/workshops/{ws.id}/export", ws.facilitator.token,
                              params={"format": "archive"})
            assert "secret" in assert_error(refused, 403, "forbidden")["error"]["message"]
            report = api.get(f"/api/workshops/{ws.id}/export", ws.facilitator.token,
                             params={"format": "json"}).json()["hackathon"]
            assert report["jury_detail"] is None
            assert all(p["jury"] is None for p in report["pitches"])

        mark = wall.mark()
        seq = await fac.ack("jury.close", {"winners": 1})
        closed = (await wall.event(seq))["data"]
        # bus: (40*4.5 + 30*3.5 + 30*3) / 100 = 3.75; shop: (40*2.5 + 30*5 + 30*3) / 100 = 3.4
        ranked = [(r["title"], round(r["score"], 6), r["rank"]) for r in closed["result"]]
        assert ranked == [("Village bus", 3.75, 1), ("Shop on wheels", 3.4, 2)]
        assert closed["result"][0]["means"] == {"impact": 4.5, "feasibility": 3.5,
                                                "collaboration": 3.0}
        (action,) = closed["actions"]
        assert action["title"] == "Village bus" and action["source"] == {"pitch": bus["id"]}
        assert action["owner_group"] == GROUPS[0] and action["parties"] == GROUPS[:2]
        await j1.refused("jury.score", {"pitch": bus["id"], "scores": {"impact": 1}},
                         "invalid")
        with Api(two[1].http) as api:
            md = api.get(f"/api/workshops/{ws.id}/export", ws.facilitator.token,
                         params={"format": "md"}).text
            report = api.get(f"/api/workshops/{ws.id}/export", ws.facilitator.token,
                             params={"format": "json"}).json()["hackathon"]
        assert "### Rank 1: Village bus" in md and "### Rank 2: Shop on wheels" in md
        assert "- Team: Public administration: Ann; NGO: Nia" in md
        assert "- Jury: 3.75 (rank 1, 2 jurors; impact 4.50, feasibility 3.50, " \
               "collaboration 3.00)" in md
        assert "| Judy | Village bus | 4 | 4 | 2 |" in md  # per juror, after the close
        assert sorted((r["juror"], r["title"]) for r in report["jury_detail"]) == [
            ("Jo", "Shop on wheels"), ("Jo", "Village bus"),
            ("Judy", "Shop on wheels"), ("Judy", "Village bus")]
        late = await open_client(two[1], ann.token, "late")
        assert late.welcome is not None
        assert [a["title"] for a in late.welcome["actions"]] == ["Village bus"]
        assert late.welcome["hackathon"]["jury"]["result"][0]["score"] == pytest.approx(3.75)
        for c in (*everyone, j1, j2, again, late):
            await c.close()

    run(scenario(), timeout=120)


def test_a_juror_made_participant_again_takes_their_scores_along(
        two: list[ServerProcess]) -> None:
    with Api(two[0].http) as api:
        ws = api.workshop(groups=GROUPS)
        ann = api.member(ws, "Ann", GROUPS[0])
        jo = api.member(ws, "Jo")

    async def scenario() -> None:
        fac = await open_client(two[0], ws.facilitator.token, "fac")
        await fac.ack("jury.criteria", {"criteria": CRITERIA})
        await fac.ack("hackathon.phase", {"phase": "pitch"})
        a = await open_client(two[0], ann.token, "Ann")
        pitch = (await a.event(await a.ack("pitch.add", {"title": "Bus", "text": "A bus"}))
                 )["data"]["pitch"]
        await fac.ack("participant.role", {"participant": jo.participant_id, "role": "juror"})
        await fac.ack("hackathon.phase", {"phase": "jury"})
        juror = await open_client(two[1], jo.token, "juror")
        await juror.ack("jury.score", {"pitch": pitch["id"], "scores": {"impact": 4}})
        seq = await fac.ack("participant.role", {"participant": jo.participant_id,
                                                 "role": "participant"})
        assert (await fac.event(seq))["data"]["scored"] == {}
        closed = (await fac.event(await fac.ack("jury.close", {})))["data"]
        assert closed["result"][0]["score"] is None and closed["actions"] == []
        for c in (fac, a, juror):
            await c.close()

    run(scenario(), timeout=60)
