"""This process's boards, each at a known seq, so an op need not read its room."""

from __future__ import annotations

from collections import deque

from sqlalchemy import Connection

from cocreate import board
from cocreate.board.erasure import ERASED_OP
from cocreate.board.errors import BoardError
from cocreate.board.state import BoardState, Event
from cocreate.store.reads import events_after, events_in_spans, load_board

OFFERED_MAX = 10_000


class BoardCache:
    """Touched only by the database thread.

    Events other processes committed arrive through the broker; `offer` queues
    them (from any thread) so the next read applies them instead of reading
    the log. The log stays the truth: a lost or early event only means a read.
    """

    def __init__(self) -> None:
        self._boards: dict[str, BoardState] = {}
        self._offered: deque[Event] = deque(maxlen=OFFERED_MAX)

    def offer(self, event: Event) -> None:
        self._offered.append(event)

    def _absorb(self) -> None:
        offered = self._offered
        while offered:
            event = offered.popleft()
            state = self._boards.get(event.room)
            if event.op == ERASED_OP:
                # The process that erased rewrote the rows too: read them again.
                self._boards.pop(event.room, None)
            elif state is not None and event.seq == state.seq + 1:
                board.apply(state, event)

    def current(self, conn: Connection, room_id: str, seq: int) -> BoardState:
        """The board of `room_id` at `seq`, read inside the caller's transaction."""
        self._absorb()
        return self._at(conn, room_id, seq)

    def current_many(self, conn: Connection, seqs: dict[str, int]) -> dict[str, BoardState]:
        """`current` of many rooms, the logs of those behind read in one statement."""
        self._absorb()
        behind = [(room_id, state.seq, seq) for room_id, seq in seqs.items()
                  if (state := self._boards.get(room_id)) is not None and state.seq < seq]
        if len(behind) > 1:
            for room_id, events in events_in_spans(conn, behind).items():
                state = self._boards[room_id]
                for event in events:
                    board.apply(state, event)
        return {room_id: self._at(conn, room_id, seq) for room_id, seq in seqs.items()}

    def _at(self, conn: Connection, room_id: str, seq: int) -> BoardState:
        state = self._boards.get(room_id)
        if state is not None and state.seq < seq:
            for event in events_after(conn, room_id, state.seq, seq):
                board.apply(state, event)
        if state is None or state.seq != seq:
            state = load_board(conn, room_id)
            if state is None:
                raise BoardError("not_found", "that room does not exist")
            self._boards[room_id] = state
        return state

    def drop(self, room_ids: set[str] | None = None) -> None:
        if room_ids is None:
            self._boards.clear()
        else:
            for room_id in room_ids:
                self._boards.pop(room_id, None)
