"""rounds: a room's agenda and the running round

Revision ID: 0002
Revises: 0001
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("room") as batch:
        batch.add_column(sa.Column("agenda", sa.Text(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("round_index", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("room") as batch:
        batch.drop_column("round_index")
        batch.drop_column("agenda")
