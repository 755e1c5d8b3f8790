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
from cocreate.ids import token_hash
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


# The revision the organisers migration (0012) follows; re-chained with parallel branches.
BEFORE_ORGANISERS = "0011"


def _upgrade_to_organisers_with_data(url: str) -> None:
    """A database from before organisers with a workshop and its facilitator: after the
    upgrade the workshop has no organiser, its facilitator's token still works, and an
    organiser with a session can be stored."""
    from cocreate.store import organisers, workshops

    engine = make_engine(url)
    try:
        upgrade(engine, BEFORE_ORGANISERS)
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                "language) VALUES ('w1', 'Parks', '', '[]', '[]', 'named', true, 'ABCDEF', "
                "'r1', 1, false, 'de')"))
            conn.execute(text(
                "INSERT INTO room (id, workshop_id, name, plenary, position, seq, locked, "
                "private_round, timer_status, timer_label, timer_duration_ms, "
                "timer_remaining_ms, voting_status, voting_budget, voting_max_per_note, "
                "voting_hidden, voting_revealed, voting_target, agenda, archived, ready) "
                "VALUES ('r1', 'w1', 'Plenum', true, 0, 0, false, false, 'idle', '', 0, 0, "
                "'idle', 0, 0, false, false, 'notes', '[]', false, '[]')"))
            conn.execute(text(
                "INSERT INTO participant (id, workshop_id, name, role, site, room_id, "
                "token_hash, created, removed) VALUES ('f1', 'w1', 'Moderation', "
                "'facilitator', 'onsite', 'r1', :hash, 1, false)"),
                {"hash": token_hash("old-token")})
        upgrade(engine)
        with engine.begin() as conn:
            assert conn.execute(text(
                "SELECT organiser_id FROM workshop WHERE id = 'w1'")).scalar() is None
            facilitator = workshops.participant_by_token(conn, "old-token")
            assert facilitator is not None and facilitator.name == "Moderation"
            organiser_id = organisers.add(conn, "ada@example.org", "$argon2id$stored", 5)
            token = organisers.open_session(conn, organiser_id, 5, 60_000)
            assert organisers.by_session(conn, token, 10) == (organiser_id, "ada@example.org")
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_organisers_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_to_organisers_with_data(f"sqlite:///{tmp_path / 'before-organisers.sqlite3'}")


def test_postgresql_upgrade_to_organisers_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade_organisers") as url:
        _upgrade_to_organisers_with_data(url)


# The revision before saved templates; the integrator re-chains parallel branches here.
BEFORE_SAVED_TEMPLATES = "0008"


def _upgrade_to_saved_templates_with_data(url: str) -> None:
    """A database of the revision before saved templates, with a workshop whose room
    has an agenda: after the upgrade the board loads as it was, the workshop has no
    saved templates, and one can be saved and read back."""
    from cocreate.board.rooms import WorkshopChange
    from cocreate.store.reads import load_board
    from cocreate.store.templates import saved_templates, write_template_change

    engine = make_engine(url)
    try:
        upgrade(engine, BEFORE_SAVED_TEMPLATES)
        agenda = '[{"id": "a1", "title": "Ideen", "seconds": 60, "private": true}]'
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                "language) VALUES ('w1', 'Parks', '', '[]', '[]', 'named', true, 'ABCDEF', "
                "'r1', 1, false, 'de')"))
            conn.execute(text(
                "INSERT INTO room (id, workshop_id, name, plenary, position, seq, locked, "
                "private_round, timer_status, timer_label, timer_duration_ms, "
                "timer_remaining_ms, voting_status, voting_budget, voting_max_per_note, "
                "voting_hidden, voting_revealed, voting_target, agenda, archived, ready) "
                "VALUES ('r1', 'w1', 'Plenum', true, 0, 1, false, false, 'idle', '', 0, 0, "
                "'idle', 0, 0, false, false, 'notes', :agenda, false, '[]')"),
                {"agenda": agenda})
            conn.execute(text(
                "INSERT INTO note (id, room_id, text, color, x, y, created, updated, private) "
                "VALUES ('n1', 'r1', 'Parkbänke', 'yellow', 10, 20, 1, 1, false)"))
        upgrade(engine)
        with engine.begin() as conn:
            board = load_board(conn, "r1")
            assert board is not None
            assert [n.text for n in board.notes.values()] == ["Parkbänke"]
            assert [r["title"] for r in board.agenda] == ["Ideen"]
            assert saved_templates(conn, "w1") == []
            saved = {"id": "t1", "builtin": False, "name": "Unser Ablauf", "description": "",
                     "language": "de", "created": 5,
                     "rounds": [{"title": "Ideen", "seconds": 60, "private": True,
                                 "lock": False, "lock_at_end": False, "voting": None}]}
            write_template_change(conn, "w1", WorkshopChange("template.save", saved))
        with engine.begin() as conn:
            assert saved_templates(conn, "w1") == [saved]
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_saved_templates_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_to_saved_templates_with_data(f"sqlite:///{tmp_path / 'before-templates.sqlite3'}")


