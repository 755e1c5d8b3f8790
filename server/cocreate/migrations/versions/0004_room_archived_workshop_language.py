"""room.archived and workshop.language: archived breakout rooms, and the language
the server names rooms and report headings in

Revision ID: 0004
Revises: 0003
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("room") as batch:
        batch.add_column(sa.Column("archived", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table("workshop") as batch:
        # Workshops made before languages were named in English.
        batch.add_column(sa.Column("language", sa.Text(), nullable=False, server_default="en"))


def downgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("room") as batch:
        batch.drop_column("archived")
