"""matrix votes: a room's vote kind and criteria, and each person's scores

Revision ID: 0008
Revises: 0007
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("room") as batch:
        # Every vote before this revision was a dot vote.
        batch.add_column(sa.Column("voting_kind", sa.Text(), nullable=False,
                                   server_default="dots"))
        batch.add_column(sa.Column("voting_criteria", sa.Text(), nullable=False,
                                   server_default="[]"))
    op.create_table(
        "score",
        sa.Column("room_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("participant_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("target_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("first", sa.Integer(), nullable=False),
        sa.Column("second", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("room_id", "participant_id", "target_id"),
    )


def downgrade() -> None:
    op.drop_table("score")
    with op.batch_alter_table("room") as batch:
        batch.drop_column("voting_criteria")
        batch.drop_column("voting_kind")
