"""A room's board as a file (Markdown, CSV, JSON), and its snapshots.

Both are read as their reader may see them: the export through the live
board's redaction (the store's `reader_board`), a snapshot through
`board.redaction.snapshot_view` before it leaves.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from cocreate import report_formats, report_text
from cocreate.board import access
from cocreate.board.participants import Participant
from cocreate.board.redaction import Disclosure, Viewer, snapshot_view
from cocreate.board.state import AuthorsMode
from cocreate.endpoints.json_http import ApiError, authenticate, json_response, store_of
from cocreate.store import workshops
from cocreate.store.store import ReaderBoard

Renderer = Callable[[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any], str], str]

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
    lang = request.query_params.get("lang")
    if lang is not None and lang not in report_text.LANGUAGES:
        raise ApiError(422, "invalid", "lang must be en, et or de")
    found = await _readable_board(request, participant)
    render, media_type = FORMATS[fmt]
    body = render(found.workshop, found.room, found.state, found.participants,
                  lang or found.workshop.get("language") or "en")
    return Response(body, media_type=media_type, headers={
        "content-disposition": content_disposition(found.workshop["title"],
                                                   found.room["name"], fmt)})


async def room_results(request: Request) -> Response:
    """A room's results by stakeholder group (`board.results`), as its board shows them."""
    found = await _readable_board(request, await authenticate(request))
    return json_response(found.state["results_by_group"])


async def _readable_board(request: Request, participant: Participant) -> ReaderBoard:
    store = store_of(request)
    room_id = request.path_params["room_id"]
    if not access.may_open_room(participant, room_id,
                                await store.plenary_room_id(participant.workshop_id)):
        # As on the socket: a participant reads their own room and the plenary.
        if await store.room_exists(room_id):
            raise ApiError(403, "forbidden", "that room is not yours to read")
        raise ApiError(404, "not_found", "no such room")
    found = await store.reader_board(participant, room_id)
    if found is None:
        if await store.room_exists(room_id):
            raise ApiError(403, "forbidden", "that room belongs to another workshop")
        raise ApiError(404, "not_found", "no such room")
    return found


# Characters a file name must not hold (path separators, quotes, Windows' reserved).
_UNSAFE_IN_FILENAME = frozenset('"\\/:*?<>|')
_NOT_ASCII_WORD = re.compile(r"[^A-Za-z0-9_]+")
# RFC 5987 attr-char beyond letters and digits: what `filename*` keeps unescaped.
_ATTR_CHAR_MARKS = "!#$&+-.^_`|~"
_PART_MAX = 80  # characters of the title and of the room name in a file name


def _filename_part(name: str, default: str) -> str:
    """`name` as part of a file name: controls and line breaks become spaces, runs of
    white space one space, quotes, backslashes and path separators a hyphen."""
    out = []
    for c in name:
        if c in _UNSAFE_IN_FILENAME:
            out.append("-")
        elif c.isspace() or unicodedata.category(c).startswith("C"):
            out.append(" ")  # controls, line and paragraph breaks, format marks (e.g. RLO)
        else:
            out.append(c)
    return " ".join("".join(out).split())[:_PART_MAX].strip() or default


def _ascii_part(part: str, default: str) -> str:
    """`part` in plain ASCII letters, digits, `_` and `-` (accents dropped: Š -> S)."""
    plain = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode("ascii")
    return _NOT_ASCII_WORD.sub("-", plain).strip("-") or default


def content_disposition(title: str, room: str, fmt: str) -> str:
    """RFC 6266: `filename*` in UTF-8 (percent-encoded) with an ASCII `filename` for
    old clients; nothing of the names reaches the header unescaped."""
    parts = (_filename_part(title, "workshop"), _filename_part(room, "room"))
    fallback = f"{_ascii_part(parts[0], 'workshop')}-{_ascii_part(parts[1], 'room')}"
    utf8 = quote(f"{parts[0]}-{parts[1]}.{fmt}", safe=_ATTR_CHAR_MARKS, encoding="utf-8")
    return f"attachment; filename=\"{fallback}.{fmt}\"; filename*=UTF-8''{utf8}"


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
    """One snapshot, its board redacted for the reader as a live board is."""
    participant = await authenticate(request)
    _facilitator_only(participant)
    found = await store_of(request).snapshot(request.path_params["snapshot_id"],
                                             participant.workshop_id)
    if found is None:
        raise ApiError(404, "not_found", "no such snapshot in your workshop")
    small = await store_of(request).read(workshops.small_groups, participant.workshop_id)
    disclosure = Disclosure(cast(AuthorsMode, found.authors), found.facilitator_sees_authors,
                            frozenset(small))
    state = snapshot_view(found.state, Viewer(participant.id, participant.role), disclosure,
                          found.revealed_tally, found.revealed_results)
    return json_response({**found.meta(), "state": state})
