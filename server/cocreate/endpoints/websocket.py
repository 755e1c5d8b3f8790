"""`/ws`: check the origin, accept, and hand the socket to a `Session`."""

from __future__ import annotations

from starlette.websockets import WebSocket

from cocreate import metrics, protocol
from cocreate.session import Session


def origin_allowed(websocket: WebSocket, allowed: list[str]) -> bool:
    origin = websocket.headers.get("origin")
    if origin is None:
        return True  # not a browser
    if allowed:
        return origin in allowed
    scheme = "https" if websocket.url.scheme == "wss" else "http"
    return origin == f"{scheme}://{websocket.headers.get('host', '')}"


async def endpoint(websocket: WebSocket) -> None:
    state = websocket.app.state
    if not origin_allowed(websocket, state.settings.allowed_origins):
        await websocket.close(code=protocol.CLOSE_POLICY)  # before accept: HTTP 403
        return
    await websocket.accept()
    metrics.CONNECTIONS.inc()
    try:
        await Session(websocket, state.store, state.hub,
                      state.settings.sockets_per_participant).run()
    finally:
        metrics.CONNECTIONS.dec()
