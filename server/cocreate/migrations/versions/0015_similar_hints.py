"""workshop.similar_hints: whether the board shows similar notes while one is written

Revision ID: 0015
Revises: 0014
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("workshop", sa.Column("similar_hints", sa.Boolean(), nullable=False,
                                        server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("similar_hints")
