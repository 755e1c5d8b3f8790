"""What a question about a board (`board.queries`) needs from the database: the
room's seq, the notes the question may draw on, and the workshop's settings.

Run on the database thread (`Store.read`); the notes are picked there, so the
cached board never leaves that thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection

from cocreate.board.queries import NoteText
from cocreate.board.state import BoardState
from cocreate.store import workshops
from cocreate.store.board_cache import BoardCache
from cocreate.store.reads import room_seq


@dataclass(frozen=True)
class QueryBoard:
    seq: int
    notes: list[NoteText]
    language: str
    similar_hints: bool


def query_board(conn: Connection, cache: BoardCache, workshop_id: str, room_id: str,
                pick: Callable[[BoardState], list[NoteText]]) -> QueryBoard | None:
    """The room's board as of now for a question; None if the room is not of the workshop."""
    if workshops.room_dict(conn, room_id, workshop_id) is None:
        return None
    seq = room_seq(conn, room_id) or 0
    settings = workshops.workshop_settings(conn, workshop_id)
    return QueryBoard(seq, pick(cache.current(conn, room_id, seq)), settings["language"],
                      bool(settings["similar_hints"]))
