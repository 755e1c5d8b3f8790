"""One connected client as the hub sees it: who it is, how far it has got in
its room's events, and a bounded outbox.

Writes never block the hub: a frame is written at once when the socket can
take it, and otherwise goes into the outbox that a writer task drains. A
socket whose outbox overflows (a client that stopped reading) is closed with
1013 and re-syncs on reconnect with `since`, so one slow consumer never slows
its room.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from cocreate import metrics
from cocreate.board.participants import Participant
from cocreate.board.state import Event
from cocreate.protocol import CLOSE_TRY_AGAIN_LATER

log = logging.getLogger("cocreate.client")

OUTBOX_MAX_FRAMES = 4096
OUTBOX_MAX_BYTES = 8 * 1024 * 1024


class Client:
    def __init__(self, client_id: str, send: Callable[[str], Coroutine[Any, Any, None]],
                 close: Callable[[int, str], Coroutine[Any, Any, None]]) -> None:
        self.id = client_id
        self.participant: Participant | None = None
        self.room_id: str | None = None
        # None while a welcome is being prepared: events then wait in `pending`.
        self.last_seq: int | None = None
        self.pending: list[Event] = []
        self._send = send
        self._close = close
        self._outbox: deque[str] = deque()
        self._outbox_bytes = 0
        self._writer: asyncio.Task[None] | None = None
        self._closed = False

    def send(self, frame: str) -> None:
        """Write `frame` now if the socket can take it, else queue it (bounded)."""
        if self._closed:
            return
        if self._writer is None:
            self._write_eagerly(frame)
            return
        self._outbox.append(frame)
        self._outbox_bytes += len(frame)
        if len(self._outbox) > OUTBOX_MAX_FRAMES or self._outbox_bytes > OUTBOX_MAX_BYTES:
            log.warning("closing client %s: it stopped reading", self.id)
            metrics.SLOW_CLOSED.inc()
            self._closed = True
            self._outbox.clear()
            asyncio.get_running_loop().create_task(
                self._close(CLOSE_TRY_AGAIN_LATER, "too slow; reconnect with since"))

    def _write_eagerly(self, frame: str) -> None:
        # The server's send coroutine only suspends when the transport is paused
        # (the client is not reading). Stepping it here writes the frame with no
        # task switch per recipient; if it does suspend, a writer task finishes it
        # and drains the outbox, and frames queue until then.
        coro = self._send(frame)
        try:
            waiting = coro.send(None)
        except StopIteration:
            return
        except Exception:
            self._closed = True  # the socket is gone; the reader side cleans up
            return
        self._writer = asyncio.get_running_loop().create_task(self._finish(coro, waiting))

    async def _finish(self, coro: Coroutine[Any, Any, None], waiting: Any) -> None:
        try:
            while True:
                if waiting is None:
                    await asyncio.sleep(0)
                else:
                    await waiting
                try:
                    waiting = coro.send(None)
                except StopIteration:
                    break
            while self._outbox and not self._closed:
                frame = self._outbox.popleft()
                self._outbox_bytes -= len(frame)
                await self._send(frame)
        except asyncio.CancelledError:
            coro.close()
            raise
        except Exception:
            self._closed = True
        finally:
            self._writer = None

    async def shutdown(self) -> None:
        self._closed = True
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._writer
