"""The next event of a series, the series page, and a workshop's follow-up link."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response

from cocreate.board.participants import Participant
from cocreate.board.series import next_event_settings
from cocreate.board.settings import new_workshop_settings
from cocreate.endpoints.json_http import (
    ApiError,
    authenticate,
    checked,
    json_response,
    store_of,
)
from cocreate.endpoints.organiser_session import current_organiser
from cocreate.endpoints.public_url import public_base
from cocreate.store import series, workshops

FOLLOWUP_PAGE = "/followup.html"


async def _facilitator_of(request: Request, workshop_id: Any) -> Participant:
    """The caller, a facilitator of `workshop_id`: 401 without a valid token, 404 for no
    such workshop, 403 for a token of another workshop or of someone else."""
    participant = await authenticate(request)
    if not isinstance(workshop_id, str) or await store_of(request).read(
            workshops.workshop_dict, workshop_id) is None:
        raise ApiError(404, "not_found", "no such workshop")
    if participant.workshop_id != workshop_id:
        raise ApiError(403, "forbidden", "that token belongs to another workshop")
    if participant.role != "facilitator":
        raise ApiError(403, "forbidden", "only a facilitator may do that")
    return participant


async def next_event_settings_of(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """The settings of the next event of `body["series_of"]` (checked: the caller is its
    facilitator); what the body leaves out comes from that event."""
    previous_id = body["series_of"]
    if not isinstance(previous_id, str):
        raise ApiError(422, "invalid", "'series_of' must be a workshop id")
    await _facilitator_of(request, previous_id)
    previous = await store_of(request).read(workshops.workshop_settings, previous_id)
    return checked(new_workshop_settings, next_event_settings(previous, body))


def create_next(previous_id: str, settings: dict[str, Any], name: str,
                organiser_id: str | None, retention_days: int | None = None) -> Any:
    def create(conn: Connection) -> dict[str, Any]:
        made = series.create_next_event(conn, previous_id, settings, name, organiser_id,
                                        retention_days)
        made["workshop"] = workshops.workshop_dict(conn, made.pop("workshop_id"))
        return made
    return create


async def get_series(request: Request) -> Response:
    """A facilitator's bearer token of any event of the series, or its organiser's cookie."""
    series_id = request.path_params["series_id"]
    workshop_id: str | None = None
    organiser_id: str | None = None
    if request.headers.get("authorization"):
        participant = await authenticate(request)
        if participant.role == "facilitator":
            workshop_id = participant.workshop_id
    else:
        organiser = await current_organiser(request)
        if organiser is None:
            raise ApiError(401, "unauthorized", "send 'Authorization: Bearer TOKEN' or sign "
                           "in as an organiser")
        organiser_id = organiser.id
    store = store_of(request)
    readable = await store.read(series.series_readable, series_id, workshop_id, organiser_id)
    if readable is None:
        raise ApiError(404, "not_found", "no such series")
    if not readable:
        raise ApiError(403, "forbidden", "only a facilitator of one of its events, or its "
                       "organiser, may read a series")
    return json_response(await store.read(series.series_page, series_id))


async def issue_followup(request: Request) -> Response:
    """A new follow-up link (the one before, if any, stops working)."""
    workshop_id = request.path_params["workshop_id"]
    await _facilitator_of(request, workshop_id)
    base = public_base(request)
    token = await store_of(request).tx(series.issue_followup, workshop_id)
    return json_response({"token": token, "url": f"{base}{FOLLOWUP_PAGE}#{token}"}, 201)


async def revoke_followup(request: Request) -> Response:
    """204 also when there was no link: afterwards there is none either way."""
    workshop_id = request.path_params["workshop_id"]
    await _facilitator_of(request, workshop_id)
    await store_of(request).tx(series.revoke_followup, workshop_id)
    return Response(status_code=204)


async def get_followup(request: Request) -> Response:
    """Public to whoever holds the link; a wrong or revoked token is 404."""
    view = await store_of(request).read(series.followup, request.path_params["token"])
    if view is None:
        raise ApiError(404, "not_found", "that follow-up link does not work (any more)")
    return json_response(view)
