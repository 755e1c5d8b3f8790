"""A participant's own data: download it, erase it (or a facilitator erases it for them).

Erasure follows the workshop's `erase_policy` (board.settings): see store.erasure.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from cocreate.board.participants import Participant
from cocreate.endpoints.json_http import ApiError, authenticate, json_response, store_of
from cocreate.ids import looks_like_id
from cocreate.store import erasure, my_data

GONE = ApiError(410, "gone", "that participant's data has been erased")


async def _me(request: Request) -> Participant:
    """The bearer's participant; 410 for the token of someone since erased."""
    try:
        return await authenticate(request)
    except ApiError as refused:
        token = request.headers.get("authorization", "").partition(" ")[2].strip()
        if refused.status == 401 and token and await store_of(request).read(
                erasure.erased_token, token):
            raise GONE from None
        raise


async def download(request: Request) -> Response:
    """Everything stored about the bearer (store.my_data), as JSON to keep."""
    me = await _me(request)
    found = await store_of(request).read(my_data.my_data, me.id)
    if found is None:
        raise GONE
    return Response(json_response(found).body, media_type="application/json",
                    headers={"content-disposition": 'attachment; filename="my-data.json"'})


async def erase_me(request: Request) -> Response:
    """A participant erases themselves; their token stops working."""
    me = await _me(request)
    if me.role != "participant":
        raise ApiError(403, "forbidden", "only a participant may erase their own data here")
    await _erase(request, me.workshop_id, me.id)
    return Response(status_code=204)


async def erase_participant(request: Request) -> Response:
    """A facilitator of the workshop erases a participant who asked them to."""
    me = await authenticate(request)
    workshop_id = request.path_params["workshop_id"]
    if me.workshop_id != workshop_id:
        raise ApiError(403, "forbidden", "that token belongs to another workshop")
    if me.role != "facilitator":
        raise ApiError(403, "forbidden", "only a facilitator may erase a participant")
    pid = request.path_params["participant_id"]
    if not looks_like_id(pid):
        raise ApiError(404, "not_found", "no such participant in this workshop")
    people = await store_of(request).read(my_data.role_of, workshop_id, pid)
    if people is None:
        raise ApiError(404, "not_found", "no such participant in this workshop")
    if people != "participant":
        raise ApiError(422, "invalid", "only a participant's data can be erased")
    await _erase(request, workshop_id, pid)
    return Response(status_code=204)


async def _erase(request: Request, workshop_id: str, participant_id: str) -> None:
    try:
        await store_of(request).erase(workshop_id, participant_id)
    except erasure.NoSuchParticipant:
        raise ApiError(404, "not_found", "no such participant in this workshop") from None
    except erasure.AlreadyErased:
        raise GONE from None
