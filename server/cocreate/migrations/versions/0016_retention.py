"""retention: when a workshop was closed, how long it is kept, and what is left of a
deleted one

Revision ID: 0016
Revises: 0015
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("closed_at", sa.BigInteger(), nullable=True))
        # Workshops from before get the operator's default (COCREATE_RETENTION_DAYS).
        batch.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))
    op.create_table(
        "workshop_deletion",
        sa.Column("workshop_id", sa.String(length=32), nullable=False),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.Column("closed", sa.BigInteger(), nullable=True),
        sa.Column("deleted", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("workshop_id"),
    )


def downgrade() -> None:
    op.drop_table("workshop_deletion")
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("retention_days")
        batch.drop_column("closed_at")
