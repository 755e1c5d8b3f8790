"""The migrations build exactly the schema the models describe, on every database."""

from __future__ import annotations

import os
import uuid
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
    base = os.environ.get("COCREATE_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("COCREATE_TEST_POSTGRES_URL is not set")
    name = f"cocreate_migrate_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        _assert_matches_models(make_url(base).set(database=name).render_as_string(False))
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
