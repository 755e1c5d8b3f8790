"""A room's board as a file (Markdown, CSV, JSON), and its snapshots."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from cocreate import report_formats
from cocreate.board.participants import Participant
from cocreate.endpoints.json_http import ApiError, authenticate, json_response, store_of

Renderer = Callable[[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]], str]

# format -> (renderer, media type)
FORMATS: dict[str, tuple[Renderer, str]] = {
    "md": (report_formats.to_markdown, "text/markdown; charset=utf-8"),
    "csv": (report_formats.to_csv, "text/csv; charset=utf-8"),
    "json": (report_formats.to_json, "application/json"),
}


async def export_room(request: Request) -> Response:
    participant = await authenticate(request)
    fmt = request.query_params.get("format", "md")
    if fmt not in FORMATS:
        raise ApiError(422, "invalid", "format must be md, csv or json")
    store = store_of(request)
    room_id = request.path_params["room_id"]
    found = await store.reader_board(participant, room_id)
    if found is None:
        if await store.room_exists(room_id):
            raise ApiError(403, "forbidden", "that room belongs to another workshop")
        raise ApiError(404, "not_found", "no such room")
    render, media_type = FORMATS[fmt]
    body = render(found.workshop, found.room, found.state, found.participants)
    name = "".join(c if c.isalnum() else "-" for c in found.workshop["title"])[:60] or "workshop"
    return Response(body, media_type=media_type, headers={
        "content-disposition": f'attachment; filename="{name}-{found.room["name"]}.{fmt}"'})


def _facilitator_only(participant: Participant) -> None:
    if participant.role != "facilitator":
        raise ApiError(403, "forbidden", "only a facilitator may read snapshots")


async def list_snapshots(request: Request) -> Response:
    """A room's snapshots (round ends and saved ones), newest first; facilitators only."""
    participant = await authenticate(request)
    _facilitator_only(participant)
    found = await store_of(request).snapshots_of_room(request.path_params["room_id"],
                                                      participant.workshop_id)
    if found is None:
        raise ApiError(404, "not_found", "no such room in your workshop")
    return json_response(found)


async def get_snapshot(request: Request) -> Response:
    participant = await authenticate(request)
    _facilitator_only(participant)
    found = await store_of(request).snapshot(request.path_params["snapshot_id"],
                                             participant.workshop_id)
    if found is None:
        raise ApiError(404, "not_found", "no such snapshot in your workshop")
    return json_response(found)
