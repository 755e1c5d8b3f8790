"""open sockets by participant: each welcome counts the sockets its participant
has open, which without this index reads every open socket of every room

Revision ID: 0020
Revises: 0019
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_connection_participant_id", "connection", ["participant_id"])


def downgrade() -> None:
    op.drop_index("ix_connection_participant_id", table_name="connection")
