"""JSON in, JSON out: reading a request's body and bearer token, answering with
data or with `{"error": {"code", "message"}}`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import orjson
from sqlalchemy.exc import OperationalError
from starlette.requests import Request
from starlette.responses import Response

from cocreate.board.errors import BoardError
from cocreate.board.participants import Participant
from cocreate.ratelimit import AddressThrottle
from cocreate.store.store import Store

T = TypeVar("T")


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def json_response(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def error_response(status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> Response:
    response = json_response({"error": {"code": code, "message": message}}, status)
    response.headers.update(headers or {})
    return response


def client_address(request: Request) -> str:
    """The caller's address (behind a trusted proxy, the one it forwarded)."""
    return request.client.host if request.client is not None else "unknown"


def refuse_if_throttled(throttle: AddressThrottle, request: Request, what: str) -> str:
    """429 with Retry-After while the caller's address has used up `throttle`;
    otherwise the address, for the caller to `spend` on."""
    address = client_address(request)
    wait = throttle.retry_after(address)
    if wait is not None:
        raise ApiError(429, "rate_limited", f"too many {what} from your address; "
                       f"try again in {wait} s", headers={"Retry-After": str(wait)})
    return address


async def json_body(request: Request) -> dict[str, Any]:
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        raise ApiError(422, "invalid", "the body must be JSON") from None
    if not isinstance(body, dict):
        raise ApiError(422, "invalid", "the body must be a JSON object")
    return body


def checked(fn: Callable[..., T], *args: Any, **kw: Any) -> T:
    """`fn(...)`, with a refusal by the rules answered as 422 `invalid`."""
    try:
        return fn(*args, **kw)
    except BoardError as e:
        raise ApiError(422, "invalid", e.message) from None


async def authenticate(request: Request) -> Participant:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "send 'Authorization: Bearer TOKEN'")
    participant = await store_of(request).participant_by_token(token.strip())
    if participant is None:
        raise ApiError(401, "unauthorized", "that token is not valid")
    return participant


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.headers)


async def _database_down(request: Request, exc: Exception) -> Response:
    return error_response(503, "unavailable", "the database is unreachable; nothing changed")


async def _unexpected(request: Request, exc: Exception) -> Response:
    return error_response(500, "internal", "something went wrong on the server")


EXCEPTION_HANDLERS: dict[Any, Callable[[Request, Exception], Any]] = {
    ApiError: _api_error, OperationalError: _database_down, Exception: _unexpected}
