"""`/ws` over ASGI: check the origin, accept, and hand the socket to a `Session`.

`cocreate serve` does not come here: it serves `/ws` with `ws_protocol`,
which applies the same origin rule before its handshake.
"""

from __future__ import annotations

from starlette.websockets import WebSocket

from cocreate import metrics, protocol
from cocreate.session import Session
from cocreate.sockets import AsgiSocket


def origin_allowed(origin: str | None, host: str, scheme: str, allowed: list[str]) -> bool:
    """Whether a socket from a page at `origin` may open: a browser's page of this
    server (or of `allowed`, when set), or no browser at all."""
    if origin is None:
        return True  # not a browser
    if allowed:
        return origin in allowed
    return origin == f"{'https' if scheme == 'wss' else 'http'}://{host}"


async def endpoint(websocket: WebSocket) -> None:
    state = websocket.app.state
    if not origin_allowed(websocket.headers.get("origin"), websocket.headers.get("host", ""),
                          websocket.url.scheme, state.settings.allowed_origins):
        await websocket.close(code=protocol.CLOSE_POLICY)  # before accept: HTTP 403
        return
    await websocket.accept()
    metrics.CONNECTIONS.inc()
    try:
        await Session(AsgiSocket(websocket), state.store, state.hub,
                      state.settings.sockets_per_participant).run()
    finally:
        metrics.CONNECTIONS.dec()