def test_postgresql_upgrade_to_saved_templates_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade_templates") as url:
        _upgrade_to_saved_templates_with_data(url)


# The revision before matrix votes (one constant: parallel branches are re-chained).
BEFORE_MATRIX = "0007"


def _upgrade_before_matrix_with_data(url: str) -> None:
    """A database of the revision before matrix votes, with a room whose dot vote
    is closed and revealed: after the upgrade the board loads with its votes, the
    session is still a dot vote, and nobody has scores."""
    from cocreate.board.redaction import Disclosure, Viewer, state_view
    from cocreate.store.reads import load_board

    engine = make_engine(url)
    try:
        upgrade(engine, BEFORE_MATRIX)
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
                "voting_hidden, voting_revealed, voting_target, agenda, archived, ready) "
                "VALUES ('r1', 'w1', 'Plenary', true, 0, 4, false, false, 'idle', '', 0, 0, "
                "'closed', 3, 2, true, true, 'notes', '[]', false, '[]')"))
            conn.execute(text(
                "INSERT INTO note (id, room_id, text, color, x, y, created, updated, private) "
                "VALUES ('n1', 'r1', 'Benches', 'yellow', 10, 20, 1, 1, false)"))
            conn.execute(text("INSERT INTO vote (room_id, participant_id, target_id, count) "
                              "VALUES ('r1', 'p1', 'n1', 2)"))
        upgrade(engine)
        with engine.begin() as conn:
            board = load_board(conn, "r1")
            assert board is not None
            assert board.voting.kind == "dots" and board.voting.criteria == ()
            assert board.votes == {"p1": {"n1": 2}} and board.scores == {}
            view = state_view(board, Viewer("p2", "participant"), Disclosure(), 0)
            assert view["voting"]["tally"] == {"n1": 2} and "kind" not in view["voting"]
    finally:
        engine.dispose()


def test_sqlite_upgrade_before_matrix_keeps_the_votes(tmp_path: Path) -> None:
    _upgrade_before_matrix_with_data(f"sqlite:///{tmp_path / 'old-matrix.sqlite3'}")


def test_postgresql_upgrade_before_matrix_keeps_the_votes() -> None:
    with _fresh_postgres("cocreate_upgrade_matrix") as url:
        _upgrade_before_matrix_with_data(url)


# The revision before World Café hosts and encounters (re-chained by the integrator).
BEFORE_HOSTS = "0006"


