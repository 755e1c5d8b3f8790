"""participants by workshop and role, and by workshop and group: each welcome
counts the workshop's jurors and sizes its groups, which without these read
every participant's row

Revision ID: 0021
Revises: 0020
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_participant_workshop_role", "participant",
                    ["workshop_id", "role", "removed"])
    op.create_index("ix_participant_workshop_group", "participant",
                    ["workshop_id", "group", "role", "created"])


def downgrade() -> None:
    op.drop_index("ix_participant_workshop_group", table_name="participant")
    op.drop_index("ix_participant_workshop_role", table_name="participant")
