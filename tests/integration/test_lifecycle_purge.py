"""`cocreate purge` deletes an expired workshop with every row of it, in every table,
and its Redis keys, while another workshop stays as it was (docs/operator-guide.md,
Retention). The scan reads every text column of every table of the schema, so a table
added later that keeps a workshop's, room's or participant's id is caught here."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis
from sqlalchemy import String, create_engine, select, text
from sqlmodel import SQLModel

import cocreate.store.tables  # noqa: F401  (the metadata)
from cocreate.board.lifecycle import DAY_MS
from support.api import Api, Member, Workshop, assert_error
from support.redis import RedisServer
from support.server import REPO, ServerProcess
from support.ws import connect, run

SECRET = "Zebra-crossing-by-the-school-7f3a"  # a note text to look for in the file
PREFIX = "cocreate:"


def _fill(server: ServerProcess, w: Workshop, people: list[Member], idea: str) -> None:
    """A worked workshop: notes, clusters, dot and matrix votes, an action, a snapshot,
    a saved template, breakout rooms and a rotation (encounters)."""

    async def scenario() -> None:
        async with connect(server.ws, w.facilitator.token, label="fac") as fac, \
                connect(server.ws, people[0].token, label="p0") as p0:
            note = (await p0.event(await p0.ack("note.add", {"text": idea})))["data"]["id"]
            await fac.ack("cluster.add", {"title": "Safety", "notes": [note]})
            await fac.ack("voting.start", {"budget": 3})
            await p0.ack("vote.add", {"note": note})
            # A matrix vote in a room of its own (a new session clears a room's votes).
            scoring = (await fac.event(await fac.ack("room.add", {"name": "Scoring"})))
            async with connect(server.ws, w.facilitator.token, label="fac-scoring",
                               room=scoring["data"]["room"]["id"]) as there:
                lights = (await there.event(await there.ack(
                    "note.add", {"text": "Lights"})))["data"]["id"]
                await there.ack("voting.start", {"kind": "matrix",
                                                 "criteria": ["Impact", "Ease"]})
                await there.ack("vote.score", {"note": lights,
                                               "scores": {"Impact": 4, "Ease": 2}})
            await fac.ack("action.add", {"title": "Paint it", "owner_group": "City",
                                         "parties": ["NGO"]})
            await fac.ack("snapshot.save", {"name": "Before"})
            await fac.ack("template.save", {"name": "Ours", "rounds": [
                {"title": "One", "seconds": 60}]})
            await fac.ack("rooms.split", {"count": 2, "strategy": "mix"})
            await fac.ack("rooms.rotate", {})
    run(scenario(), timeout=60)


def _text_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every text column of every table of the schema, row by row."""
    engine = create_engine(url)
    try:
        out = {}
        with engine.connect() as conn:
            for table in SQLModel.metadata.sorted_tables:
                columns = [c for c in table.c if _is_text(c.type)]
                assert columns, f"{table.name} has no text column"
                out[table.name] = [tuple(r) for r in conn.execute(select(*columns))]
        return out
    finally:
        engine.dispose()


def _is_text(kind: Any) -> bool:
    # SQLModel's str columns are AutoString, a TypeDecorator over String.
    return isinstance(kind, String) or isinstance(getattr(kind, "impl", None), String)


def _found(rows: dict[str, list[tuple[Any, ...]]], needles: set[str]) -> list[str]:
    return [f"{table}: {row}" for table, table_rows in rows.items() for row in table_rows
            if any(isinstance(v, str) and any(n in v for n in needles) for v in row)]


def _sql(url: str, statement: str, **params: Any) -> list[Any]:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def _ids_of(url: str, workshop_id: str) -> set[str]:
    rooms = _sql(url, "SELECT id FROM room WHERE workshop_id = :w", w=workshop_id)
    people = _sql(url, "SELECT id FROM participant WHERE workshop_id = :w", w=workshop_id)
    return {workshop_id} | {r.id for r in rooms} | {p.id for p in people}


