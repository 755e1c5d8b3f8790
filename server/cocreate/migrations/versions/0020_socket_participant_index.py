"""open sockets by participant and with their role: each welcome counts the
sockets its participant has open and the participants in its room, which
without these read every open socket (and every participant's row)

Revision ID: 0020
Revises: 0019
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_connection_participant_id", "connection", ["participant_id"])
    with op.batch_alter_table("connection") as batch:
        batch.add_column(sa.Column("role", sa.String(length=16), nullable=False,
                                   server_default="participant"))
    op.execute("UPDATE connection SET role = (SELECT participant.role FROM participant "
               "WHERE participant.id = connection.participant_id) WHERE EXISTS (SELECT 1 "
               "FROM participant WHERE participant.id = connection.participant_id)")
    op.create_index("ix_connection_room_role", "connection",
                    ["room_id", "role", "participant_id", "process_id"])


def downgrade() -> None:
    op.drop_index("ix_connection_room_role", table_name="connection")
    with op.batch_alter_table("connection") as batch:
        batch.drop_column("role")
    op.drop_index("ix_connection_participant_id", table_name="connection")
