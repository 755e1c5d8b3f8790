"""The next event of a series carries the open actions (not the done or dropped
ones), its agenda starts by reviewing them, and the series page shows what became
of each action in each event, also after the first event is purged. A follow-up
link shows the actions without a person's name, and stops working when revoked."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from cocreate.store.engine import make_engine
from cocreate.store.tables import (
    ACCEPTED_REF,
    ACTION,
    CLUSTER,
    EVENT_LOG,
    NOTE,
    PARTICIPANT,
    ROOM,
    SNAPSHOT,
    VOTE,
    WORKSHOP,
)
from support.api import Api, Workshop, assert_error
from support.server import ServerProcess
from support.ws import connect, run

BOUNDARIES = ["Budget 2027 is fixed", "No new staff"]


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _first_event(server: ServerProcess, api: Api) -> tuple[Workshop, dict[str, str]]:
    """A workshop (in German) with four actions: two open, one done, one dropped."""
    w = api.workshop(title="Parks 1", challenge="Greener parks", constraints=BOUNDARIES,
                     language="de")
    ngo = api.member(w, "Nadia Secretname", "NGO")
    ids: dict[str, str] = {}

    async def scenario() -> None:
        async with connect(server.ws, w.facilitator.token) as fac, \
                connect(server.ws, ngo.token) as part:
            for title, status in (("Benches", "in_progress"), ("Trees", "agreed"),
                                  ("Fountain", "done"), ("Kiosk", "dropped")):
                seq = await fac.ack("action.add", {"title": title, "owner_group": "City",
                                                   "parties": ["NGO"], "due": "2027-05-01"})
                ids[title] = (await fac.event(seq))["data"]["id"]
                await fac.ack("action.update", {"id": ids[title], "status": status})
            await fac.ack("action.progress", {"id": ids["Benches"],
                                               "text": "Ordered 12 benches", "percent": 60})
            await part.ack("action.commit", {"id": ids["Benches"]})
    run(scenario(), timeout=60)
    return w, ids


def _next_event(api: Api, previous: Workshop, **body: Any) -> dict[str, Any]:
    r = api.http.post("/api/workshops", json={"series_of": previous.id, **body},
                      headers=_bearer(previous.facilitator.token))
    assert r.status_code == 201, r.text
    made: dict[str, Any] = r.json()
    return made


def test_the_next_event_carries_open_actions_and_the_series_page_follows(
        server: ServerProcess, api: Api, database_url: str) -> None:
    first, ids = _first_event(server, api)
    outsider = api.workshop(title="Elsewhere")
    pat = api.member(first, "Pat", "NGO")
    # Who may create the next event: the previous event's facilitator only.
    body = {"series_of": first.id, "title": "Parks 2"}
    for headers, status, code in ((_bearer(pat.token), 403, "forbidden"),
                                  (_bearer(outsider.facilitator.token), 403, "forbidden"),
                                  ({}, 401, "unauthorized")):
        assert_error(api.http.post("/api/workshops", json=body, headers=headers), status, code)
    assert_error(api.http.post("/api/workshops", json={**body, "series_of": "0" * 32},
                               headers=_bearer(first.facilitator.token)), 404, "not_found")

    made = _next_event(api, first, title="Parks 2")
    second = made["workshop"]
    # Settings the body did not give come from the first event.
    assert second["title"] == "Parks 2" and second["challenge"] == "Greener parks"
    assert second["constraints"] == BOUNDARIES and second["language"] == "de"
    assert second["groups"] == ["City", "NGO", "Business"]
    token = made["facilitator"]["token"]

    async def look_and_change() -> dict[str, Any]:
        async with connect(server.ws, token) as fac:
            welcome = fac.welcome
            assert welcome is not None
            agenda = welcome["state"]["agenda"]
            carried = {a["title"]: a for a in welcome["actions"]}
            benches = carried["Benches"]
            await fac.ack("action.update", {"id": benches["id"], "status": "done"})
            return {"agenda": agenda, "carried": carried}
    seen = run(look_and_change(), timeout=60)
    assert [r["title"] for r in seen["agenda"]] == ["Offene Maßnahmen überprüfen"]
    carried = seen["carried"]
    assert sorted(carried) == ["Benches", "Trees"]
    benches = carried["Benches"]
    assert benches["series_action"] == ids["Benches"] and benches["id"] != ids["Benches"]
    assert (benches["status"], benches["percent"], benches["due"]) == ("in_progress", 60,
                                                                     "2027-05-01")
    assert [c["group"] for c in benches["commits"]] == ["NGO"]
    assert [p["text"] for p in benches["progress"]] == ["Ordered 12 benches",
                                                        "Übernommen aus Parks 1"]
    assert all(p["name"] is None for p in benches["progress"])

    series_id = made["series_id"]
    page = api.get(f"/api/series/{series_id}", token=first.facilitator.token)
    assert page.status_code == 200, page.text
    data = page.json()
    assert [e["title"] for e in data["events"]] == ["Parks 1", "Parks 2"]
    assert all(e["status"] == "open" for e in data["events"])
    by_title = {a["title"]: a for a in data["actions"]}
    assert by_title["Benches"]["events"][first.id]["status"] == "in_progress"
    assert by_title["Benches"]["events"][second["id"]]["status"] == "done"
    assert set(by_title["Fountain"]["events"]) == {first.id}
    assert "Nadia" not in page.text and "Fran" not in page.text
    assert_error(api.get(f"/api/series/{series_id}", token=outsider.facilitator.token),
                 403, "forbidden")
    assert_error(api.get(f"/api/series/{series_id}", token=pat.token), 403, "forbidden")

    _purge(database_url, first.id)
    page = api.get(f"/api/series/{series_id}", token=token)
    assert page.status_code == 200, page.text
    data = page.json()
    assert [e["title"] for e in data["events"]] == ["Parks 2"]
    assert sorted(a["title"] for a in data["actions"]) == ["Benches", "Trees"]
    # The third event follows on from the second, in the same series: only Trees is open.
    r = api.http.post("/api/workshops", json={"series_of": second["id"]},
                      headers=_bearer(token))
    assert r.status_code == 201, r.text
    third = r.json()
    assert third["series_id"] == series_id
    data = api.get(f"/api/series/{series_id}", token=token).json()
    in_events = {a["title"]: set(a["events"]) for a in data["actions"]}
    assert in_events == {"Benches": {second["id"]},
                         "Trees": {second["id"], third["workshop"]["id"]}}


def _purge(database_url: str, workshop_id: str) -> None:
    """Every row of the workshop, as deleting a workshop does."""
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            rooms = [r.id for r in conn.execute(select(ROOM.c.id)
                                                .where(ROOM.c.workshop_id == workshop_id))]
            people = [p.id for p in conn.execute(
                select(PARTICIPANT.c.id).where(PARTICIPANT.c.workshop_id == workshop_id))]
            for table in (NOTE, CLUSTER, VOTE, SNAPSHOT, EVENT_LOG):
                conn.execute(delete(table).where(table.c.room_id.in_(rooms)))
            conn.execute(delete(ACCEPTED_REF).where(ACCEPTED_REF.c.participant_id.in_(people)))
            conn.execute(delete(ACTION).where(ACTION.c.workshop_id == workshop_id))
            conn.execute(delete(PARTICIPANT).where(PARTICIPANT.c.workshop_id == workshop_id))
            conn.execute(delete(ROOM).where(ROOM.c.workshop_id == workshop_id))
            conn.execute(delete(WORKSHOP).where(WORKSHOP.c.id == workshop_id))
    finally:
        engine.dispose()


def test_the_followup_link_shows_actions_without_names_until_revoked(
        server: ServerProcess, api: Api) -> None:
    w, _ids = _first_event(server, api)
    pat = api.member(w, "Pat Participant", "NGO")
    url = f"/api/workshops/{w.id}/followup"
    assert_error(api.http.post(url, json={}, headers=_bearer(pat.token)), 403, "forbidden")
    r = api.http.post(url, json={}, headers=_bearer(w.facilitator.token))
    assert r.status_code == 201, r.text
    link = r.json()
    assert link["url"].endswith(f"/followup.html#{link['token']}")
    shown = api.get(f"/api/followup/{link['token']}")
    assert shown.status_code == 200, shown.text
    data = shown.json()
    assert data["workshop"]["title"] == "Parks 1"
    assert data["workshop"]["challenge"] == "Greener parks"
    assert [b["text"] for b in data["boundaries"]] == BOUNDARIES
    benches = next(a for a in data["actions"] if a["title"] == "Benches")
    assert benches["parties"] == ["City", "NGO"] and benches["due"] == "2027-05-01"
    assert [c["group"] for c in benches["commits"]] == ["NGO"]
    assert [p["text"] for p in benches["progress"]] == ["Ordered 12 benches"]
    for name in ("Nadia", "Secretname", "Fran", "Pat", "participant"):
        assert name not in shown.text, name
    # Re-issuing replaces the link; revoking ends it.
    again = api.http.post(url, json={}, headers=_bearer(w.facilitator.token)).json()
    assert_error(api.get(f"/api/followup/{link['token']}"), 404, "not_found")
    assert api.get(f"/api/followup/{again['token']}").status_code == 200
    assert_error(api.http.delete(url, headers=_bearer(pat.token)), 403, "forbidden")
    assert api.http.delete(url, headers=_bearer(w.facilitator.token)).status_code == 204
    assert_error(api.get(f"/api/followup/{again['token']}"), 404, "not_found")