def _upgrade_to_hosts_with_data(url: str) -> None:
    """A database from before hosts, with two people in a breakout room and one
    in the plenary: after the upgrade the first to have joined hosts the room,
    the two have met, the plenary has no host, and the board still loads."""
    from cocreate.store.reads import load_board
    from cocreate.store.workshops import workshop_dict, workshop_met

    engine = make_engine(url)
    try:
        upgrade(engine, BEFORE_HOSTS)
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                "language) VALUES ('w1', 'Parks', '', '[]', '[]', 'named', true, 'ABCDEF', "
                "'r1', 1, false, 'en')"))
            for rid, name, plenary in (("r1", "Plenary", True), ("r2", "Room 1", False)):
                conn.execute(text(
                    "INSERT INTO room (id, workshop_id, name, plenary, position, seq, locked, "
                    "private_round, timer_status, timer_label, timer_duration_ms, "
                    "timer_remaining_ms, voting_status, voting_budget, voting_max_per_note, "
                    "voting_hidden, voting_revealed, voting_target, agenda, archived, ready) "
                    "VALUES (:id, 'w1', :name, :plenary, 0, 0, false, false, 'idle', '', 0, 0, "
                    "'idle', 0, 0, false, false, 'notes', '[]', false, '[]')"),
                    {"id": rid, "name": name, "plenary": plenary})
            for pid, room, created in (("p2", "r2", 2), ("p1", "r2", 3), ("p3", "r1", 1)):
                conn.execute(text(
                    "INSERT INTO participant (id, workshop_id, name, role, site, room_id, "
                    "token_hash, created, removed) VALUES (:id, 'w1', :id, 'participant', "
                    "'onsite', :room, :token, :created, false)"),
                    {"id": pid, "room": room, "token": "t" + pid, "created": created})
        upgrade(engine)
        with engine.begin() as conn:
            workshop = workshop_dict(conn, "w1")
            assert workshop is not None and workshop["hosts"] == {"r2": "p2"}
            assert workshop_met(conn, "w1") == {("p1", "p2"): 1}
            assert load_board(conn, "r2") is not None
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_hosts_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_to_hosts_with_data(f"sqlite:///{tmp_path / 'old5.sqlite3'}")


def test_postgresql_upgrade_to_hosts_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade_hosts") as url:
        _upgrade_to_hosts_with_data(url)


# The revision before boundaries: kept in one place, since parallel branches re-chain.
BEFORE_BOUNDARIES = "0010"


def _upgrade_to_boundaries_with_data(url: str) -> None:
    """A workshop with constraints from before boundaries had ids: after the upgrade
    each constraint is a boundary with an id of its own, and nothing is flagged."""
    from cocreate.store.workshops import workshop_dict

    engine = make_engine(url)
    try:
        upgrade(engine, BEFORE_BOUNDARIES)
        with engine.begin() as conn:
            for wid, constraints, code in (("w1", '["Budget 10k", "No new law"]', "ABCDEF"),
                                           ("w2", "[]", "GHJKLM")):
                conn.execute(text(
                    "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                    "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                    f"language) VALUES ('{wid}', 'Parks', '', '{constraints}', '[]', 'named', "
                    f"true, '{code}', 'r{wid}', 1, false, 'en')"))
        upgrade(engine)
        with engine.begin() as conn:
            w1 = workshop_dict(conn, "w1")
            w2 = workshop_dict(conn, "w2")
        assert w1 is not None and w2 is not None
        assert w1["constraints"] == ["Budget 10k", "No new law"]
        assert w1["boundaries"] == [{"id": "b1", "text": "Budget 10k"},
                                    {"id": "b2", "text": "No new law"}]
        assert (w1["flags"], w1["challenges"], w2["boundaries"]) == ([], [], [])
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_boundaries_keeps_the_constraints(tmp_path: Path) -> None:
    _upgrade_to_boundaries_with_data(f"sqlite:///{tmp_path / 'old5.sqlite3'}")


def test_postgresql_upgrade_to_boundaries_keeps_the_constraints() -> None:
    with _fresh_postgres("cocreate_upgrade_boundaries") as url:
        _upgrade_to_boundaries_with_data(url)


# The revision before the actions' migration (re-chained when branches merge).
BEFORE_ACTIONS = "0009"


