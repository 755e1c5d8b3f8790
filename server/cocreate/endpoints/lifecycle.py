"""`DELETE /api/workshops/{id}`: a facilitator of the workshop, or the organiser who
created it, deletes it at once with everything in it (store.purge)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from cocreate import retention
from cocreate.board.state import Actor
from cocreate.config import Settings
from cocreate.endpoints.json_http import ApiError, authenticate, store_of
from cocreate.endpoints.organiser_session import current_organiser
from cocreate.store import workshops
from cocreate.store.batch import OpRequest


async def delete_workshop(request: Request) -> Response:
    """204 once deleted. The workshop is closed first, as an ordinary `workshop.close`,
    so every open board on every process turns read-only before the rows go; this
    process's sockets in its rooms are then closed (4401), and others' at their next
    hello."""
    workshop_id = request.path_params["workshop_id"]
    store = store_of(request)
    target = await _authorised_target(request, workshop_id)
    if not target["closed"] and target["facilitator_id"] is not None:
        result = await store.submit(OpRequest(Actor(target["facilitator_id"], "facilitator"),
                                              workshop_id, target["plenary_room_id"],
                                              "workshop.close", {}))
        if result.error is not None and result.error.code == "unavailable":
            raise ApiError(503, "unavailable", result.error.message)
    deleted = await store.delete_workshop(workshop_id)
    if deleted is None:
        raise ApiError(404, "not_found", "no such workshop")
    settings: Settings = request.app.state.settings
    await retention.forget_redis_keys(settings.redis_url, settings.redis_prefix,
                                      retention.report_of([deleted]))
    request.app.state.hub.close_rooms(deleted.ids, "this workshop was deleted")
    return Response(status_code=204)


async def _authorised_target(request: Request, workshop_id: str) -> dict[str, Any]:
    """The workshop, if the caller may delete it: a bearer token of one of its
    facilitators, or the session cookie of the organiser who created it."""
    store = store_of(request)
    if request.headers.get("authorization"):
        participant = await authenticate(request)
        if participant.workshop_id != workshop_id:
            raise ApiError(403, "forbidden", "that token belongs to another workshop")
        if participant.role != "facilitator":
            raise ApiError(403, "forbidden", "only a facilitator may delete a workshop")
        target = await store.read(workshops.deletion_target, workshop_id)
    else:
        organiser = await current_organiser(request)
        if organiser is None:
            raise ApiError(401, "unauthorized", "send 'Authorization: Bearer TOKEN' of a "
                           "facilitator, or sign in as the workshop's organiser")
        target = await store.read(workshops.deletion_target, workshop_id)
        if target is None or target["organiser_id"] != organiser.id:
            raise ApiError(404, "not_found", "you have no workshop with that id")
    if target is None:
        raise ApiError(404, "not_found", "no such workshop")
    return target
