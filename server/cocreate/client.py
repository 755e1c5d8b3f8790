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
from cocreate.protocol import CLOSE_INTERNAL_ERROR, CLOSE_TRY_AGAIN_LATER

log = logging.getLogger("cocreate.client")

OUTBOX_MAX_FRAMES = 4096
OUTBOX_MAX_BYTES = 8 * 1024 * 1024

# Close tasks in flight, so that none is collected before it has run.
_CLOSING: set[asyncio.Task[None]] = set()


class Client:
    # Slots, and an outbox made only when a write has to wait: a connection's own
    # memory is most of what an idle hall costs (docs/performance.md, memory).
    __slots__ = ("id", "participant", "room_id", "last_seq", "pending", "presence_changes",
                 "_send", "_close", "_gone", "_outbox", "_outbox_bytes", "_writer", "_closed")

    def __init__(self, client_id: str, send: Callable[[str], Coroutine[Any, Any, None]],
                 close: Callable[[int, str], Coroutine[Any, Any, None]],
                 gone: Callable[[], bool] = lambda: False) -> None:
        self.id = client_id
        self.participant: Participant | None = None
        self.room_id: str | None = None
        # None while a welcome is being prepared: events then wait in `pending`.
        self.last_seq: int | None = None
        self.pending: list[Event] = []
        # Asked in hello for `presence.changes` instead of whole presence lists.
        self.presence_changes = False
        self._send = send
        self._close = close
        self._gone = gone  # whether the peer has already disconnected
        self._outbox: deque[str] | None = None
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
        if self._outbox is None:
            self._outbox = deque()
        self._outbox.append(frame)
        self._outbox_bytes += len(frame)
        if len(self._outbox) > OUTBOX_MAX_FRAMES or self._outbox_bytes > OUTBOX_MAX_BYTES:
            log.warning("closing client %s: it stopped reading", self.id)
            metrics.SLOW_CLOSED.inc()
            self._close_with(CLOSE_TRY_AGAIN_LATER, "too slow; reconnect with since")

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
        except Exception as e:
            self._write_failed(e)
            return
        self._writer = asyncio.get_running_loop().create_task(self._finish(coro, waiting))

    async def _finish(self, coro: Coroutine[Any, Any, None], waiting: Any) -> None:
        """Drive the suspended send to its end as a Task would, then drain the outbox."""
        try:
            while True:
                if isinstance(waiting, asyncio.Future):
                    # What a Task does with a future its coroutine yields: clear the
                    # flag the yield set, wait for the future, resume the coroutine
                    # (which then takes the result or the exception). Awaiting the
                    # future with the flag still set raises "await wasn't used with
                    # future", which once left the socket open and deaf.
                    waiting._asyncio_future_blocking = False
                    await asyncio.wait((waiting,))
                else:
                    await asyncio.sleep(0)  # a bare yield: give the loop one turn
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
        except Exception as e:
            self._write_failed(e)
        finally:
            self._writer = None
            if not self._outbox:
                self._outbox = None

    def _write_failed(self, error: Exception) -> None:
        """Every failed write closes the socket with a code: the client then
        reconnects with `since` and misses nothing. A socket that is already
        gone makes that close a no-op."""
        if self._closed:
            return
        if self._gone():  # the usual end of a socket, not a failure
            log.debug("client %s went away during a write (%r)", self.id, error)
        else:
            log.warning("closing client %s: a write failed (%r)", self.id, error)
        self._close_with(CLOSE_INTERNAL_ERROR, "write failed; reconnect with since")

    def _close_with(self, code: int, reason: str) -> None:
        self._closed = True
        self._outbox = None
        self._outbox_bytes = 0
        task = asyncio.get_running_loop().create_task(self._close_quietly(code, reason))
        _CLOSING.add(task)
        task.add_done_callback(_CLOSING.discard)

    async def _close_quietly(self, code: int, reason: str) -> None:
        try:
            await self._close(code, reason)
        except Exception as e:  # the socket went away meanwhile: nothing left to close
            log.debug("closing client %s with %d: %r", self.id, code, e)

    def close(self, code: int, reason: str) -> None:
        """Close the socket with `code` (once); nothing more is written to it."""
        if not self._closed:
            self._close_with(code, reason)

    def stop_writing(self) -> None:
        """The session closes the socket itself: nothing more is written."""
        self._closed = True
        self._outbox = None
        self._outbox_bytes = 0

    async def shutdown(self) -> None:
        self._closed = True
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._writer
