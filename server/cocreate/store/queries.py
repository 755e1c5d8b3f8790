"""What a question about a board (`board.queries`) needs from the database: the
room's seq, the notes the question may draw on, and the workshop's settings; for
suggested teams, the hackathon, its people and the pitches they would join.

Run on the database thread (`Store.read`); the notes are picked there, so the
cached board never leaves that thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import orjson
from sqlalchemy import Connection, select

from cocreate.board.queries import NoteText, TeamQuestion, team_question
from cocreate.board.state import BoardState
from cocreate.store import workshops
from cocreate.store.board_cache import BoardCache
from cocreate.store.reads import room_seq
from cocreate.store.tables import ACCEPTED_REF, TEAM_PREFERENCE


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


def team_board(conn: Connection, cache: BoardCache, workshop_id: str,
               room_id: str) -> tuple[int, TeamQuestion] | None:
    """The room's seq and what `teams.suggest` is worked out from, as of now; None if
    the room is not of the workshop. Refused outside the teams phase (`BoardError`)."""
    if workshops.room_dict(conn, room_id, workshop_id) is None:
        return None
    seq = room_seq(conn, room_id) or 0
    everyone = workshops.participants_of(conn, workshop_id, removed_too=True)
    present = {p.id for p in workshops.participants_of(conn, workshop_id)}
    preferences = {r.participant_id: orjson.loads(r.pitches) for r in conn.execute(
        select(TEAM_PREFERENCE.c.participant_id, TEAM_PREFERENCE.c.pitches)
        .where(TEAM_PREFERENCE.c.workshop_id == workshop_id))}
    return seq, team_question(cache.current(conn, room_id, seq).hackathon, everyone, present,
                              workshops.workshop_settings(conn, workshop_id), preferences)


def accepted_seq(conn: Connection, participant_id: str, ref: str) -> int | None:
    """The seq of an op this participant had accepted under `ref`, if any: a question
    sent with such a ref is a retry of that op and is acked as it was (the protocol)."""
    seq: int | None = conn.execute(
        select(ACCEPTED_REF.c.seq).where(ACCEPTED_REF.c.participant_id == participant_id,
                                         ACCEPTED_REF.c.ref == ref)).scalar()
    return seq
