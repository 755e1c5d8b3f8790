"""A workshop's archive over HTTP: `GET /api/workshops/{id}/export?format=archive`
for its facilitator, and `POST /api/workshops/import` under the same permission
and throttle as creating a workshop (`endpoints.workshops.creator`)."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response

from cocreate.archive_format import ARCHIVE_BYTES_MAX, ArchiveError, read_archive
from cocreate.board import names
from cocreate.endpoints.exports import content_disposition
from cocreate.endpoints.json_http import ApiError, json_response, store_of
from cocreate.endpoints.workshops import creator, spend_a_creation
from cocreate.store import workshops
from cocreate.store.archive import export_archive, hidden_from_facilitators, import_archive


async def export_workshop(request: Request, workshop_id: str, by_organiser: bool) -> Response:
    """The whole workshop as one archive document (`format=archive` of the workshop's
    export, `endpoints.workshop_export`, which checked it is this workshop's facilitator
    or organiser): its facilitators only, not an organiser's session."""
    if by_organiser:
        raise ApiError(403, "forbidden", "only a facilitator may export the archive")

    def read(conn: Connection) -> dict[str, Any]:
        hidden = hidden_from_facilitators(conn, workshop_id)
        if hidden is not None:
            raise ApiError(403, "forbidden", f"{hidden}, and the archive would show it; "
                           "the server's operator can export it with `cocreate export`")
        document = export_archive(conn, workshop_id, for_facilitator=True)
        assert document is not None  # the facilitator's token found the workshop
        return document
    document = await store_of(request).read(read)
    return Response(orjson.dumps(document), media_type="application/json", headers={
        "content-disposition": content_disposition(document["workshop"]["title"], "archive",
                                                    "json")})


async def _bounded_body(request: Request) -> bytes:
    """The body, refused with 413 once it passes ARCHIVE_BYTES_MAX (read no further)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > ARCHIVE_BYTES_MAX:
        raise ApiError(413, "too_large", f"an archive may be at most {ARCHIVE_BYTES_MAX} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > ARCHIVE_BYTES_MAX:
            raise ApiError(413, "too_large",
                           f"an archive may be at most {ARCHIVE_BYTES_MAX} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_archive(raw: bytes) -> Any:
    """The archive of `raw` JSON, checked; ArchiveError says what is wrong."""
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ArchiveError("the body must be JSON") from None
    return read_archive(document)


def imported(conn: Connection, archive: Any, organiser_id: str | None) -> dict[str, Any]:
    """The new workshop, answered as `POST /api/workshops` answers."""
    name = names.facilitator(archive.workshop.language)
    made = import_archive(conn, archive, name, organiser_id)
    made["workshop"] = workshops.workshop_dict(conn, made.pop("workshop_id"))
    return made


async def import_workshop(request: Request) -> Response:
    organiser = await creator(request)
    raw = await _bounded_body(request)
    try:
        archive = parse_archive(raw)
    except ArchiveError as e:
        raise ApiError(422, "invalid", str(e)) from None
    spend_a_creation(request)
    try:
        made = await store_of(request).tx(imported, archive,
                                          organiser.id if organiser else None)
    except ArchiveError as e:
        raise ApiError(422, "invalid", str(e)) from None
    return json_response(made, 201)
