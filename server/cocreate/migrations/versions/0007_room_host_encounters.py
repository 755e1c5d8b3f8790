"""room.host_id and encounter: World Café table hosts, and who met whom per workshop

Revision ID: 0007
Revises: 0006
"""
from collections.abc import Sequence
from itertools import combinations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("room") as batch:
        batch.add_column(sa.Column("host_id", sa.String(length=32), nullable=True))
    op.create_table(
        "encounter",
        sa.Column("workshop_id", sa.String(length=32), nullable=False),
        sa.Column("a", sa.String(length=32), nullable=False),
        sa.Column("b", sa.String(length=32), nullable=False),
        sa.Column("times", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("workshop_id", "a", "b"),
    )
    _seat_the_tables_of_before()


def _seat_the_tables_of_before() -> None:
    """People already sitting in a breakout room have met there, and the first
    of them to have joined hosts it, as the server would have decided."""
    conn = op.get_bind()
    seated = conn.execute(sa.text(
        "SELECT p.id, p.workshop_id, p.room_id FROM participant p "
        "JOIN room r ON r.id = p.room_id "
        "WHERE p.role = 'participant' AND p.removed = :no AND r.plenary = :no "
        "AND r.archived = :no ORDER BY p.created, p.id"), {"no": False}).all()
    tables: dict[tuple[str, str], list[str]] = {}
    for pid, workshop_id, room_id in seated:
        tables.setdefault((workshop_id, room_id), []).append(pid)
    for (workshop_id, room_id), ids in tables.items():
        conn.execute(sa.text("UPDATE room SET host_id = :host WHERE id = :room"),
                     {"host": ids[0], "room": room_id})
        rows = [{"w": workshop_id, "a": a, "b": b} for a, b in combinations(sorted(ids), 2)]
        if rows:
            conn.execute(sa.text("INSERT INTO encounter (workshop_id, a, b, times) "
                                 "VALUES (:w, :a, :b, 1)"), rows)


def downgrade() -> None:
    op.drop_table("encounter")
    with op.batch_alter_table("room") as batch:
        batch.drop_column("host_id")
