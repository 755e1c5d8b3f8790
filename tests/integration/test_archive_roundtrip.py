"""A workshop's archive, exported by its facilitator and imported elsewhere.

- Exported over HTTP and imported with `cocreate import` on a fresh database
  (SQLite; PostgreSQL when COCREATE_TEST_POSTGRES_URL is set), the new
  workshop's every table holds what the old one did, ids mapped through the
  import; codes, tokens and the event log are not compared (they are new).
- The archive carries no token, hash, join code or event of the log.
- Imported over HTTP, the new workshop answers like a created one; its boards
  welcome with the imported notes at seq 0 and the next op is seq 1.
- A wrong version, a shape error or a dangling reference answers 422 naming
  the field and creates nothing; a body above 20 MB answers 413.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import create_engine, func, select

from cocreate.store.tables import (
    ACTION,
    CLUSTER,
    ENCOUNTER,
    NOTE,
    PARTICIPANT,
    ROOM,
    SAVED_TEMPLATE,
    SCORE,
    SNAPSHOT,
    VOTE,
    WORKSHOP,
)
from support.api import Api, assert_error
from support.server import ServerProcess, fresh_sqlite_url
from support.ws import connect, run

# Columns that are new by design on import: codes, tokens, log positions, the owner.
NOT_COMPARED = {"workshop_id", "token_hash", "join_code", "seq", "organiser_id"}
JSON_COLUMNS = {"constraints", "groups", "boundaries", "flags", "challenges", "voting_criteria",
                "agenda", "ready", "parties", "source", "commits", "progress", "state", "rounds"}
BY_ROOM = (NOTE, CLUSTER, VOTE, SCORE, SNAPSHOT)
BY_WORKSHOP = (ROOM, PARTICIPANT, ACTION, SAVED_TEMPLATE, ENCOUNTER)


def _build(server: ServerProcess, api: Api) -> dict[str, Any]:
    """A workshop with a bit of everything: rooms, people (one removed), notes
    (one private, one copied into a cluster), a vote, actions with a commitment
    and progress, boundaries with a flag and a challenge, a snapshot holding a
    note deleted since, a saved template."""
    ws = api.workshop(title="Archive me", challenge="How do we move?",
                      constraints=["No new budget"], groups=["City", "NGO"])
    pia = api.member(ws, "Pia", group="NGO")
    gone = api.member(ws, "Gone", group="City")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token) as fac, \
                connect(server.ws, pia.token) as p:
            seq = await fac.ack("room.add", {"name": "Breakout"})
            breakout = (await fac.event(seq))["data"]["room"]["id"]
            first = (await p.event(await p.ack("note.add", {"text": "Bike lanes"})))["data"]["id"]
            second = (await p.event(await p.ack("note.add", {"text": "Trams"})))["data"]["id"]
            doomed = (await fac.event(await fac.ack("note.add", {"text": "Doomed"})))["data"]
            await fac.ack("cluster.add", {"title": "Transport", "notes": [first, second]})
            await fac.ack("snapshot.save", {"name": "Before the vote"})
            await fac.ack("note.delete", {"id": doomed["id"]})
            await fac.ack("voting.start", {"budget": 3, "max_per_note": 2})
            await p.ack("vote.add", {"note": first})
            await p.ack("vote.add", {"note": first})
            await fac.ack("voting.stop", {})
            await fac.ack("constraint.flag", {"target": {"note": second}, "boundary": "b1",
                                              "reason": "Costs money"})
            await p.ack("constraint.challenge", {"boundary": "b1", "text": "Reuse funds"})
            action = (await fac.event(await fac.ack("action.add", {
                "title": "Pilot lanes", "owner_group": "City", "parties": ["NGO"],
                "due": "2027-03-01", "source": {"note": first}})))["data"]["id"]
            await p.ack("action.commit", {"id": action, "group": "NGO"})
            await fac.ack("action.progress", {"id": action, "text": "Drawn up", "percent": 40})
            await fac.ack("template.save", {"name": "Our method",
                                            "rounds": [{"title": "Ideas", "seconds": 900}]})
            await fac.ack("room.assign", {"participant": pia.participant_id, "room": breakout})
            await fac.ack("participant.remove", {"participant": gone.participant_id})
        async with connect(server.ws, pia.token, room=breakout) as p:
            await p.ack("note.add", {"text": "Breakout idea", "color": "blue"})
        async with connect(server.ws, ws.facilitator.token, room=breakout) as fac:
            await fac.ack("agenda.set", {"rounds": [{"title": "Quiet", "seconds": 60,
                                                     "private": True}]})
            await fac.ack("round.start", {})
            await fac.ack("note.add", {"text": "Private thought"})
    run(scenario(), timeout=120)
    return {"workshop": ws, "pia": pia}


def _labels(conn: Any, workshop_id: str) -> dict[str, str]:
    """Each id of the workshop -> a name a person would know its row by."""
    out = {workshop_id: "workshop"}
    rooms = {r.id: r.name for r in conn.execute(select(ROOM).where(
        ROOM.c.workshop_id == workshop_id))}
    out.update({k: f"room:{v}" for k, v in rooms.items()})
    for r in conn.execute(select(PARTICIPANT).where(PARTICIPANT.c.workshop_id == workshop_id)):
        out[r.id] = f"person:{r.name}"
    for r in conn.execute(select(NOTE).where(NOTE.c.room_id.in_(rooms))):
        out[r.id] = f"note:{r.text}"
    for r in conn.execute(select(CLUSTER).where(CLUSTER.c.room_id.in_(rooms))):
        out[r.id] = f"cluster:{r.title}"
    for r in conn.execute(select(ACTION).where(ACTION.c.workshop_id == workshop_id)):
        out[r.id] = f"action:{r.title}"
    for r in conn.execute(select(SAVED_TEMPLATE).where(
            SAVED_TEMPLATE.c.workshop_id == workshop_id)):
        out[r.id] = f"template:{r.name}"
    for r in conn.execute(select(SNAPSHOT).where(SNAPSHOT.c.room_id.in_(rooms))):
        out[r.id] = f"snapshot:{r.name}"
        for note in orjson.loads(r.state)["notes"]:
            out.setdefault(note["id"], f"note:{note['text']}")
    return out


def _named(value: Any, labels: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {labels.get(k, k): _named(v, labels) for k, v in value.items()}
    if isinstance(value, list):
        return [_named(v, labels) for v in value]
    if isinstance(value, str):
        return labels.get(value, value)
    return value


def _tables(url: str, workshop_id: str, skip_person: str | None = None) -> dict[str, Any]:
    """Every table's rows of the workshop, ids replaced by their rows' names."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            labels = _labels(conn, workshop_id)
            rooms = [r for r, label in labels.items() if label.startswith("room:")]
            out: dict[str, Any] = {}
            for table in (WORKSHOP, *BY_WORKSHOP, *BY_ROOM):
                where = (table.c.id == workshop_id if table is WORKSHOP
                         else table.c.room_id.in_(rooms) if table in BY_ROOM
                         else table.c.workshop_id == workshop_id)
                rows = []
                for row in conn.execute(select(table).where(where)).mappings():
                    if table is PARTICIPANT and row["id"] == skip_person:
                        continue
                    rows.append({k: _named(orjson.loads(v) if k in JSON_COLUMNS and v
                                           else v, labels)
                                 for k, v in row.items() if k not in NOT_COMPARED})
                out[table.name] = sorted(rows, key=lambda r: orjson.dumps(
                    r, option=orjson.OPT_SORT_KEYS))
            return out
    finally:
        engine.dispose()


