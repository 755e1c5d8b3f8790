"""The method templates a workshop saved: reading them, and the rows a
`template.save` or `template.delete` writes (in the op's own transaction)."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, delete, insert, select

from cocreate.board.rooms import WorkshopChange
from cocreate.store.tables import SAVED_TEMPLATE as T


def saved_templates(conn: Connection, workshop_id: str) -> list[dict[str, Any]]:
    """The workshop's saved templates (T shapes), oldest first."""
    rows = conn.execute(select(T).where(T.c.workshop_id == workshop_id)
                        .order_by(T.c.created, T.c.id)).all()
    return [{"id": r.id, "builtin": False, "name": r.name, "description": r.description,
             "language": r.language, "rounds": orjson.loads(r.rounds), "created": r.created}
            for r in rows]


def write_template_change(conn: Connection, workshop_id: str, change: WorkshopChange) -> None:
    d = change.data
    if change.op == "template.save":
        conn.execute(insert(T).values(id=d["id"], workshop_id=workshop_id, name=d["name"],
                                      description=d["description"], language=d["language"],
                                      rounds=orjson.dumps(d["rounds"]).decode(),
                                      created=d["created"]))
    elif change.op == "template.delete":
        conn.execute(delete(T).where(T.c.id == d["id"], T.c.workshop_id == workshop_id))
