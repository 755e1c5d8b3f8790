"""Alembic environment: runs on the connection `cocreate.store.migrate` hands in."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import cocreate.store.tables  # noqa: F401  (registers the tables on the metadata)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `cocreate migrate`")
run_migrations_online()