def _cli(*args: str, database: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database}
    return subprocess.run([sys.executable, "-m", "cocreate", *args], env=env, text=True,
                          capture_output=True, timeout=120, check=False)


@pytest.fixture
def fresh_url(request: pytest.FixtureRequest, database_url: str) -> str:
    """Another empty database of the same kind as this test's."""
    if database_url.startswith("sqlite"):
        return fresh_sqlite_url()
    databases = request.getfixturevalue("postgres_databases")
    url: str = databases.create()
    request.addfinalizer(lambda: databases.drop(url))
    return url


def test_an_archive_imported_on_a_fresh_database_reproduces_the_workshop(
        server: ServerProcess, api: Api, database_url: str, fresh_url: str,
        tmp_path: Path) -> None:
    built = _build(server, api)
    ws = built["workshop"]
    r = api.get(f"/api/workshops/{ws.id}/export", token=ws.facilitator.token,
                params={"format": "archive"})
    assert r.status_code == 200, r.text
    assert "attachment" in r.headers["content-disposition"]
    archive = r.json()
    assert (archive["format"], archive["version"]) == ("cocreate-archive", 1)
    raw = r.content.decode()
    assert ws.join_code not in raw and ws.facilitator.token not in raw
    assert "token" not in raw and "event_log" not in raw and "join_code" not in raw
    assert {n["text"] for n in archive["notes"]} == {"Bike lanes", "Trams", "Breakout idea",
                                                     "Private thought"}
    path = tmp_path / "backup.json"
    path.write_bytes(r.content)

    done = _cli("import", str(path), database=fresh_url)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    new_id = done.stdout.split("imported as workshop ", 1)[1].split()[0]
    assert new_id != ws.id and lines["join code"] != ws.join_code
    assert f"console.html?w={new_id}#t=" in lines["facilitator link"]
    engine = create_engine(fresh_url)
    with engine.connect() as conn:
        newcomer = conn.execute(select(PARTICIPANT.c.id, PARTICIPANT.c.token_hash).where(
            PARTICIPANT.c.workshop_id == new_id, PARTICIPANT.c.role == "facilitator",
            PARTICIPANT.c.token_hash.notlike("imported:%"))).all()
        logged = conn.execute(select(func.count()).select_from(ROOM)
                              .where(ROOM.c.workshop_id == new_id, ROOM.c.seq != 0)).scalar()
    engine.dispose()
    assert len(newcomer) == 1 and logged == 0

    before, after = _tables(database_url, ws.id), _tables(fresh_url, new_id, newcomer[0].id)
    for table in before:
        assert after[table] == before[table], table
    assert len(before["note"]) == 4 and len(before["vote"]) == 1 and before["snapshot"]

    # And back out with `cocreate export`: the same archive but for its new ids.
    again = tmp_path / "again.json"
    done = _cli("export", new_id, str(again), database=fresh_url)
    assert done.returncode == 0, done.stderr
    assert len(orjson.loads(again.read_bytes())["notes"]) == 4


