"""What a `Session` needs of its socket, and that socket over ASGI.

`cocreate serve` gives sessions `ws_protocol.BoardSocketProtocol`, the
socket served straight by the `websockets` protocol. Under any other ASGI
server the `/ws` route wraps Starlette's WebSocket in `AsgiSocket`.
"""

from __future__ import annotations

import contextlib
from typing import Protocol

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState


class BoardSocket(Protocol):
    async def receive(self) -> str | bytes | None:
        """The next message, or None once the socket is closed or closing."""

    async def send_text(self, text: str) -> None:
        """Write a text frame; raises when the socket is closing or gone. Suspends
        only while the peer is not reading (see `client.Client`)."""

    async def close(self, code: int, reason: str = "") -> None:
        """Start the closing handshake with `code`; nothing is received after it."""

    def gone(self) -> bool:
        """Whether the socket is closed or closing."""


class AsgiSocket:
    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket
        self.send_text = websocket.send_text

    async def receive(self) -> str | bytes | None:
        try:
            message = await self.websocket.receive()
        except (WebSocketDisconnect, RuntimeError):
            return None
        if message["type"] == "websocket.disconnect":
            return None
        return message.get("text") or message.get("bytes") or ""

    async def close(self, code: int, reason: str = "") -> None:
        if self.websocket.application_state != WebSocketState.DISCONNECTED:
            with contextlib.suppress(RuntimeError):
                await self.websocket.close(code=code, reason=reason)

    def gone(self) -> bool:
        return WebSocketState.DISCONNECTED in (self.websocket.client_state,
                                               self.websocket.application_state)
