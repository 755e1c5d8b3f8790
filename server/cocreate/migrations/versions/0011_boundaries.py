"""workshop.boundaries, flags, challenges: constraints get ids (boundaries of possibility)

Revision ID: 0011
Revises: 0010
"""
from collections.abc import Sequence

import orjson
import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WORKSHOP = sa.table("workshop", sa.column("id", sa.String), sa.column("constraints", sa.Text),
                     sa.column("boundaries", sa.Text))


def upgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        for name in ("boundaries", "flags", "challenges"):
            batch.add_column(sa.Column(name, sa.Text(), nullable=False, server_default="[]"))
    # The constraints a workshop had become its boundaries, numbered in their order
    # (ids are unique within a workshop; later ones are random).
    conn = op.get_bind()
    for row in conn.execute(sa.select(_WORKSHOP.c.id, _WORKSHOP.c.constraints)).all():
        texts = orjson.loads(row.constraints or "[]")
        if texts:
            boundaries = [{"id": f"b{i}", "text": t} for i, t in enumerate(texts, 1)]
            conn.execute(sa.update(_WORKSHOP).where(_WORKSHOP.c.id == row.id)
                         .values(boundaries=orjson.dumps(boundaries).decode()))


def downgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        for name in ("challenges", "flags", "boundaries"):
            batch.drop_column(name)
