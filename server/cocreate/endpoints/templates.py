"""The method templates a facilitator may apply: the built-ins in the
workshop's language, and those this workshop saved (no other workshop's)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response

from cocreate.board.names import LANGUAGES
from cocreate.endpoints.json_http import ApiError, authenticate, json_response, store_of
from cocreate.store.templates import saved_templates
from cocreate.store.workshops import workshop_language
from cocreate.templates import builtins_in


async def list_templates(request: Request) -> Response:
    participant = await authenticate(request)
    workshop_id = request.path_params["workshop_id"]
    if participant.workshop_id != workshop_id:
        raise ApiError(403, "forbidden", "that token belongs to another workshop")
    if participant.role != "facilitator":
        raise ApiError(403, "forbidden", "only a facilitator may read the templates")
    lang = request.query_params.get("lang")
    if lang is not None and lang not in LANGUAGES:
        raise ApiError(422, "invalid", "lang must be en, et or de")

    def read(conn: Connection) -> tuple[str, list[dict[str, Any]]]:
        return workshop_language(conn, workshop_id), saved_templates(conn, workshop_id)
    language, saved = await store_of(request).read(read)
    language = lang or language
    return json_response({"language": language,
                          "templates": [*builtins_in(language), *saved]})