def _upgrade_to_actions_with_data(url: str) -> None:
    """A workshop from before actions, with a note: after the upgrade its board loads
    with its note and no actions, and only facilitators may add actions."""
    from cocreate.store.reads import load_board
    from cocreate.store.workshops import workshop_settings

    engine = make_engine(url)
    try:
        upgrade(engine, BEFORE_ACTIONS)
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                "language) VALUES ('w1', 'Parks', '', '[]', '[\"NGO\"]', 'named', true, "
                "'ABCDEF', 'r1', 1, false, 'de')"))
            conn.execute(text(
                "INSERT INTO room (id, workshop_id, name, plenary, position, seq, locked, "
                "private_round, timer_status, timer_label, timer_duration_ms, "
                "timer_remaining_ms, voting_status, voting_budget, voting_max_per_note, "
                "voting_hidden, voting_revealed, voting_target, agenda, archived, ready) "
                "VALUES ('r1', 'w1', 'Plenum', true, 0, 1, false, false, 'idle', '', 0, 0, "
                "'idle', 0, 0, false, false, 'notes', '[]', false, '[]')"))
            conn.execute(text(
                "INSERT INTO note (id, room_id, text, color, x, y, created, updated, private) "
                "VALUES ('n1', 'r1', 'Parkbänke', 'yellow', 10, 20, 1, 1, false)"))
        upgrade(engine)
        with engine.begin() as conn:
            board = load_board(conn, "r1")
            assert board is not None
            assert [n.text for n in board.notes.values()] == ["Parkbänke"]
            assert board.actions == {} and board.seq == 1
            settings = workshop_settings(conn, "w1")
            assert settings["participants_add_actions"] is False
            assert settings["groups"] == ["NGO"]
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_actions_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_to_actions_with_data(f"sqlite:///{tmp_path / 'before_actions.sqlite3'}")


def test_postgresql_upgrade_to_actions_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade_actions") as url:
        _upgrade_to_actions_with_data(url)


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


# The revision before series and follow-up links; re-chained with parallel branches.
BEFORE_SERIES = "0012"


def _upgrade_to_series_with_data(url: str) -> None:
    """A workshop from before series with an action: after the upgrade the workshop is
    in no series, the action has no series id (its own id stands for it) and loads as
    before, and the workshop can be given a follow-up link that shows the action."""
    from cocreate.store import series
    from cocreate.store.reads import load_actions

    engine = make_engine(url)
    try:
        upgrade(engine, BEFORE_SERIES)
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                "language, boundaries, flags, challenges, participants_add_actions) VALUES "
                "('w1', 'Parks', 'Greener', '[\"Budget\"]', '[\"NGO\"]', 'named', true, "
                "'ABCDEF', 'r1', 1, false, 'de', '[{\"id\": \"b1\", \"text\": \"Budget\"}]', "
                "'[]', '[]', false)"))
            conn.execute(text(
                "INSERT INTO room (id, workshop_id, name, plenary, position, seq, locked, "
                "private_round, timer_status, timer_label, timer_duration_ms, "
                "timer_remaining_ms, voting_status, voting_budget, voting_max_per_note, "
                "voting_hidden, voting_revealed, voting_target, agenda, archived, ready) "
                "VALUES ('r1', 'w1', 'Plenum', true, 0, 1, false, false, 'idle', '', 0, 0, "
                "'idle', 0, 0, false, false, 'notes', '[]', false, '[]')"))
            conn.execute(text(
                "INSERT INTO action (id, workshop_id, title, owner_group, parties, status, "
                "percent, commits, progress, created, updated) VALUES ('a1', 'w1', "
                "'Bänke', 'NGO', '[\"NGO\"]', 'agreed', 10, '[]', '[]', 1, 1)"))
        upgrade(engine)
        with engine.begin() as conn:
            assert series.series_of_workshop(conn, "w1") is None
            actions = load_actions(conn, "w1")
            assert actions["a1"].title == "Bänke" and actions["a1"].series_action is None
            token = series.issue_followup(conn, "w1")
            shown = series.followup(conn, token)
            assert shown is not None
            assert [a["series_action"] for a in shown["actions"]] == ["a1"]
            assert shown["boundaries"] == [{"id": "b1", "text": "Budget"}]
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_series_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_to_series_with_data(f"sqlite:///{tmp_path / 'before_series.sqlite3'}")


def test_postgresql_upgrade_to_series_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade_series") as url:
        _upgrade_to_series_with_data(url)


# The revision before the privacy note's migration (re-chained when branches merge).
BEFORE_PRIVACY_NOTE = "0013"


