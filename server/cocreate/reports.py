"""Exports of a room's board (Markdown, CSV, JSON) and the join QR code."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from cocreate.api import ApiError, authenticate
from cocreate.store.service import Store, board_for_reader
from cocreate.tokens import JOIN_CODE_ALPHABET, normalise_join_code

# format -> (renderer in cocreate.export, media type)
FORMATS = {
    "md": ("to_markdown", "text/markdown; charset=utf-8"),
    "csv": ("to_csv", "text/csv; charset=utf-8"),
    "json": ("to_json", "application/json"),
}


async def export_room(request: Request) -> Response:
    member = await authenticate(request)
    fmt = request.query_params.get("format", "md")
    if fmt not in FORMATS:
        raise ApiError(422, "invalid", "format must be md, csv or json")
    store: Store = request.app.state.store
    found = await store.call(board_for_reader, store, member, request.path_params["room_id"])
    if found is None:
        if await store.read(_room_exists, request.path_params["room_id"]):
            raise ApiError(403, "forbidden", "that room belongs to another workshop")
        raise ApiError(404, "not_found", "no such room")
    workshop, room, state, people = found
    from cocreate import export

    renderer, media_type = FORMATS[fmt]
    body = getattr(export, renderer)(workshop, room, state, people)
    name = "".join(c if c.isalnum() else "-" for c in workshop["title"])[:60] or "workshop"
    return Response(body, media_type=media_type, headers={
        "content-disposition": f'attachment; filename="{name}-{room["name"]}.{fmt}"'})


def _room_exists(conn, room_id: str) -> bool:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from cocreate.store.tables import Room
    return conn.execute(select(Room.__table__.c.id).where(Room.__table__.c.id == room_id)
                        ).first() is not None


async def join_qr(request: Request) -> Response:
    code = normalise_join_code(request.query_params.get("code", ""))
    if not code or len(code) > 16 or any(c not in JOIN_CODE_ALPHABET for c in code):
        raise ApiError(422, "invalid", "give ?code=JOINCODE")
    settings = request.app.state.settings
    base = settings.public_url or str(request.base_url)
    from cocreate import qr

    svg = qr.join_qr_svg(f"{base.rstrip('/')}/?join={code}")
    return Response(svg, media_type="image/svg+xml",
                    headers={"cache-control": "public, max-age=3600"})


def _facilitator_only(member) -> None:  # type: ignore[no-untyped-def]
    if member.role != "facilitator":
        raise ApiError(403, "forbidden", "only a facilitator may read snapshots")


async def list_snapshots(request: Request) -> Response:
    """A room's snapshots (round ends and saved ones), newest first; facilitators only."""
    from sqlalchemy import select

    from cocreate.api import json_response
    from cocreate.store.accounts import room_of_workshop
    from cocreate.store.tables import Snapshot

    member = await authenticate(request)
    _facilitator_only(member)
    room_id = request.path_params["room_id"]
    snap = Snapshot.__table__

    def query(conn):  # type: ignore[no-untyped-def]
        if room_of_workshop(conn, room_id, member.workshop_id) is None:
            return None
        rows = conn.execute(select(snap.c.id, snap.c.name, snap.c.seq, snap.c.created)
                            .where(snap.c.room_id == room_id)
                            .order_by(snap.c.created.desc(), snap.c.seq.desc()))
        return [{"id": r.id, "name": r.name, "seq": r.seq, "created": r.created} for r in rows]
    found = await request.app.state.store.read(query)
    if found is None:
        raise ApiError(404, "not_found", "no such room in your workshop")
    return json_response(found)


async def get_snapshot(request: Request) -> Response:
    import orjson
    from sqlalchemy import select

    from cocreate.api import json_response
    from cocreate.store.tables import Room, Snapshot

    member = await authenticate(request)
    _facilitator_only(member)
    snap, room = Snapshot.__table__, Room.__table__

    def query(conn):  # type: ignore[no-untyped-def]
        return conn.execute(select(snap, room.c.workshop_id)
                            .join(room, room.c.id == snap.c.room_id)
                            .where(snap.c.id == request.path_params["snapshot_id"])
                            ).mappings().first()
    row = await request.app.state.store.read(query)
    if row is None or row["workshop_id"] != member.workshop_id:
        raise ApiError(404, "not_found", "no such snapshot in your workshop")
    return json_response({"id": row["id"], "room": row["room_id"], "name": row["name"],
                          "seq": row["seq"], "created": row["created"],
                          "state": orjson.loads(row["state"])})
