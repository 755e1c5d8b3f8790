"""series and follow-up links: the series a workshop follows up, each carried
action's series-wide id, and each workshop's read-only follow-up link

Revision ID: 0013
Revises: 0012
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # No foreign keys to workshop: purging an event must leave its series and links
    # of the other events as they are.
    op.create_table(
        "series",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organiser_id", sa.String(length=32), nullable=True),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_series_organiser_id", "series", ["organiser_id"])
    op.create_table(
        "followup_link",
        sa.Column("workshop_id", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("workshop_id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("workshop") as batch:
        # Workshops from before series are no event of one.
        batch.add_column(sa.Column("series_id", sa.String(length=32), nullable=True))
        batch.create_index("ix_workshop_series_id", ["series_id"])
    with op.batch_alter_table("action") as batch:
        batch.add_column(sa.Column("series_action", sa.String(length=32), nullable=True))
        batch.create_index("ix_action_series_action", ["series_action"])


def downgrade() -> None:
    with op.batch_alter_table("action") as batch:
        batch.drop_index("ix_action_series_action")
        batch.drop_column("series_action")
    with op.batch_alter_table("workshop") as batch:
        batch.drop_index("ix_workshop_series_id")
        batch.drop_column("series_id")
    op.drop_table("followup_link")
    op.drop_index("ix_series_organiser_id", "series")
    op.drop_table("series")