def _upgrade_to_privacy_note_with_data(url: str) -> None:
    """A workshop from before privacy notes: after the upgrade it has an empty note,
    keeps what it had, and a note can be set."""
    from cocreate.store.workshops import workshop_dict, workshop_settings

    engine = make_engine(url)
    try:
        upgrade(engine, BEFORE_PRIVACY_NOTE)
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                "language) VALUES ('w1', 'Parks', 'Shade', '[]', '[\"Union\"]', 'group', "
                "true, 'ABCDEF', 'r1', 1, false, 'et')"))
        upgrade(engine)
        with engine.begin() as conn:
            w = workshop_dict(conn, "w1")
            assert w is not None
            assert (w["title"], w["authors"], w["groups"], w["language"], w["privacy_note"]) == (
                "Parks", "group", ["Union"], "et", "")
            conn.execute(text("UPDATE workshop SET privacy_note = 'Photos are taken' "
                              "WHERE id = 'w1'"))
            assert workshop_settings(conn, "w1")["privacy_note"] == "Photos are taken"
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_privacy_note_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_to_privacy_note_with_data(f"sqlite:///{tmp_path / 'old12.sqlite3'}")


def test_postgresql_upgrade_to_privacy_note_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade_privacy_note") as url:
        _upgrade_to_privacy_note_with_data(url)


# The revision before similar-note hints (the integrator re-chains parallel migrations here).
BEFORE_SIMILAR_HINTS = "0014"


def _upgrade_to_similar_hints_with_data(url: str) -> None:
    """A workshop from before similar-note hints has them on after the upgrade, and its
    other settings as they were."""
    from cocreate.store import workshops

    engine = make_engine(url)
    try:
        upgrade(engine, BEFORE_SIMILAR_HINTS)
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                "language, participants_add_actions) VALUES ('w1', 'Parks', 'Shade', '[]', "
                "'[\"City\"]', 'group', true, 'ABCDEF', 'r1', 1, false, 'et', true)"))
        upgrade(engine)
        with engine.begin() as conn:
            settings = workshops.workshop_settings(conn, "w1")
            assert settings["similar_hints"] is True
            assert (settings["challenge"], settings["authors"], settings["language"],
                    settings["participants_add_actions"]) == ("Shade", "group", "et", True)
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_similar_hints_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_to_similar_hints_with_data(f"sqlite:///{tmp_path / 'before_hints.sqlite3'}")


def test_postgresql_upgrade_to_similar_hints_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade_hints") as url:
        _upgrade_to_similar_hints_with_data(url)


# The revision the retention migration (0013) follows; re-chained with parallel branches.
BEFORE_RETENTION = "0015"


def _upgrade_to_retention_with_data(url: str) -> None:
    """A database of the 0012 schema with a workshop, a room, a note and a participant:
    after the upgrade the workshop is open, has no closing date and no retention of its
    own (the operator's default applies), and deleting it leaves only its record."""
    from cocreate.store import purge, workshops

    engine = make_engine(url)
    try:
        upgrade(engine, BEFORE_RETENTION)
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                "language, boundaries, flags, challenges, participants_add_actions) VALUES "
                "('w1', 'Parks', '', '[]', '[]', 'named', true, 'ABCDEF', 'r1', 7, false, "
                "'en', '[]', '[]', '[]', false)"))
            conn.execute(text(
                "INSERT INTO room (id, workshop_id, name, plenary, position, seq, locked, "
                "private_round, timer_status, timer_label, timer_duration_ms, "
                "timer_remaining_ms, voting_status, voting_budget, voting_max_per_note, "
                "voting_hidden, voting_revealed, voting_target, agenda, archived, ready, "
                "voting_kind, voting_criteria) VALUES ('r1', 'w1', 'Plenary', true, 0, 0, "
                "false, false, 'idle', '', 0, 0, 'idle', 0, 0, false, false, 'notes', '[]', "
                "false, '[]', 'dots', '[]')"))
            conn.execute(text(
                "INSERT INTO participant (id, workshop_id, name, role, site, room_id, "
                "token_hash, created, removed) VALUES ('f1', 'w1', 'Moderation', "
                "'facilitator', 'onsite', 'r1', :hash, 1, false)"),
                {"hash": token_hash("old-token")})
            conn.execute(text(
                "INSERT INTO note (id, room_id, text, color, x, y, private, created, updated) "
                "VALUES ('n1', 'r1', 'More benches', 'yellow', 0, 0, false, 8, 8)"))
        upgrade(engine)
        with engine.begin() as conn:
            w = workshops.workshop_dict(conn, "w1")
            assert w is not None
            assert (w["closed"], w["closed_at"], w["retention_days"]) == (False, None, None)
            assert conn.execute(text("SELECT text FROM note WHERE id = 'n1'")).scalar() \
                == "More benches"
            assert purge.due(conn, 8 + 10 * 86_400_000, 10) == ["w1"]
            deleted = purge.delete_workshop(conn, "w1", "deleted", 99)
            assert deleted is not None and deleted.rows["note"] == 1
            assert conn.execute(text("SELECT count(*) FROM note")).scalar() == 0
            assert purge.deletion_record(conn, "w1") == {
                "workshop_id": "w1", "created": 7, "closed": None, "deleted": 99,
                "reason": "deleted"}
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_retention_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_to_retention_with_data(f"sqlite:///{tmp_path / 'before-retention.sqlite3'}")


