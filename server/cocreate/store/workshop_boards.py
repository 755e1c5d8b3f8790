"""Every room's board of a workshop as every participant may see it, for the
workshop's report (`endpoints.workshop_export`). Read in one transaction."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, select

from cocreate.board.redaction import Viewer, state_view
from cocreate.board.results import results_by_group
from cocreate.store import workshops
from cocreate.store.board_cache import BoardCache
from cocreate.store.reads import room_seq
from cocreate.store.tables import JURY_SCORE, PITCH


@dataclass
class WorkshopBoards:
    """Every room's board of a workshop as every participant may see it (no private
    note, no hidden vote, authors as the author display rule shows them), for the
    workshop's report."""

    workshop: dict[str, Any]
    boards: list[tuple[dict[str, Any], dict[str, Any]]]  # (room, S) in the rooms' order
    participants: dict[str, dict[str, Any]]  # P by id, removed people too (their notes stay)
    joined: list[dict[str, Any]]  # P of everyone still in the workshop, in join order
    hackathon: dict[str, Any] | None = None  # H, as every welcome has it
    # Each juror's scores of each pitch, once the jury has closed (None before).
    jury_detail: list[dict[str, Any]] | None = None


def workshop_boards(conn: Connection, cache: BoardCache,
                    workshop_id: str) -> WorkshopBoards | None:
    workshop = workshops.workshop_dict(conn, workshop_id)
    if workshop is None:
        return None
    disclosure = workshops.disclosure(conn, workshop_id)
    people = workshops.participants_of(conn, workshop_id)
    # Nobody's own: a participant's view without notes or votes of their own.
    everyone = Viewer("", "participant")
    boards = []
    hackathon = None
    for room in workshop["rooms"]:
        state = cache.current(conn, room["id"], room_seq(conn, room["id"]) or 0)
        view = state_view(state, everyone, disclosure, int(time.time() * 1000))
        view.pop("my_votes", None)
        view.pop("my_scores", None)
        view["results_by_group"] = results_by_group(state, people)
        boards.append((room, view))
        if hackathon is None:  # the same on every board
            hackathon = workshops.hackathon_of(conn, workshop, state.hackathon)
    closed = hackathon is not None and hackathon["jury"]["closed"]
    return WorkshopBoards(workshop, boards,
                          workshops.participant_dicts(conn, workshop_id),
                          [p.as_dict() for p in people], hackathon,
                          _jury_detail(conn, workshop_id) if closed else None)


def _jury_detail(conn: Connection, workshop_id: str) -> list[dict[str, Any]]:
    names = {p.id: p.name for p in workshops.participants_of(conn, workshop_id,
                                                             removed_too=True)}
    rows = conn.execute(select(JURY_SCORE.c.juror_id, JURY_SCORE.c.pitch_id,
                               JURY_SCORE.c.scores, PITCH.c.title)
                        .join(PITCH, PITCH.c.id == JURY_SCORE.c.pitch_id)
                        .where(JURY_SCORE.c.workshop_id == workshop_id)
                        .order_by(PITCH.c.created, JURY_SCORE.c.juror_id))
    return [{"juror": names.get(r.juror_id, ""), "pitch": r.pitch_id, "title": r.title,
             "scores": orjson.loads(r.scores)} for r in rows]
