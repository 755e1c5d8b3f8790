"""The migrations build exactly the schema the models describe, on every database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import cocreate.store.tables  # noqa: F401
from cocreate.store.engine import make_engine
from cocreate.store.migrate import upgrade


@contextmanager
def _fresh_postgres(prefix: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped afterwards (skips
    without COCREATE_TEST_POSTGRES_URL)."""
    base = os.environ.get("COCREATE_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("COCREATE_TEST_POSTGRES_URL is not set")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(False)
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _assert_matches_models(url: str) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine)
        upgrade(engine)  # a second run finds nothing to do
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert diff == []
        assert version is not None
        assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_sqlite_migrations_match_the_models(tmp_path: Path) -> None:
    _assert_matches_models(f"sqlite:///{tmp_path / 'migrated.sqlite3'}")


def test_postgresql_migrations_match_the_models() -> None:
    with _fresh_postgres("cocreate_migrate") as url:
        _assert_matches_models(url)


def _upgrade_0002_with_data(url: str) -> None:
    """A database at revision 0002 with a workshop and people keeps them, and they
    are all not removed, after the upgrade to head."""
    from cocreate.ids import token_hash
    from cocreate.store.workshops import participant_by_token

    engine = make_engine(url)
    try:
        upgrade(engine, "0002")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed) VALUES "
                "('w1', 'Parks', '', '[]', '[]', 'named', true, 'ABCDEF', 'r1', 1, false)"))
            conn.execute(text("INSERT INTO room (id, workshop_id, name, plenary, position, seq, "
                              "locked, private_round, timer_status, timer_label, "
                              "timer_duration_ms, timer_remaining_ms, voting_status, "
                              "voting_budget, voting_max_per_note, voting_hidden, "
                              "voting_revealed, voting_target, agenda) VALUES ('r1', 'w1', "
                              "'Plenary', true, 0, 0, false, false, 'idle', '', 0, 0, 'idle', "
                              "0, 0, false, false, 'notes', '[]')"))
            for pid, role in (("p1", "facilitator"), ("p2", "participant")):
                conn.execute(text(
                    "INSERT INTO participant (id, workshop_id, name, role, site, room_id, "
                    "token_hash, created) VALUES (:id, 'w1', :id, :role, 'onsite', 'r1', "
                    ":hash, 1)"), {"id": pid, "role": role, "hash": token_hash(f"token-{pid}")})
        upgrade(engine)
        with engine.begin() as conn:
            rows = conn.execute(text("SELECT id, removed FROM participant ORDER BY id")).all()
            assert [(r.id, bool(r.removed)) for r in rows] == [("p1", False), ("p2", False)]
            found = participant_by_token(conn, "token-p2")
            assert found is not None and found.id == "p2" and found.role == "participant"
    finally:
        engine.dispose()


def test_sqlite_upgrade_from_0002_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_0002_with_data(f"sqlite:///{tmp_path / 'old.sqlite3'}")


def test_postgresql_upgrade_from_0002_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade") as url:
        _upgrade_0002_with_data(url)


def _upgrade_0003_with_data(url: str) -> None:
    """A database at revision 0003 with a workshop, a breakout room and a removed
    participant keeps them all after the upgrade to head: no room is archived,
    the workshop speaks English, and what was removed stays removed."""
    from cocreate.store.workshops import workshop_dict, workshop_language

    engine = make_engine(url)
    try:
        upgrade(engine, "0003")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed) VALUES "
                "('w1', 'Parks', '', '[]', '[\"City\"]', 'named', true, 'ABCDEF', 'r1', 1, "
                "false)"))
            for rid, name, plenary, position in (("r1", "Plenary", True, 0),
                                                 ("r2", "Room 1", False, 1)):
                conn.execute(text(
                    "INSERT INTO room (id, workshop_id, name, plenary, position, seq, locked, "
                    "private_round, timer_status, timer_label, timer_duration_ms, "
                    "timer_remaining_ms, voting_status, voting_budget, voting_max_per_note, "
                    "voting_hidden, voting_revealed, voting_target, agenda) VALUES (:id, 'w1', "
                    ":name, :plenary, :position, 0, false, false, 'idle', '', 0, 0, 'idle', 0, "
                    "0, false, false, 'notes', '[]')"),
                    {"id": rid, "name": name, "plenary": plenary, "position": position})
            conn.execute(text(
                "INSERT INTO participant (id, workshop_id, name, role, site, room_id, "
                "token_hash, created, removed) VALUES ('p1', 'w1', 'Ann', 'participant', "
                "'onsite', 'r2', 'hash-p1', 1, true)"))
        upgrade(engine)
        with engine.begin() as conn:
            found = workshop_dict(conn, "w1")
            assert found is not None
            assert found["language"] == "en" and workshop_language(conn, "w1") == "en"
            assert found["rooms"] == [
                {"id": "r1", "name": "Plenary", "plenary": True, "archived": False},
                {"id": "r2", "name": "Room 1", "plenary": False, "archived": False}]
            removed = conn.execute(text("SELECT removed, room_id FROM participant")).one()
            assert bool(removed.removed) is True and removed.room_id == "r2"
    finally:
        engine.dispose()