def test_postgresql_upgrade_to_retention_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade_retention") as url:
        _upgrade_to_retention_with_data(url)


# The revision the erasure migration (0013) follows; re-chained with parallel branches.
BEFORE_ERASURE = "0016"


def _upgrade_to_erasure_with_data(url: str) -> None:
    """A database from before erasure with a workshop and a participant: after the
    upgrade the workshop's erase policy is `delete`, the participant is not erased and
    their token still works."""
    from cocreate.store import workshops

    engine = make_engine(url)
    try:
        upgrade(engine, BEFORE_ERASURE)
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                "language) VALUES ('w1', 'Parks', '', '[]', '[\"NGO\"]', 'group', true, "
                "'ABCDEF', 'r1', 1, false, 'et')"))
            conn.execute(text(
                "INSERT INTO room (id, workshop_id, name, plenary, position, seq, locked, "
                "private_round, timer_status, timer_label, timer_duration_ms, "
                "timer_remaining_ms, voting_status, voting_budget, voting_max_per_note, "
                "voting_hidden, voting_revealed, voting_target, agenda, archived, ready) "
                "VALUES ('r1', 'w1', 'Täiskogu', true, 0, 0, false, false, 'idle', '', 0, 0, "
                "'idle', 0, 0, false, false, 'notes', '[]', false, '[]')"))
            conn.execute(text(
                "INSERT INTO participant (id, workshop_id, name, role, \"group\", site, "
                "room_id, token_hash, created, removed) VALUES ('p1', 'w1', 'Mari', "
                "'participant', 'NGO', 'onsite', 'r1', :hash, 1, false)"),
                {"hash": token_hash("old-token")})
        upgrade(engine)
        with engine.begin() as conn:
            assert workshops.workshop_settings(conn, "w1")["erase_policy"] == "delete"
            assert conn.execute(text(
                "SELECT erased FROM participant WHERE id = 'p1'")).scalar() in (False, 0)
            mari = workshops.participant_by_token(conn, "old-token")
            assert mari is not None and mari.group == "NGO"
            assert workshops.small_groups(conn, "w1") == ["NGO"]
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_erasure_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_to_erasure_with_data(f"sqlite:///{tmp_path / 'before-erasure.sqlite3'}")


def test_postgresql_upgrade_to_erasure_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade_erasure") as url:
        _upgrade_to_erasure_with_data(url)


# The revision before the hackathon; the integrator re-chains parallel branches here.
BEFORE_HACKATHON = "0017"


