"""hackathon: pitches, their teams (a participant in one team at most, by a unique
key), and the workshop's phase, team rule, minimum pitch text and presented pitch

Revision ID: 0018
Revises: 0017
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pitch",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("workshop_id", sa.String(length=32), nullable=False),
        sa.Column("holder_id", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("needs", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.Column("updated", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pitch_workshop_id", "pitch", ["workshop_id"])
    op.create_table(
        "team_member",
        sa.Column("workshop_id", sa.String(length=32), nullable=False),
        sa.Column("participant_id", sa.String(length=32), nullable=False),
        sa.Column("pitch_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["pitch_id"], ["pitch.id"]),
        # One team per participant, whatever a process decides.
        sa.PrimaryKeyConstraint("workshop_id", "participant_id"),
    )
    op.create_index("ix_team_member_pitch_id", "team_member", ["pitch_id"])
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("hackathon_phase", sa.Text(), nullable=False,
                                   server_default="ideas"))
        batch.add_column(sa.Column("team_rule", sa.Text(), nullable=True))
        batch.add_column(sa.Column("min_pitch_text", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("presenting", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("presenting")
        batch.drop_column("min_pitch_text")
        batch.drop_column("team_rule")
        batch.drop_column("hackathon_phase")
    op.drop_index("ix_team_member_pitch_id", "team_member")
    op.drop_table("team_member")
    op.drop_index("ix_pitch_workshop_id", "pitch")
    op.drop_table("pitch")
