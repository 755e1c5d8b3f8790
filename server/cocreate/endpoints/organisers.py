"""An organiser over HTTP: sign in and out, their workshops, a new facilitator link,
co-facilitator links and their revocation."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from cocreate import passwords
from cocreate.board import validate
from cocreate.board.limits import EMAIL_MAX, NAME_MAX, PASSWORD_MAX
from cocreate.board.state import Actor
from cocreate.config import Settings
from cocreate.endpoints.json_http import (
    ApiError,
    checked,
    client_address,
    json_body,
    json_response,
    store_of,
)
from cocreate.endpoints.organiser_session import (
    COOKIE,
    clear_session_cookie,
    now_ms,
    organiser_required,
    refuse_other_sites,
    set_session_cookie,
)
from cocreate.ratelimit import AddressThrottle
from cocreate.store import organisers
from cocreate.store.batch import OpRequest


def _login_throttled(request: Request, email: str) -> None:
    """429 with Retry-After while the address, or the account, has used up its failures."""
    by_address: AddressThrottle = request.app.state.login_failures
    by_account: AddressThrottle = request.app.state.login_failures_by_account
    waits = [w for w in (by_address.retry_after(client_address(request)),
                         by_account.retry_after(email)) if w is not None]
    if waits:
        wait = max(waits)
        raise ApiError(429, "rate_limited", f"too many failed sign-ins; try again in {wait} s",
                       headers={"Retry-After": str(wait)})


async def login(request: Request) -> Response:
    """`{email, password}` -> 204 with the session cookie, or 401 for either one wrong."""
    if request.headers.get("origin") is not None:
        refuse_other_sites(request)  # no signing a victim into another's account
    body = await json_body(request)
    email = organisers.normalise_email(
        checked(validate.text, body, "email", EMAIL_MAX, what="email"))
    password = body.get("password")
    if not isinstance(password, str) or not password:
        raise ApiError(422, "invalid", "'password' is required")
    if len(password) > PASSWORD_MAX:
        raise ApiError(422, "invalid", f"'password' has at most {PASSWORD_MAX} "
                       "characters")
    _login_throttled(request, email)
    store = store_of(request)
    found = await store.read(organisers.credentials, email)
    ok = await asyncio.to_thread(passwords.check_password, found[1] if found else None,
                                 password)
    if not ok or found is None:
        request.app.state.login_failures.spend(client_address(request))
        request.app.state.login_failures_by_account.spend(email)
        raise ApiError(401, "unauthorized", "wrong email or password")
    settings: Settings = request.app.state.settings
    token = await store.tx(organisers.open_session, found[0], now_ms(),
                           settings.organiser_session_hours * 3600 * 1000)
    response = Response(status_code=204)
    set_session_cookie(request, response, token)
    return response


async def logout(request: Request) -> Response:
    """Ends the session (whatever state it was in) and clears the cookie."""
    token = request.cookies.get(COOKIE)
    if token:
        refuse_other_sites(request)
        await store_of(request).tx(organisers.close_session, token)
    response = Response(status_code=204)
    clear_session_cookie(request, response)
    return response


async def me(request: Request) -> Response:
    organiser = await organiser_required(request)
    return json_response({"email": organiser.email})


async def my_workshops(request: Request) -> Response:
    organiser = await organiser_required(request)
    return json_response(await store_of(request).read(organisers.workshops_of, organiser.id))


def _theirs(result: Any) -> Any:
    if result is None:
        raise ApiError(404, "not_found", "you have no workshop with that id")
    return result


async def reissue_facilitator_link(request: Request) -> Response:
    """A new token for the workshop's facilitator; the old link stops working."""
    organiser = await organiser_required(request)
    made = await store_of(request).tx(organisers.reissue_facilitator, organiser.id,
                                      request.path_params["workshop_id"])
    return json_response(_theirs(made), 201)


async def add_co_facilitator(request: Request) -> Response:
    """`{name}` -> a co-facilitator's token, for a colleague to open the console with."""
    organiser = await organiser_required(request)
    body = await json_body(request)
    name = checked(validate.text, body, "name", NAME_MAX, what="name").strip()
    made = await store_of(request).tx(organisers.add_co_facilitator, organiser.id,
                                      request.path_params["workshop_id"], name, now_ms())
    return json_response(_theirs(made), 201)


async def revoke_co_facilitator(request: Request) -> Response:
    """Removes the co-facilitator as the console's `participant.remove` does: their token
    stops working and every socket of theirs, on every process, is closed (4403)."""
    organiser = await organiser_required(request)
    workshop_id = request.path_params["workshop_id"]
    participant_id = request.path_params["participant_id"]
    store = store_of(request)
    found = await store.read(organisers.revocation, organiser.id, workshop_id, participant_id)
    if not isinstance(_theirs(found), tuple):
        raise ApiError(404, "not_found", "no co-facilitator with that id in this workshop")
    assert isinstance(found, tuple)
    first, plenary = found
    result = await store.submit(OpRequest(Actor(first, "facilitator"), workshop_id, plenary,
                                          "participant.remove", {"participant": participant_id}))
    if result.error is not None:
        status = 503 if result.error.code == "unavailable" else 404
        raise ApiError(status, result.error.code, result.error.message)
    return Response(status_code=204)
