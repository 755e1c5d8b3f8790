"""action: a workshop's actions; workshop.participants_add_actions

Revision ID: 0010
Revises: 0009
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "action",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("workshop_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner_group", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner_org", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("owner_person", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("parties", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("due", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("commits", sa.Text(), nullable=False),
        sa.Column("progress", sa.Text(), nullable=False),
        sa.Column("author_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.Column("updated", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_action_workshop_id", "action", ["workshop_id"])
    # Workshops from before actions: only facilitators add them. A plain ADD COLUMN:
    # SQLite's batch mode would copy and drop the workshop table, which rooms reference.
    op.add_column("workshop", sa.Column("participants_add_actions", sa.Boolean(),
                                        nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("participants_add_actions")
    op.drop_index("ix_action_workshop_id", table_name="action")
    op.drop_table("action")
