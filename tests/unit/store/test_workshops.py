"""Workshop reads that every welcome makes, counted by the database: the small
groups agree with the rule over everyone's rows, join order ties included."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import insert

from cocreate.board import results
from cocreate.board.settings import new_workshop_settings
from cocreate.ids import token_hash
from cocreate.store.engine import make_engine, write_transaction
from cocreate.store.migrate import upgrade
from cocreate.store.tables import PARTICIPANT
from cocreate.store.workshops import create_workshop, participants_of, small_groups

# (id, group, role, created): two groups whose first members joined in the same
# millisecond, a group of facilitators only, people without a group.
PEOPLE = [
    ("p-b1", "Unions", "participant", 5), ("p-a1", "NGO", "participant", 5),
    ("p-c1", "City", "participant", 7), ("p-c2", "City", "participant", 8),
    ("p-c3", "City", "participant", 9), ("p-f1", "Press", "facilitator", 9),
    ("p-n1", None, "participant", 10), ("p-a2", "NGO", "participant", 11),
    ("p-w1", "", "wall", 12),
]


@pytest.mark.parametrize("order", [[], ["NGO", "Press"]])
def test_small_groups_counted_by_the_database_match_the_rule(tmp_path: Path,
                                                             order: list[str]) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    upgrade(engine)
    with write_transaction(engine) as conn:
        made = create_workshop(conn, new_workshop_settings({"title": "Parks", "groups": order}),
                               "Fran")
        wid = made["workshop_id"]
        for pid, group, role, created in PEOPLE:
            conn.execute(insert(PARTICIPANT).values(
                id=pid, workshop_id=wid, name=pid, role=role, group=group, site="onsite",
                room_id=made["plenary_room_id"], token_hash=token_hash(pid), created=created))
        everyone = participants_of(conn, wid, removed_too=True)
        expected = results.small_groups(everyone, order)
        assert small_groups(conn, wid) == expected
    # City has 3 participants: shown. The rest are small, in the order given, then
    # join order (NGO's first member has the lower id of the two who joined at 5).
    tail = [g for g in ["NGO", "Unions", "Press"] if g not in order]
    assert expected == [g for g in order if g != "City"] + tail
    engine.dispose()
