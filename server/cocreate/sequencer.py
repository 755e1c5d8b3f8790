"""Putting one room's events in seq order, whatever order they arrive in.

Events reach a process from its own commits and from other processes through
the broker, which may reorder or lose them. A `RoomSequencer` hands seq N+1
to its `deliver` only after N: an event that arrives early waits up to
GAP_WAIT_S for the ones before it, then the gap is read from the event log;
`catch_up` reads whatever the log holds past the last delivered event (the
hub's poll calls it, closing losses at the tail that no later event reveals).

No sockets here and no database: the log is any object with
`events_between`, so the ordering is tested against a fake one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Protocol

from cocreate.board.state import Event

log = logging.getLogger("cocreate.sequencer")

GAP_WAIT_S = 0.2


class EventLog(Protocol):
    async def events_between(self, room_id: str, after: int,
                             upto: int | None) -> list[Event]: ...


class RoomSequencer:
    def __init__(self, room_id: str, event_log: EventLog, deliver: Callable[[Event], None],
                 gap_wait_s: float = GAP_WAIT_S) -> None:
        self.room_id = room_id
        self._log = event_log
        self._deliver = deliver
        self._gap_wait_s = gap_wait_s
        self.expected: int | None = None  # the next seq to deliver; None until started
        self._buffer: dict[int, Event] = {}
        self._gap_task: asyncio.Task[None] | None = None

    @property
    def waiting(self) -> list[int]:
        """Seqs that arrived early and wait for the ones before them."""
        return sorted(self._buffer)

    def start(self, seq: int) -> None:
        """Deliver everything after `seq` from now on (the first welcome's seq).

        Later calls change nothing: delivery has one starting point per room.
        """
        if self.expected is not None:
            return
        self.expected = seq + 1
        for early in [s for s in self._buffer if s < self.expected]:
            del self._buffer[early]
        self._drain()
        self._watch_gap()

    def receive(self, event: Event) -> None:
        """Take an event of this room, in any order, any number of times."""
        if self.expected is not None and event.seq < self.expected:
            return
        self._buffer[event.seq] = event
        if self.expected is None:
            return
        self._drain()
        self._watch_gap()

    async def catch_up(self, log_seq: int) -> None:
        """Deliver what the log holds up to `log_seq` that has not been delivered."""
        if self.expected is not None and log_seq >= self.expected:
            for event in await self._log.events_between(self.room_id, self.expected - 1,
                                                        log_seq):
                self.receive(event)

    def close(self) -> None:
        if self._gap_task is not None:
            self._gap_task.cancel()
            self._gap_task = None

    def _drain(self) -> None:
        assert self.expected is not None
        while self.expected in self._buffer:
            event = self._buffer.pop(self.expected)
            self.expected += 1
            try:
                self._deliver(event)
            except Exception:
                # One event that cannot be delivered must not stop the room.
                log.exception("delivering event %s of room %s failed", event.seq, self.room_id)

    def _watch_gap(self) -> None:
        if self._buffer and self._gap_task is None:
            self._gap_task = asyncio.get_running_loop().create_task(self._fill_gap())

    async def _fill_gap(self) -> None:
        try:
            await asyncio.sleep(self._gap_wait_s)
            if self._buffer and self.expected is not None:
                upto = min(self._buffer) - 1
                if upto >= self.expected:
                    for event in await self._log.events_between(self.room_id,
                                                                self.expected - 1, upto):
                        self.receive(event)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("reading a gap of room %s from the log failed; retrying",
                          self.room_id)
        finally:
            self._gap_task = None
        self._watch_gap()
