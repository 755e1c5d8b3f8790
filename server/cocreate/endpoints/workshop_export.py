"""`GET /api/workshops/{id}/export`: the whole workshop as a file.

Who may read it: a facilitator of the workshop (bearer token), or the organiser
who owns it (session cookie). `EXPORTERS` maps each `format` to the function
that answers it, so a new format is one more entry there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from cocreate import report_actions, report_text, report_workshop, report_workshop_html
from cocreate.endpoints import archive
from cocreate.endpoints.exports import content_disposition
from cocreate.endpoints.json_http import ApiError, authenticate, store_of
from cocreate.endpoints.organiser_session import current_organiser
from cocreate.store import organisers
from cocreate.store.workshop_boards import WorkshopBoards

_BOM = "\ufeff"  # so a spreadsheet (Excel) reads the CSV as UTF-8


@dataclass(frozen=True)
class ExportRequest:
    """A permitted export: whose workshop, in which language, asked by whom (an exporter
    that is for facilitators alone refuses an organiser's session)."""

    request: Request
    workshop_id: str
    lang: str | None  # None: the workshop's own language
    by_organiser: bool  # True: the organiser's session cookie, not a facilitator's token


Exporter = Callable[[ExportRequest], Awaitable[Response]]


async def _boards(req: ExportRequest) -> tuple[WorkshopBoards, dict[str, Any]]:
    found = await store_of(req.request).workshop_boards(req.workshop_id)
    if found is None:
        raise ApiError(404, "not_found", "no such workshop")
    lang = req.lang or found.workshop.get("language") or "en"
    if lang not in report_text.LANGUAGES:
        lang = "en"
    doc = report_workshop.document(found.workshop, found.boards, found.participants,
                                   found.joined, lang, found.hackathon, found.jury_detail)
    return found, doc


def _file(body: str | bytes, media_type: str, title: str, ext: str) -> Response:
    return Response(body, media_type=media_type, headers={
        "content-disposition": content_disposition(title, "report", ext)})


async def _markdown(req: ExportRequest) -> Response:
    found, doc = await _boards(req)
    return _file(report_workshop.to_markdown(doc), "text/markdown; charset=utf-8",
                 found.workshop["title"], "md")


async def _csv(req: ExportRequest) -> Response:
    found, doc = await _boards(req)
    return _file(_BOM + report_workshop.to_csv(doc), "text/csv; charset=utf-8",
                 found.workshop["title"], "csv")


async def _json(req: ExportRequest) -> Response:
    found, doc = await _boards(req)
    return _file(report_workshop.to_json(doc), "application/json", found.workshop["title"],
                 "json")


async def _pdf(req: ExportRequest) -> Response:
    found, doc = await _boards(req)
    # Layout and font subsetting take CPU for a while: off the event loop.
    pdf = await asyncio.to_thread(report_workshop_html.to_pdf, doc)
    return _file(pdf, "application/pdf", found.workshop["title"], "pdf")


async def _actions_csv(req: ExportRequest) -> Response:
    found, doc = await _boards(req)
    return _file(_BOM + report_actions.to_csv(doc["actions"], doc["lang"]),
                 "text/csv; charset=utf-8", found.workshop["title"], "actions.csv")


async def _ics(req: ExportRequest) -> Response:
    found, doc = await _boards(req)
    return _file(report_actions.to_ics(found.workshop, doc["actions"], doc["lang"]),
                 "text/calendar; charset=utf-8", found.workshop["title"], "ics")


async def _archive(req: ExportRequest) -> Response:
    return await archive.export_workshop(req.request, req.workshop_id, req.by_organiser)


EXPORTERS: dict[str, Exporter] = {
    "md": _markdown,
    "csv": _csv,
    "json": _json,
    "pdf": _pdf,
    "actions.csv": _actions_csv,
    "ics": _ics,
    "archive": _archive,
}


async def _permitted(request: Request, workshop_id: str) -> bool:
    """A facilitator of this workshop (bearer token) or its organiser (session cookie);
    401 without either, 403 for another role or another workshop's facilitator, 404 for
    an organiser who does not own it. True when it is the organiser."""
    if "authorization" not in request.headers:
        organiser = await current_organiser(request)
        if organiser is not None:
            if not await store_of(request).read(organisers.owns, organiser.id, workshop_id):
                raise ApiError(404, "not_found", "you have no workshop with that id")
            return True
    participant = await authenticate(request)
    if participant.workshop_id != workshop_id:
        raise ApiError(403, "forbidden", "that workshop is not yours")
    if participant.role != "facilitator":
        raise ApiError(403, "forbidden", "only a facilitator may export the workshop")
    return False


async def export_workshop(request: Request) -> Response:
    fmt = request.query_params.get("format", "md")
    lang = request.query_params.get("lang")
    workshop_id = request.path_params["workshop_id"]
    by_organiser = await _permitted(request, workshop_id)
    if fmt not in EXPORTERS:
        raise ApiError(422, "invalid", "format must be one of " + ", ".join(EXPORTERS))
    if lang is not None and lang not in report_text.LANGUAGES:
        raise ApiError(422, "invalid", "lang must be en, et or de")
    return await EXPORTERS[fmt](ExportRequest(request, workshop_id, lang, by_organiser))
