"""Workshops over HTTP: create one, join one, read it and its participants, its join QR."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response

from cocreate import qr
from cocreate.board import lifecycle, names, validate
from cocreate.board.limits import NAME_MAX
from cocreate.board.settings import new_workshop_settings
from cocreate.config import Settings
from cocreate.endpoints import series
from cocreate.endpoints.json_http import (
    ApiError,
    authenticate,
    checked,
    json_body,
    json_response,
    refuse_if_throttled,
    store_of,
)
from cocreate.endpoints.organiser_session import Organiser, creation_policy, current_organiser
from cocreate.ids import JOIN_CODE_ALPHABET, normalise_join_code
from cocreate.ratelimit import AddressThrottle
from cocreate.store import workshops

ROLES_JOINING = ("participant", "wall", "juror")
SITES = ("onsite", "remote")
JOIN_CODE_MAX = 16


def _optional_name(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return checked(validate.text, body, key, NAME_MAX, what=key).strip()


async def creator(request: Request) -> Organiser | None:
    """Who creates a workshop (the signed-in organiser, or nobody under the `open`
    policy); 401 when the policy lets only organisers. Importing one asks the same."""
    organiser = await current_organiser(request)
    if organiser is None and await creation_policy(request) == "organisers":
        raise ApiError(401, "unauthorized", "only a signed-in organiser may create workshops "
                       "on this server")
    return organiser


def spend_a_creation(request: Request) -> None:
    """429 once the caller's address created (or imported) as many workshops as a
    minute allows; otherwise counts this one."""
    creates: AddressThrottle = request.app.state.creates
    creates.spend(refuse_if_throttled(creates, request, "workshops created"))


async def create_workshop(request: Request) -> Response:
    """Anyone under the `open` policy, a signed-in organiser under `organisers`; with
    `series_of`, also only a facilitator of that event (the next event of its series)."""
    organiser = await creator(request)
    body = await json_body(request)
    previous_id = body.get("series_of")
    if previous_id is not None:
        settings = await series.next_event_settings_of(request, body)
    else:
        settings = checked(new_workshop_settings, body)
    config: Settings = request.app.state.settings
    retention_days = checked(lifecycle.retention_days, body, config.retention_days)
    name = _optional_name(body, "facilitator_name") or names.facilitator(settings["language"])
    spend_a_creation(request)
    organiser_id = organiser.id if organiser else None
    if previous_id is not None:
        made = await store_of(request).tx(series.create_next(previous_id, settings, name,
                                                             organiser_id, retention_days))
        return json_response(made, 201)

    def create(conn: Connection) -> dict[str, Any]:
        made = workshops.create_workshop(conn, settings, name, organiser_id, retention_days)
        made["workshop"] = workshops.workshop_dict(conn, made.pop("workshop_id"))
        return made
    return json_response(await store_of(request).tx(create), 201)


async def join(request: Request) -> Response:
    body = await json_body(request)
    code = body.get("join_code")
    if not isinstance(code, str) or not code.strip():
        raise ApiError(422, "invalid", "'join_code' is required")
    name = checked(validate.text, body, "name", NAME_MAX, what="name").strip()
    role = checked(validate.choice, body, "role", ROLES_JOINING, "participant")
    site = checked(validate.choice, body, "site", SITES, "onsite")
    group = _optional_name(body, "group")
    organisation = _optional_name(body, "organisation")

    def do(conn: Connection) -> dict[str, Any]:
        workshop = workshops.workshop_by_code(conn, code)
        if workshop is None:
            raise ApiError(404, "not_found", "no workshop has that join code")
        _refuse_closed(workshop)
        if role == "juror" and not workshop["jurors_join"]:
            raise ApiError(403, "forbidden", "jurors join when a facilitator lets them "
                                             "(or a facilitator makes someone a juror)")
        groups = orjson.loads(workshop["groups"])
        if group is not None and groups and group not in groups:
            raise ApiError(422, "invalid", f"'group' must be one of: {', '.join(groups)}")
        return workshops.join(conn, workshop, name=name, group=group,
                              organisation=organisation, role=role, site=site)
    return json_response(await looked_up(request, do, write=True), 201)


def _refuse_closed(workshop: Any) -> None:
    if workshop["closed"]:
        raise ApiError(409, "closed", "this workshop is closed and takes no new participants")


async def get_workshop(request: Request) -> Response:
    participant = await authenticate(request)
    workshop_id = request.path_params["workshop_id"]
    workshop = await store_of(request).read(workshops.workshop_dict, workshop_id)
    if workshop is None:
        raise ApiError(404, "not_found", "no such workshop")
    if participant.workshop_id != workshop_id:
        raise ApiError(403, "forbidden", "that token belongs to another workshop")
    return json_response(workshop)


async def join_info(request: Request) -> Response:
    """What a join page shows before joining: public to whoever has the code."""
    code = request.path_params["code"]

    def find(conn: Connection) -> dict[str, Any]:
        workshop = workshops.workshop_by_code(conn, code)
        if workshop is None:
            raise ApiError(404, "not_found", "no workshop has that join code")
        _refuse_closed(workshop)
        return {"title": workshop["title"], "challenge": workshop["challenge"],
                "groups": orjson.loads(workshop["groups"]), "join_code": workshop["join_code"]}
    return json_response(await looked_up(request, find, write=False))


async def looked_up(request: Request, lookup: Callable[[Connection], dict[str, Any]], *,
                     write: bool) -> dict[str, Any]:
    """`lookup` of a join code; a code that finds nothing spends from the caller's
    address, so that guessing codes is throttled and joining is not."""
    failures: AddressThrottle = request.app.state.join_failures
    address = refuse_if_throttled(failures, request, "wrong join codes")
    store = store_of(request)
    try:
        return await (store.tx(lookup) if write else store.read(lookup))
    except ApiError as e:
        if e.code == "not_found":
            failures.spend(address)
        raise


async def list_participants(request: Request) -> Response:
    """Everyone who joined the workshop (P shapes); any member may read it."""
    participant = await authenticate(request)
    workshop_id = request.path_params["workshop_id"]
    if participant.workshop_id != workshop_id:
        raise ApiError(403, "forbidden", "that token belongs to another workshop")
    people = await store_of(request).read(workshops.participants_of, workshop_id)
    return json_response([p.as_dict() for p in sorted(people, key=lambda p: (p.name, p.id))])


async def join_qr(request: Request) -> Response:
    """The join link as a QR code; public, like the code it carries."""
    code = normalise_join_code(request.query_params.get("code", ""))
    if not code or len(code) > JOIN_CODE_MAX or any(c not in JOIN_CODE_ALPHABET for c in code):
        raise ApiError(422, "invalid", "give ?code=JOINCODE")
    # Never a forged Host: COCREATE_PUBLIC_URL, a trusted host, or 400 (see public_url.py).
    from cocreate.endpoints.public_url import public_base
    svg = qr.join_qr_svg(f"{public_base(request)}/?join={code}")
    return Response(svg, media_type="image/svg+xml",
                    headers={"cache-control": "public, max-age=3600"})
