"""The Starlette application: routes and the lifespan that wires the parts."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from cocreate import background
from cocreate.broker import make_broker
from cocreate.config import Settings
from cocreate.endpoints import (
    archive,
    exports,
    health,
    lifecycle,
    my_data,
    organisers,
    series,
    statements,
    templates,
    websocket,
    workshop_export,
    workshops,
)
from cocreate.endpoints.json_http import EXCEPTION_HANDLERS
from cocreate.endpoints.security_headers import SecurityHeaders
from cocreate.hub import Hub
from cocreate.ratelimit import AddressThrottle
from cocreate.store.store import Store
from cocreate.templates import load_builtins

log = logging.getLogger("cocreate.app")

# Every HTTP route and the socket; docs/protocol.md documents each.
WS_PATH = "/ws"
STATE_KEY = "cocreate"  # the lifespan state's key for `app.state`

ROUTES: list[BaseRoute] = [
    Route("/api/workshops", workshops.create_workshop, methods=["POST"]),
    Route("/api/workshops/import", archive.import_workshop, methods=["POST"]),
    Route("/api/join", workshops.join, methods=["POST"]),
    Route("/api/join/{code}", workshops.join_info, methods=["GET"]),
    Route("/api/join/{code}/privacy", statements.join_privacy, methods=["GET"]),
    Route("/api/workshops/{workshop_id}/participants", workshops.list_participants,
          methods=["GET"]),
    Route("/api/workshops/{workshop_id}/participants/{participant_id}/erase",
          my_data.erase_participant, methods=["POST"]),
    Route("/api/me/data", my_data.download, methods=["GET"]),
    Route("/api/me/erase", my_data.erase_me, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/templates", templates.list_templates, methods=["GET"]),
    Route("/api/workshops/{workshop_id}", workshops.get_workshop, methods=["GET"]),
    Route("/api/workshops/{workshop_id}/followup", series.issue_followup, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/followup", series.revoke_followup,
          methods=["DELETE"]),
    Route("/api/followup/{token}", series.get_followup, methods=["GET"]),
    Route("/api/series/{series_id}", series.get_series, methods=["GET"]),
    Route("/api/workshops/{workshop_id}/export", workshop_export.export_workshop,
          methods=["GET"]),
    Route("/api/workshops/{workshop_id}", lifecycle.delete_workshop, methods=["DELETE"]),
    Route("/api/rooms/{room_id}/export", exports.export_room, methods=["GET"]),
    Route("/api/rooms/{room_id}/snapshots", exports.list_snapshots, methods=["GET"]),
    Route("/api/rooms/{room_id}/results", exports.room_results, methods=["GET"]),
    Route("/api/snapshots/{snapshot_id}", exports.get_snapshot, methods=["GET"]),
    Route("/api/qr.svg", workshops.join_qr, methods=["GET"]),
    Route("/api/organiser/login", organisers.login, methods=["POST"]),
    Route("/api/organiser/logout", organisers.logout, methods=["POST"]),
    Route("/api/organiser", organisers.me, methods=["GET"]),
    Route("/api/organiser/workshops", organisers.my_workshops, methods=["GET"]),
    Route("/api/organiser/workshops/{workshop_id}/facilitator-link",
          organisers.reissue_facilitator_link, methods=["POST"]),
    Route("/api/organiser/workshops/{workshop_id}/co-facilitators",
          organisers.add_co_facilitator, methods=["POST"]),
    Route("/api/organiser/workshops/{workshop_id}/co-facilitators/{participant_id}",
          organisers.revoke_co_facilitator, methods=["DELETE"]),
    Route("/privacy", statements.privacy_page, methods=["GET"]),
    Route("/accessibility", statements.accessibility_page, methods=["GET"]),
    Route("/healthz", health.healthz, methods=["GET"]),
    Route("/metrics", health.metrics, methods=["GET"]),
    WebSocketRoute(WS_PATH, websocket.endpoint),
]


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        # First, so a metrics port that is taken stops the start before anything opens.
        metrics_server = (await health.serve_metrics(settings)
                          if settings.metrics_port is not None else None)
        load_builtins()  # a broken template file stops the start, naming it
        store = Store(settings.database_url)
        broker = make_broker(settings.redis_url, settings.redis_prefix)
        hub = Hub(store, broker, settings.redis_prefix)
        store.on_events = hub.publish_events
        await broker.connect(hub.on_message, hub.poll)
        app.state.settings, app.state.store, app.state.broker, app.state.hub = (
            settings, store, broker, hub)
        app.state.join_failures = AddressThrottle(settings.join_failures_per_minute)
        app.state.creates = AddressThrottle(settings.creates_per_minute)
        app.state.login_failures = AddressThrottle(settings.login_failures_per_minute)
        # Keyed by email rather than address: one account guessed at from many addresses.
        app.state.login_failures_by_account = AddressThrottle(
            settings.login_failures_per_account)
        await store.beat()
        tasks = background.start(store, hub, settings)
        log.info("process %s ready (broker: %s)", store.process_id, broker.status())
        # Everything built so far (modules, SQLAlchemy's compiled statements, the
        # app) lives as long as the process: frozen, a full collection under load
        # no longer walks it. Measured: ~50 ms stop-the-world pauses became ~12 ms.
        gc.collect()
        gc.freeze()
        try:
            # Lifespan state reaches uvicorn's protocols too: ws_protocol serves /ws from it.
            yield {STATE_KEY: app.state}
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            with contextlib.suppress(Exception):
                await store.forget_process()
            await broker.disconnect()
            store.close()
            if metrics_server is not None:
                await health.stop_metrics(metrics_server)

    routes = list(ROUTES)
    if settings.web_dir.is_dir():
        routes.append(Mount("/", StaticFiles(directory=settings.web_dir, html=True), name="web"))
    return SecuredStarlette(routes=routes, lifespan=lifespan,
                            exception_handlers=EXCEPTION_HANDLERS,
                            frame_ancestors=settings.frame_ancestors)


class SecuredStarlette(Starlette):
    """Starlette with the security headers outermost, around its error handling too, so
    every HTTP answer carries them: pages, API JSON, 404s, and the 500 of an exception."""

    def __init__(self, *args: Any, frame_ancestors: str = "'none'", **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.frame_ancestors = frame_ancestors

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack(), self.frame_ancestors)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # The board's socket skips the error middleware and the router: they answer
        # HTTP, and for a socket each of them stays on the stack for its lifetime
        # (measured with tracemalloc: 4.8 KiB of 27.4 per idle connection) and wraps
        # every frame it sends. The endpoint handles its own errors; its route stays.
        if scope["type"] == "websocket" and scope["path"] == WS_PATH:
            scope["app"] = self
            await websocket.endpoint(WebSocket(scope, receive, send))
            return
        await super().__call__(scope, receive, send)