def _upgrade_to_hackathon_with_data(url: str) -> None:
    """A database from before the hackathon with a workshop and a participant: after
    the upgrade the workshop is in the ideas phase with the default rule, a pitch
    and its team can be stored, and the database itself refuses a second team."""
    from sqlalchemy.exc import IntegrityError

    from cocreate.store import workshops

    engine = make_engine(url)
    try:
        upgrade(engine, BEFORE_HACKATHON)
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                "language) VALUES ('w1', 'Parks', '', '[]', '[\"NGO\"]', 'named', true, "
                "'ABCDEF', 'r1', 1, false, 'en')"))
        upgrade(engine)
        with engine.begin() as conn:
            settings = workshops.workshop_settings(conn, "w1")
            assert (settings["team_rule"], settings["min_pitch_text"]) == (None, 0)
            assert conn.execute(text(
                "SELECT hackathon_phase FROM workshop WHERE id = 'w1'")).scalar() == "ideas"
            for pitch in ("p1", "p2"):
                conn.execute(text(
                    "INSERT INTO pitch (id, workshop_id, holder_id, title, text, needs, "
                    "created, updated) VALUES (:id, 'w1', 'u1', 'Benches', '', '[]', 1, 1)"),
                    {"id": pitch})
            conn.execute(text("INSERT INTO team_member (workshop_id, participant_id, "
                              "pitch_id, position) VALUES ('w1', 'u1', 'p1', 0)"))
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("INSERT INTO team_member (workshop_id, participant_id, "
                              "pitch_id, position) VALUES ('w1', 'u1', 'p2', 1)"))
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_hackathon_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_to_hackathon_with_data(f"sqlite:///{tmp_path / 'before-hackathon.sqlite3'}")


def test_postgresql_upgrade_to_hackathon_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade_hackathon") as url:
        _upgrade_to_hackathon_with_data(url)


def _upgrade_to_jury_with_data(url: str) -> None:
    """A hackathon database from before the jury, with a workshop, a pitch and its
    team: after the upgrade they are all there, the jury is open with no criteria,
    jurors may not join by the code, and a juror's scores can be stored once per pitch."""
    from sqlalchemy.exc import IntegrityError

    from cocreate.store import reads, workshops

    engine = make_engine(url)
    try:
        upgrade(engine, "0018")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                "language, hackathon_phase) VALUES ('w1', 'Parks', '', '[]', '[\"NGO\"]', "
                "'named', true, 'ABCDEF', 'r1', 1, false, 'en', 'teams')"))
            conn.execute(text(
                "INSERT INTO pitch (id, workshop_id, holder_id, title, text, needs, "
                "created, updated) VALUES ('p1', 'w1', 'u1', 'Benches', 'Sit', '[]', 1, 1)"))
            conn.execute(text("INSERT INTO team_member (workshop_id, participant_id, "
                              "pitch_id, position) VALUES ('w1', 'u1', 'p1', 0)"))
        upgrade(engine)
        with engine.begin() as conn:
            hack = reads.load_hackathon(conn, "w1")
            assert hack.phase == "teams"
            assert [(p.title, p.members) for p in hack.pitches.values()] == [("Benches", ["u1"])]
            assert (hack.jury.criteria, hack.jury.scored, hack.jury.closed) == ([], {}, False)
            assert workshops.workshop_settings(conn, "w1")["jurors_join"] is False
            conn.execute(text("INSERT INTO jury_score (pitch_id, juror_id, workshop_id, "
                              "scores, updated) VALUES ('p1', 'j1', 'w1', '{\"impact\": 4}', 2)"))
            assert reads.load_hackathon(conn, "w1").jury.scored == {"p1": 1}
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("INSERT INTO jury_score (pitch_id, juror_id, workshop_id, "
                              "scores, updated) VALUES ('p1', 'j1', 'w1', '{}', 3)"))
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_jury_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_to_jury_with_data(f"sqlite:///{tmp_path / 'before-jury.sqlite3'}")


def test_postgresql_upgrade_to_jury_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade_jury") as url:
        _upgrade_to_jury_with_data(url)


