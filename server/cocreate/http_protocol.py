"""uvicorn's HTTP protocol with a deadline for each request's headers.

uvicorn waits for a request line and headers as long as a client cares to
send them, so a few thousand connections that send half a header each and
then nothing (slow loris) hold the server's sockets. Here every connection
must finish the headers of a request within HEADERS_TIMEOUT_S of opening, or
of starting the next request on a kept-alive connection; else it is closed.
A WebSocket upgrade finishes its headers like any request, then is no longer
HTTP.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEADERS_TIMEOUT_S = 10.0


class HeaderDeadlineProtocol(HttpToolsProtocol):
    _headers_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_deadline()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._start_deadline()

    def on_headers_complete(self) -> None:
        self._stop_deadline()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_deadline()
        super().connection_lost(exc)

    def _start_deadline(self) -> None:
        self._stop_deadline()
        self._headers_deadline = self.loop.call_later(HEADERS_TIMEOUT_S, self._too_slow)

    def _stop_deadline(self) -> None:
        if self._headers_deadline is not None:
            self._headers_deadline.cancel()
            self._headers_deadline = None

    def _too_slow(self) -> None:
        self._headers_deadline = None
        if not self.transport.is_closing():
            self.transport.close()
