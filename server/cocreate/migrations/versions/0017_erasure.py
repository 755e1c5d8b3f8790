"""erasure: a workshop's erase policy, and participants erased at their request

Revision ID: 0017
Revises: 0016
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("erase_policy", sa.Text(), nullable=False,
                                   server_default="delete"))
    with op.batch_alter_table("participant") as batch:
        batch.add_column(sa.Column("erased", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("participant") as batch:
        batch.drop_column("erased")
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("erase_policy")
