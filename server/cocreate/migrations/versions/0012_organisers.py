"""organisers: accounts that may create workshops, their sessions, and which
organiser created a workshop

Revision ID: 0012
Revises: 0011
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organiser",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    op.create_table(
        "organiser_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("organiser_id", sa.String(length=32), nullable=False),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.Column("expires", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["organiser_id"], ["organiser.id"]),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_organiser_session_organiser_id", "organiser_session", ["organiser_id"])
    op.create_index("ix_organiser_session_expires", "organiser_session", ["expires"])
    with op.batch_alter_table("workshop") as batch:
        # Workshops from before organisers were created anonymously.
        batch.add_column(sa.Column("organiser_id", sa.String(length=32), nullable=True))
        batch.create_index("ix_workshop_organiser_id", ["organiser_id"])


def downgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.drop_index("ix_workshop_organiser_id")
        batch.drop_column("organiser_id")
    op.drop_index("ix_organiser_session_expires", "organiser_session")
    op.drop_index("ix_organiser_session_organiser_id", "organiser_session")
    op.drop_table("organiser_session")
    op.drop_table("organiser")