def _upgrade_to_socket_index_with_data(url: str) -> None:
    """Open sockets from before the indexes stay open, take their participant's
    role, and are counted per participant and per room, as a welcome counts them."""
    from cocreate.store import presence

    engine = make_engine(url)
    try:
        upgrade(engine, "0019")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                "language) VALUES ('w1', 'Parks', '', '[]', '[]', 'named', true, 'ABCDEF', "
                "'r1', 1, false, 'en')"))
            conn.execute(text(
                "INSERT INTO participant (id, workshop_id, name, role, site, room_id, "
                "token_hash, created) VALUES ('u1', 'w1', 'Ann', 'participant', 'onsite', "
                f"'r1', '{token_hash('t1')}', 1)"))
            conn.execute(text("INSERT INTO process_beat (id, seen) VALUES ('pr1', 1000)"))
            for sid in ("s1", "s2"):
                conn.execute(text("INSERT INTO connection (id, process_id, participant_id, "
                                  f"room_id, opened) VALUES ('{sid}', 'pr1', 'u1', 'r1', 1)"))
        upgrade(engine)
        indexes = {i["name"]: i["column_names"] for i in inspect(engine).get_indexes("connection")}
        assert indexes["ix_connection_participant_id"] == ["participant_id"]
        assert indexes["ix_connection_room_role"] == ["room_id", "role", "participant_id",
                                                      "process_id"]
        with engine.begin() as conn:
            assert presence.open_sockets(conn, "u1", 1000) == 2
            assert conn.execute(text("SELECT DISTINCT role FROM connection")).all() == [
                ("participant",)]
            assert presence.ready_counts(conn, "r1", 1000, {"u1"}) == {"done": 1, "of": 1}
            conn.execute(text("UPDATE participant SET role = 'facilitator'"))
            presence.opened(conn, "s3", "pr1", "u1", "r1", 1000, "facilitator")
            conn.execute(text("DELETE FROM connection WHERE id IN ('s1', 's2')"))
            assert presence.ready_counts(conn, "r1", 1000, {"u1"}) == {"done": 0, "of": 0}
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_socket_index_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_to_socket_index_with_data(f"sqlite:///{tmp_path / 'before-index.sqlite3'}")


def test_postgresql_upgrade_to_socket_index_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade_socket_index") as url:
        _upgrade_to_socket_index_with_data(url)


def _upgrade_to_participant_indexes_with_data(url: str) -> None:
    """Participants from before the indexes keep their rows, and the welcome's
    juror count and group sizes read the same through them."""
    from cocreate.store import workshops

    engine = make_engine(url)
    try:
        upgrade(engine, "0020")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO workshop (id, title, challenge, constraints, groups, authors, "
                "facilitator_sees_authors, join_code, plenary_room_id, created, closed, "
                "language) VALUES ('w1', 'Parks', '', '[]', '[\"city\", \"ngo\"]', 'named', "
                "true, 'ABCDEF', 'r1', 1, false, 'en')"))
            people = [("u1", "participant", "city", False), ("u2", "participant", "city", False),
                      ("u3", "participant", "ngo", False), ("j1", "juror", None, False),
                      ("j2", "juror", None, True)]
            for i, (pid, role, group, removed) in enumerate(people):
                conn.execute(text(
                    "INSERT INTO participant (id, workshop_id, name, role, \"group\", site, "
                    "room_id, token_hash, created, removed) VALUES (:id, 'w1', :id, :role, "
                    ":group, 'onsite', 'r1', :hash, :created, :removed)"),
                    {"id": pid, "role": role, "group": group, "hash": token_hash(pid),
                     "created": i + 1, "removed": removed})
        upgrade(engine)
        indexes = {i["name"]: i["column_names"]
                   for i in inspect(engine).get_indexes("participant")}
        assert indexes["ix_participant_workshop_role"] == ["workshop_id", "role", "removed"]
        assert indexes["ix_participant_workshop_group"] == ["workshop_id", "group", "role",
                                                            "created"]
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM participant")).scalar_one() == 5
            assert workshops.juror_count(conn, "w1") == 1
            assert workshops.small_groups(conn, "w1") == ["city", "ngo"]
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_participant_indexes_keeps_the_data(tmp_path: Path) -> None:
    _upgrade_to_participant_indexes_with_data(f"sqlite:///{tmp_path / 'before.sqlite3'}")


def test_postgresql_upgrade_to_participant_indexes_keeps_the_data() -> None:
    with _fresh_postgres("cocreate_upgrade_participant_indexes") as url:
        _upgrade_to_participant_indexes_with_data(url)