def _purge(url: str, redis_url: str, *args: str) -> str:
    env = {**os.environ, "REDIS_URL": redis_url, "PYTHONPATH": str(REPO / "server")}
    env.pop("COCREATE_RETENTION_DAYS", None)
    done = subprocess.run([sys.executable, "-m", "cocreate", "purge", "--database", url,
                           *args], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_purge_of_an_expired_workshop_leaves_no_row_and_no_redis_key(
        start_server: Callable[..., ServerProcess], database_url: str,
        redis_server: RedisServer) -> None:
    server = start_server(redis_url=redis_server.url)
    with Api(server.http) as api:
        a = api.workshop(title="Crossings", retention_days=1, constraints=["Budget"])
        b = api.workshop(title="Kept", retention_days=1)
        a_people = [api.member(a, name, group) for name, group in
                    (("Pat Secretname", "NGO"), ("Sam", "City"), ("Kim", "Business"),
                     ("Lee", "NGO"))]
        api.member(a, "Projector", role="wall")
        b_people = [api.member(b, "Bea", "City"), api.member(b, "Bo", "NGO")]
        _fill(server, a, a_people, SECRET)
        _fill(server, b, b_people, "Wider pavements")
        a_ids, b_ids = _ids_of(database_url, a.id), _ids_of(database_url, b.id)
        before = _text_rows(database_url)
        # Every kind of row a workshop has is there to be deleted (else the scan proves less).
        for table in ("workshop", "room", "participant", "note", "cluster", "vote", "score",
                      "action", "event_log", "accepted_ref", "snapshot", "saved_template",
                      "encounter"):
            assert _found({table: before[table]}, a_ids), f"no {table} row of A to delete"
        keys = redis.Redis.from_url(redis_server.url)
        a_room, b_room = a.plenary_room_id, b.plenary_room_id
        keys.set(f"{PREFIX}room:{a_room}:cursor", "1")
        keys.set(f"{PREFIX}participant:{a_people[0].participant_id}", "1")
        keys.set(f"{PREFIX}room:{b_room}:cursor", "1")
        b_board = api.get(f"/api/rooms/{b_room}/export?format=json", token=b.facilitator.token)

        async def close_a_with_a_socket_open() -> str:
            async with connect(server.ws, a.facilitator.token, label="fac") as fac:
                await fac.ack("workshop.close", {})
                # Closed two days ago, kept one day: expired. B's last activity is now.
                _sql(database_url, "UPDATE workshop SET closed_at = closed_at - :d "
                     "WHERE id = :w", d=2 * DAY_MS, w=a.id)
                assert _sql(database_url, "SELECT count(*) AS n FROM connection WHERE "
                            "participant_id = :p", p=a.facilitator.participant_id)[0].n == 1
                return _purge(database_url, redis_server.url)
        printed = run(close_a_with_a_socket_open(), timeout=180)

        assert printed.startswith("deleted 1 expired workshop(s); rows: "), printed
        assert "note 2" in printed and "redis keys: 2" in printed, printed
        assert "space reclaimed (VACUUM)" in printed, printed
        for private in ("Crossings", "Pat Secretname", SECRET, a.id, a_room):
            assert private not in printed
        after = _text_rows(database_url)
        leftovers = _found(after, a_ids)
        assert leftovers == [f"workshop_deletion: ('{a.id}', 'expired')"], leftovers
        record = _sql(database_url, "SELECT * FROM workshop_deletion")[0]
        assert (record.workshop_id, record.reason, record.closed is not None) == (
            a.id, "expired", True)
        remaining = {k.decode() for k in keys.keys(f"{PREFIX}*")}
        assert remaining == {f"{PREFIX}room:{b_room}:cursor"}, remaining
        # B is as it was, and goes on working.
        assert _found({t: r for t, r in after.items()}, b_ids) == _found(before, b_ids)
        assert api.get(f"/api/rooms/{b_room}/export?format=json",
                       token=b.facilitator.token).text == b_board.text
        assert_error(api.get_workshop(a.id, a.facilitator.token), 401, "unauthorized")

        async def b_still_works() -> None:
            async with connect(server.ws, b_people[0].token) as bea:
                await bea.ack("note.add", {"text": "Still here"})
        run(b_still_works(), timeout=30)
        keys.close()
    if database_url.startswith("sqlite"):
        # secure_delete, VACUUM and the checkpoint: the text is not in the files either.
        db = Path(database_url.removeprefix("sqlite:///"))
        for path in (db, db.with_name(db.name + "-wal")):
            if path.exists():
                assert SECRET.encode() not in path.read_bytes(), path
    # A second purge finds nothing to delete.
    assert _purge(database_url, redis_server.url, "--no-vacuum").startswith(
        "deleted 0 expired workshop(s); rows: none; redis keys: 0; space not reclaimed")