def test_an_imported_workshop_welcomes_with_its_boards_and_its_log_starts_afresh(
        server: ServerProcess, api: Api) -> None:
    built = _build(server, api)
    ws = built["workshop"]
    archive = api.get(f"/api/workshops/{ws.id}/export", token=ws.facilitator.token,
                      params={"format": "archive"}).json()
    r = api.post("/api/workshops/import", archive)
    assert r.status_code == 201, r.text
    made = r.json()
    assert set(made) == set(api.workshop(title="Shape").body)
    assert made["workshop"]["title"] == "Archive me" and made["join_code"] != ws.join_code
    assert {room["name"] for room in made["workshop"]["rooms"]} == {"Plenary", "Breakout"}
    token = made["facilitator"]["token"]

    async def scenario() -> None:
        async with connect(server.ws, token) as fac:
            welcome = fac.welcome
            assert welcome["seq"] == 0
            texts = {n["text"] for n in welcome["state"]["notes"]}
            assert texts == {"Bike lanes", "Trams"}, texts
            assert [c["title"] for c in welcome["state"]["clusters"]] == ["Transport"]
            assert welcome["state"]["voting"]["tally"], welcome["state"]["voting"]
            assert await fac.ack("note.add", {"text": "After the move"}) == 1
    run(scenario(), timeout=60)
    # The imported people are records without tokens: nobody can sign in as them.
    people = api.get(f"/api/workshops/{made['workshop']['id']}/participants", token=token).json()
    assert {p["name"] for p in people} >= {"Pia", "Fran Facilitator"}


