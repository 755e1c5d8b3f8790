"""The organiser's session cookie, the same-site check that keeps it from being used by
another site's page (CSRF), and who may create workshops.

The cookie is HttpOnly, SameSite=Strict, and Secure whenever the page was served over
HTTPS (directly or behind a proxy that says so). Strict costs nothing here: the pages are
static and only the same-origin API calls need the cookie. On top of SameSite, every
request the cookie authenticates that is not a GET must carry an `Origin` of this site
(the WebSocket's origin rule), so an old browser without SameSite is covered too.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from cocreate.config import Settings
from cocreate.endpoints.json_http import ApiError, store_of
from cocreate.store import organisers

COOKIE = "cocreate_organiser"
SAFE_METHODS = ("GET", "HEAD")


@dataclass(frozen=True)
class Organiser:
    id: str
    email: str


def now_ms() -> int:
    return int(time.time() * 1000)


def same_site(request: Request) -> bool:
    """Whether the request's `Origin` is this site (or one the operator allows)."""
    origin = request.headers.get("origin")
    if origin is None:
        return False
    settings: Settings = request.app.state.settings
    if settings.allowed_origins:
        return origin in settings.allowed_origins
    if settings.public_url and origin == settings.public_url.rstrip("/"):
        return True
    return origin == f"{request.url.scheme}://{request.headers.get('host', '')}"


def refuse_other_sites(request: Request) -> None:
    """403 for a request that is not a GET and comes from another site's page: browsers
    send `Origin` with every such request, so one that is missing or foreign is refused."""
    if request.method not in SAFE_METHODS and not same_site(request):
        raise ApiError(403, "forbidden", "an organiser's request must come from this site "
                       "(its Origin header)")


async def current_organiser(request: Request) -> Organiser | None:
    """The signed-in organiser, or None (no cookie, or an expired or ended session). A
    cookie on a request from another site is refused (403), never ignored."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    refuse_other_sites(request)
    found = await store_of(request).read(organisers.by_session, token, now_ms())
    return None if found is None else Organiser(*found)


async def organiser_required(request: Request) -> Organiser:
    organiser = await current_organiser(request)
    if organiser is None:
        raise ApiError(401, "unauthorized", "sign in as an organiser first")
    return organiser


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    settings: Settings = request.app.state.settings
    response.set_cookie(COOKIE, token, max_age=settings.organiser_session_hours * 3600,
                        path="/", httponly=True, samesite="strict", secure=_https(request))


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict",
                           secure=_https(request))


def _https(request: Request) -> bool:
    # uvicorn runs with proxy_headers: a trusted proxy's X-Forwarded-Proto sets the scheme.
    settings: Settings = request.app.state.settings
    return request.url.scheme == "https" or (settings.public_url or "").startswith("https://")


async def creation_policy(request: Request) -> str:
    """`open` or `organisers`: the operator's choice, else `organisers` once an
    organiser account exists."""
    settings: Settings = request.app.state.settings
    if settings.create_policy is not None:
        return settings.create_policy
    n = await store_of(request).read(organisers.count)
    return "organisers" if n else "open"
