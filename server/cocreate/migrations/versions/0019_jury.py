"""jury: criteria and result on the workshop, jurors' secret scores, whether jurors
may join by the join code, and the pitches people would join (for suggested teams)

Revision ID: 0019
Revises: 0018
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "jury_score",
        sa.Column("pitch_id", sa.String(length=32), nullable=False),
        sa.Column("juror_id", sa.String(length=32), nullable=False),
        sa.Column("workshop_id", sa.String(length=32), nullable=False),
        sa.Column("scores", sa.Text(), nullable=False),
        sa.Column("updated", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"]),
        sa.PrimaryKeyConstraint("pitch_id", "juror_id"),
    )
    op.create_index("ix_jury_score_workshop_id", "jury_score", ["workshop_id"])
    op.create_table(
        "team_preference",
        sa.Column("workshop_id", sa.String(length=32), nullable=False),
        sa.Column("participant_id", sa.String(length=32), nullable=False),
        sa.Column("pitches", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("workshop_id", "participant_id"),
    )
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("jury_criteria", sa.Text(), nullable=True))
        batch.add_column(sa.Column("jury_result", sa.Text(), nullable=True))
        batch.add_column(sa.Column("jurors_join", sa.Boolean(), nullable=False,
                                   server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("jurors_join")
        batch.drop_column("jury_result")
        batch.drop_column("jury_criteria")
    op.drop_table("team_preference")
    op.drop_index("ix_jury_score_workshop_id", "jury_score")
    op.drop_table("jury_score")
