"""The JSON HTTP API: create, join, read a workshop, export, health, QR code."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy.exc import OperationalError
from starlette.requests import Request
from starlette.responses import Response

from cocreate.board import fields
from cocreate.board.errors import BoardError
from cocreate.store import accounts
from cocreate.store.accounts import DEFAULT_GROUPS
from cocreate.store.service import Store, participants_of

STATUS = {"bad_message": 422, "invalid": 422, "unauthorized": 401, "forbidden": 403,
          "not_found": 404, "unavailable": 503}
CHALLENGE_MAX = 5000
LIST_MAX = 50


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def json_response(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def error_response(status: int, code: str, message: str) -> Response:
    return json_response({"error": {"code": code, "message": message}}, status)


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        raise ApiError(422, "invalid", "the body must be JSON") from None
    if not isinstance(body, dict):
        raise ApiError(422, "invalid", "the body must be a JSON object")
    return body


def _checked(fn: Any, *args: Any, **kw: Any) -> Any:
    try:
        return fn(*args, **kw)
    except BoardError as e:
        raise ApiError(422, "invalid", e.message) from None


def _str_list(body: dict[str, Any], key: str, limit: int, default: list[str]) -> list[str]:
    value = body.get(key, default)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ApiError(422, "invalid", f"'{key}' must be a list of strings")
    value = [v.strip() for v in value if v.strip()]
    if len(value) > LIST_MAX or any(len(v) > limit for v in value):
        raise ApiError(422, "invalid", f"'{key}': at most {LIST_MAX} items of {limit} characters")
    return value


def _optional(body: dict[str, Any], key: str, limit: int) -> str | None:
    value = body.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _checked(fields.text, body, key, limit, what=key).strip()


async def create_workshop(request: Request) -> Response:
    body = await _body(request)
    title = _checked(fields.text, body, "title", fields.TITLE_MAX, what="title").strip()
    challenge = body.get("challenge", "")
    if not isinstance(challenge, str) or len(challenge) > CHALLENGE_MAX:
        raise ApiError(422, "invalid", f"'challenge' must be text of at most {CHALLENGE_MAX}")
    constraints = _str_list(body, "constraints", 500, [])
    groups = _str_list(body, "groups", fields.NAME_MAX, DEFAULT_GROUPS) or list(DEFAULT_GROUPS)
    authors = body.get("authors", "named")
    if authors not in ("named", "group", "hidden"):
        raise ApiError(422, "invalid", "'authors' must be named, group or hidden")
    name = _optional(body, "facilitator_name", fields.NAME_MAX) or "Facilitator"
    store: Store = request.app.state.store

    def create(conn: Any) -> dict[str, Any]:
        made = accounts.create_workshop(conn, title=title, challenge=challenge.strip(),
                                        constraints=constraints, groups=groups,
                                        authors=authors, facilitator_name=name)
        made["workshop"] = accounts.workshop_dict(conn, made.pop("workshop_id"))
        return made
    return json_response(await store.tx(create), 201)


async def join(request: Request) -> Response:
    body = await _body(request)
    code = body.get("join_code")
    if not isinstance(code, str) or not code.strip():
        raise ApiError(422, "invalid", "'join_code' is required")
    name = _checked(fields.text, body, "name", fields.NAME_MAX, what="name").strip()
    role = body.get("role", "participant")
    if role not in ("participant", "wall"):
        raise ApiError(422, "invalid", "'role' must be participant or wall")
    site = body.get("site", "onsite")
    if site not in ("onsite", "remote"):
        raise ApiError(422, "invalid", "'site' must be onsite or remote")
    group = _optional(body, "group", fields.NAME_MAX)
    organisation = _optional(body, "organisation", fields.NAME_MAX)
    store: Store = request.app.state.store

    def do(conn: Any) -> dict[str, Any]:
        workshop = accounts.workshop_by_code(conn, code)
        if workshop is None:
            raise ApiError(404, "not_found", "no workshop has that join code")
        groups = orjson.loads(workshop["groups"])
        if group is not None and groups and group not in groups:
            raise ApiError(422, "invalid", f"'group' must be one of: {', '.join(groups)}")
        return accounts.join(conn, workshop, name=name, group=group, organisation=organisation,
                             role=role, site=site)
    return json_response(await store.tx(do), 201)


async def authenticate(request: Request) -> accounts.Member:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "send 'Authorization: Bearer TOKEN'")
    member = await request.app.state.store.member_by_token(token.strip())
    if member is None:
        raise ApiError(401, "unauthorized", "that token is not valid")
    return member


async def get_workshop(request: Request) -> Response:
    member = await authenticate(request)
    workshop_id = request.path_params["workshop_id"]
    store: Store = request.app.state.store
    workshop = await store.tx(accounts.workshop_dict, workshop_id)
    if workshop is None:
        raise ApiError(404, "not_found", "no such workshop")
    if member.workshop_id != workshop_id:
        raise ApiError(403, "forbidden", "that token belongs to another workshop")
    return json_response(workshop)


async def join_info(request: Request) -> Response:
    """What a join page shows before joining: public to whoever has the code."""
    code = request.path_params["code"]

    def find(conn: Any) -> dict[str, Any]:
        workshop = accounts.workshop_by_code(conn, code)
        if workshop is None:
            raise ApiError(404, "not_found", "no workshop has that join code")
        return {"title": workshop["title"], "challenge": workshop["challenge"],
                "groups": orjson.loads(workshop["groups"]), "join_code": workshop["join_code"]}
    return json_response(await request.app.state.store.read(find))


async def list_participants(request: Request) -> Response:
    """Everyone who joined the workshop (P shapes); any member may read it."""
    member = await authenticate(request)
    workshop_id = request.path_params["workshop_id"]
    if member.workshop_id != workshop_id:
        raise ApiError(403, "forbidden", "that token belongs to another workshop")
    people = await request.app.state.store.read(participants_of, workshop_id)
    return json_response(sorted(people.values(), key=lambda p: (p["name"], p["id"])))


async def healthz(request: Request) -> Response:
    db_ok = await request.app.state.store.ping_db()
    body = {"db": "ok" if db_ok else "down", "redis": request.app.state.broker.status()}
    return json_response(body, 200 if db_ok else 503)


async def handle_api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message)


async def handle_db_error(request: Request, exc: Exception) -> Response:
    return error_response(503, "unavailable", "the database is unreachable; nothing changed")


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    return error_response(500, "internal", "something went wrong on the server")


EXCEPTION_HANDLERS = {ApiError: handle_api_error, OperationalError: handle_db_error,
                      Exception: handle_unexpected}
