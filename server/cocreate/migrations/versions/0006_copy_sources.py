"""note.source_room/source_note, cluster.source_room: where a copied note or a
collected cluster came from (themes into rooms, results back)

Revision ID: 0006
Revises: 0005
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: every note and cluster from before was written where it is.
    with op.batch_alter_table("note") as batch:
        batch.add_column(sa.Column("source_room", AutoString(length=32), nullable=True))
        batch.add_column(sa.Column("source_note", AutoString(length=32), nullable=True))
    with op.batch_alter_table("cluster") as batch:
        batch.add_column(sa.Column("source_room", AutoString(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cluster") as batch:
        batch.drop_column("source_room")
    with op.batch_alter_table("note") as batch:
        batch.drop_column("source_note")
        batch.drop_column("source_room")
