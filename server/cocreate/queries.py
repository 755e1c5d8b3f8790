"""Answers to questions about a board (`board.queries`): suggested groups,
similar notes and suggested hackathon teams, for the asker alone.

The board's notes (or the hackathon's teams) are read on the database thread.
Suggestions are worked out in a worker process of their own (scikit-learn and
scipy, loaded there once), so a facilitator asking about 300 notes or 300 people
holds up neither the event loop nor anyone's ops; similar notes, asked as people
type, are cheap pure Python on a thread.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from cocreate.board import queries as rules
from cocreate.board.errors import BoardError
from cocreate.board.participants import Participant
from cocreate.grouping.similar import similar_to
from cocreate.grouping.worker import suggest_pairs
from cocreate.store.queries import accepted_seq, query_board, team_board
from cocreate.store.store import Store
from cocreate.team_worker import suggest_plain

QUERY_OPS = rules.QUERY_OPS


_workers: ProcessPoolExecutor | None = None


def _worker() -> ProcessPoolExecutor:
    """One process of its own for the suggestions: scikit-learn's clustering (and
    loading it, seconds) would otherwise hold this process's interpreter and slow
    every room it serves. Started on the first question, kept for the next."""
    global _workers
    if _workers is None:
        _workers = ProcessPoolExecutor(max_workers=1,
                                       mp_context=multiprocessing.get_context("spawn"))
    return _workers


async def _in_worker(work: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """`work(*args)` in the suggestions' worker process."""
    try:
        return await asyncio.get_running_loop().run_in_executor(_worker(), work, *args)
    except BrokenProcessPool:
        global _workers
        _workers = None  # it died (killed, out of memory): the next question starts one
        raise BoardError("unavailable", "the suggestions could not be worked out; "
                                        "try again") from None


def _similar(text: str, notes: list[rules.NoteText], lang: str) -> list[str]:
    return similar_to(text, [(n.id, n.text) for n in notes], lang)


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
        found = await _in_worker(suggest_pairs, [(n.id, n.text) for n in board.notes],
                                 request.granularity, board.language)
        return board.seq, {"type": "suggestions", "room": room_id, **found}
    if op == "teams.suggest":
        teams = await store.read(team_board, store.cache, participant.workshop_id, room_id)
        if teams is None:
            raise BoardError("not_found", "no such room")
        seq, q = teams
        found = await _in_worker(suggest_plain, q.pitches, q.groups_of, q.free, q.rule,
                                 q.preferences)
        return seq, {"type": "team_suggestion", "teams": found["teams"],
                     "unplaced": found["unplaced"], "short": found["short"]}
    board = await store.read(query_board, store.cache, participant.workshop_id, room_id,
                             lambda state: rules.similar_notes(state, actor))
    if board is None:
        raise BoardError("not_found", "no such room")
    text = rules.similar_request(data, board.similar_hints)
    ids = await asyncio.to_thread(_similar, text, board.notes, board.language)
    return board.seq, {"type": "similar", "notes": ids}