def test_sqlite_upgrade_from_0003_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_0003_with_data(f"sqlite:///{tmp_path / 'old3.sqlite3'}")


def test_postgresql_upgrade_from_0003_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade3") as url:
        _upgrade_0003_with_data(url)


def _upgrade_0004_with_data(url: str) -> None:
    """A database at revision 0004 with a room holding a note: after the upgrade
    the board loads with its note, and nobody is marked done."""
    from cocreate.store.reads import load_board

    engine = make_engine(url)
    try:
        upgrade(engine, "0004")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                "language) VALUES ('w1', 'Parks', '', '[]', '[]', 'named', true, 'ABCDEF', "
                "'r1', 1, false, 'et')"))
            conn.execute(text(
                "INSERT INTO room (id, workshop_id, name, plenary, position, seq, locked, "
                "private_round, timer_status, timer_label, timer_duration_ms, "
                "timer_remaining_ms, voting_status, voting_budget, voting_max_per_note, "
                "voting_hidden, voting_revealed, voting_target, agenda, archived) VALUES "
                "('r1', 'w1', 'Täissaal', true, 0, 1, false, false, 'idle', '', 0, 0, 'idle', "
                "0, 0, false, false, 'notes', '[]', false)"))
            conn.execute(text(
                "INSERT INTO note (id, room_id, text, color, x, y, created, updated, private) "
                "VALUES ('n1', 'r1', 'Pargipingid', 'yellow', 10, 20, 1, 1, false)"))
        upgrade(engine)
        with engine.begin() as conn:
            board = load_board(conn, "r1")
            assert board is not None
            assert [n.text for n in board.notes.values()] == ["Pargipingid"]
            assert board.ready == set() and board.seq == 1
    finally:
        engine.dispose()


def test_sqlite_upgrade_from_0004_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_0004_with_data(f"sqlite:///{tmp_path / 'old4.sqlite3'}")


def test_postgresql_upgrade_from_0004_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade4") as url:
        _upgrade_0004_with_data(url)


# The revision before copies had sources (the integrator re-chains parallel migrations here).
BEFORE_SOURCES = "0005"


def _upgrade_to_sources_with_data(url: str) -> None:
    """A database from before copy sources, with a note in a cluster: after the
    upgrade both load, with no source (they were written where they are)."""
    from cocreate.store.reads import load_board

    engine = make_engine(url)
    try:
        upgrade(engine, BEFORE_SOURCES)
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                "language) VALUES ('w1', 'Parks', '', '[]', '[]', 'named', true, 'ABCDEF', "
                "'r1', 1, false, 'en')"))
            conn.execute(text(
                "INSERT INTO room (id, workshop_id, name, plenary, position, seq, locked, "
                "private_round, timer_status, timer_label, timer_duration_ms, "
                "timer_remaining_ms, voting_status, voting_budget, voting_max_per_note, "
                "voting_hidden, voting_revealed, voting_target, agenda, archived, ready) VALUES "
                "('r1', 'w1', 'Plenary', true, 0, 2, false, false, 'idle', '', 0, 0, 'idle', "
                "0, 0, false, false, 'notes', '[]', false, '[]')"))
            conn.execute(text("INSERT INTO cluster (id, room_id, title, x, y) "
                              "VALUES ('c1', 'r1', 'Benches', 0, 0)"))
            conn.execute(text(
                "INSERT INTO note (id, room_id, text, color, x, y, cluster_id, created, updated, "
                "private) VALUES ('n1', 'r1', 'More benches', 'blue', 18, 52, 'c1', 1, 1, false)"))
        upgrade(engine)
        with engine.begin() as conn:
            board = load_board(conn, "r1")
            assert board is not None
            note = board.notes["n1"]
            assert (note.text, note.cluster, note.source) == ("More benches", "c1", None)
            assert (board.clusters["c1"].title, board.clusters["c1"].source) == ("Benches", None)
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_copy_sources_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_to_sources_with_data(f"sqlite:///{tmp_path / 'old5.sqlite3'}")


def test_postgresql_upgrade_to_copy_sources_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade5") as url:
        _upgrade_to_sources_with_data(url)