def test_a_bad_archive_answers_422_naming_the_field_and_creates_nothing(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop(title="Small")
    archive = api.get(f"/api/workshops/{ws.id}/export", token=ws.facilitator.token,
                      params={"format": "archive"}).json()
    cases = [
        ({**archive, "version": 2}, "version"),
        ({**archive, "format": "trello"}, "format"),
        ({**archive, "rooms": [{**archive["rooms"][0], "name": 7}]}, "rooms[0].name"),
        ({**archive, "notes": [{"id": "n1", "room_id": "nowhere", "text": "x",
                                "color": "yellow", "x": 0, "y": 0, "created": 1,
                                "updated": 1}]}, "notes[0].room_id"),
        ({**archive, "surprise": True}, "surprise"),
    ]
    for body, field in cases:
        message = assert_error(api.post("/api/workshops/import", body), 422,
                               "invalid")["error"]["message"]
        assert field in message, (field, message)
    assert_error(api.post("/api/workshops/import", content=b"not json"), 422, "invalid")
    too_big = b'{"format": "cocreate-archive", "pad": "' + b"x" * (20 * 1024 * 1024) + b'"}'
    assert_error(api.post("/api/workshops/import", content=too_big,
                          headers={"content-type": "application/json"}), 413, "too_large")
    engine = create_engine(server.database_url)
    with engine.connect() as conn:
        titles = [t for (t,) in conn.execute(select(WORKSHOP.c.title))]
    engine.dispose()
    assert titles == ["Small"], titles


def test_only_the_workshops_facilitator_exports_its_archive(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop(title="Mine")
    other = api.workshop(title="Theirs")
    who = {"participant": api.member(ws, "Pia").token,
           "wall": api.member(ws, "Wall", role="wall").token,
           "outsider": other.facilitator.token}
    url = f"/api/workshops/{ws.id}/export"
    for role, token in who.items():
        r = api.get(url, token=token, params={"format": "archive"})
        assert_error(r, 403, "forbidden")
        assert "Mine" not in r.text, role
    assert_error(api.get(url, params={"format": "archive"}), 401, "unauthorized")
    assert_error(api.get(url, token=ws.facilitator.token, params={"format": "xml"}), 422,
                 "invalid")


def test_the_archive_never_shows_a_facilitator_what_the_board_hides_from_them(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop(title="Hidden vote")
    pia = api.member(ws, "Pia", group="NGO")
    url = f"/api/workshops/{ws.id}/export"

    def export() -> Any:
        return api.get(url, token=ws.facilitator.token, params={"format": "archive"})

    async def vote() -> None:
        async with connect(server.ws, ws.facilitator.token) as fac, \
                connect(server.ws, pia.token) as p:
            idea = (await p.event(await p.ack("note.add", {"text": "Idea"})))["data"]["id"]
            await fac.ack("voting.start", {"budget": 2, "max_per_note": 2, "hidden": True})
            await p.ack("vote.add", {"note": idea})
            await fac.ack("voting.stop", {})
    run(vote(), timeout=60)
    # Before the reveal the tally is nobody's to see: no archive over HTTP.
    assert "not revealed" in assert_error(export(), 403, "forbidden")["error"]["message"]

    async def reveal() -> None:
        async with connect(server.ws, ws.facilitator.token) as fac:
            await fac.ack("voting.reveal", {})
    run(reveal(), timeout=60)
    r = export()
    assert r.status_code == 200, r.text
    # After it the tally is public, who voted for what never is.
    assert [(v["participant_id"], v["count"]) for v in r.json()["votes"]] == [("voter-1", 1)]
    assert pia.participant_id not in orjson.dumps(r.json()["votes"]).decode()
    made = api.post("/api/workshops/import", r.json())
    assert made.status_code == 201, made.text

    async def tally() -> None:
        async with connect(server.ws, made.json()["facilitator"]["token"]) as fac:
            assert list(fac.welcome["state"]["voting"]["tally"].values()) == [1]
    run(tally(), timeout=60)

    secret = api.workshop(title="Secret authors", authors="hidden",
                          facilitator_sees_authors=False)
    r = api.get(f"/api/workshops/{secret.id}/export", token=secret.facilitator.token,
                params={"format": "archive"})
    assert "hides authors" in assert_error(r, 403, "forbidden")["error"]["message"]
