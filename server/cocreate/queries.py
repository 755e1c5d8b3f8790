"""Answers to questions about a board (`board.queries`): suggested groups and
similar notes, for the asker alone.

The board's notes are read on the database thread; the grouping itself runs on
a worker thread of its own, so a facilitator asking about 300 notes holds up
neither the event loop nor anyone's ops.
"""

from __future__ import annotations

import asyncio
from typing import Any

from cocreate.board import queries as rules
from cocreate.board.errors import BoardError
from cocreate.board.participants import Participant
from cocreate.store.queries import accepted_seq, query_board
from cocreate.store.store import Store

QUERY_OPS = rules.QUERY_OPS


def _suggest(notes: list[rules.NoteText], granularity: float, lang: str) -> dict[str, Any]:
    # Imported here, on the worker thread: scikit-learn costs a process ~1 s and
    # tens of MB, which a server whose facilitators never ask need not pay.
    from cocreate.grouping.similarity import Text, suggest
    return suggest([Text(n.id, n.text) for n in notes], granularity, lang)


def _similar(text: str, notes: list[rules.NoteText], lang: str) -> list[str]:
    from cocreate.grouping.similarity import Text, similar_to
    return similar_to(text, [Text(n.id, n.text) for n in notes], lang)


async def answer(store: Store, participant: Participant, room_id: str, op: str,
                 data: dict[str, Any], ref: str | None) -> tuple[int, dict[str, Any] | None]:
    """`(seq, reply)`: the room's seq the answer is as of, and the frame for the asker
    (without its `ref`); no reply for the retry of an accepted op, which is acked with
    its seq alone. Refusals raise `BoardError`, as a refused op does."""
    original = None if ref is None else await store.read(accepted_seq, participant.id, ref)
    if original is not None:
        return original, None
    actor = participant.as_actor()
    rules.check_may_ask(op, actor)
    if op == "clusters.suggest":
        request = rules.suggest_request(data)
        board = await store.read(query_board, store.cache, participant.workshop_id, room_id,
                                 lambda state: rules.suggestion_notes(state, request))
        if board is None:
            raise BoardError("not_found", "no such room")
        found = await asyncio.to_thread(_suggest, board.notes, request.granularity,
                                        board.language)
        return board.seq, {"type": "suggestions", "room": room_id, **found}
    board = await store.read(query_board, store.cache, participant.workshop_id, room_id,
                             lambda state: rules.similar_notes(state, actor))
    if board is None:
        raise BoardError("not_found", "no such room")
    text = rules.similar_request(data, board.similar_hints)
    ids = await asyncio.to_thread(_similar, text, board.notes, board.language)
    return board.seq, {"type": "similar", "notes": ids}
