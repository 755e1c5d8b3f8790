"""The rows an accepted event changes, as statements queued for its batch.

Statements are built once here, with bind parameters, and a batch runs each
run of identical statements as one executemany at commit time (see
`Writes`): building a statement per op and a round trip per row cost more
than the rest of an op together.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import BindParameter, Connection, bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import Executable

from cocreate.board.actions import Action
from cocreate.board.hackathon import HackathonChange
from cocreate.board.jury import JuryChange
from cocreate.board.state import BoardState, Event
from cocreate.store.reads import OWNER_AUTHOR_KEY, OWNER_PRIVATE_KEY
from cocreate.store.tables import ACCEPTED_REF as REF
from cocreate.store.tables import (
    ACTION,
    CLUSTER,
    EVENT_LOG,
    JURY_SCORE,
    NOTE,
    PARTICIPANT,
    PITCH,
    ROOM,
    SCORE,
    SNAPSHOT,
    TEAM_MEMBER,
    TEAM_PREFERENCE,
    VOTE,
    WORKSHOP,
)


def _set(*columns: str) -> dict[str, Any]:
    """SET each column from the bind parameter of its own name."""
    return {column: bindparam(column) for column in columns}


_ID: BindParameter[str] = bindparam("_id")
_ROOM: BindParameter[str] = bindparam("_room")
_TARGET: BindParameter[str] = bindparam("_target")

INSERT_EVENT = insert(EVENT_LOG)
INSERT_NOTE = insert(NOTE)
EDIT_NOTE = update(NOTE).where(NOTE.c.id == _ID).values(_set("text", "color", "updated"))
MOVE_NOTE = update(NOTE).where(NOTE.c.id == _ID).values(_set("x", "y"))
GROUP_NOTE = update(NOTE).where(NOTE.c.id == _ID).values(_set("cluster_id"))
# One statement, not a move then a group: a batch of moves is then one executemany
# instead of alternating single rows (on PostgreSQL a round trip each).
MOVE_AND_GROUP_NOTE = update(NOTE).where(NOTE.c.id == _ID).values(_set("x", "y", "cluster_id"))
DELETE_NOTE = delete(NOTE).where(NOTE.c.id == _ID)
DELETE_VOTES_ON = delete(VOTE).where(VOTE.c.room_id == _ROOM, VOTE.c.target_id == _TARGET)
INSERT_CLUSTER = insert(CLUSTER)
MOVE_CLUSTER = update(CLUSTER).where(CLUSTER.c.id == _ID).values(_set("x", "y"))
RENAME_CLUSTER = update(CLUSTER).where(CLUSTER.c.id == _ID).values(_set("title"))
DELETE_CLUSTER = delete(CLUSTER).where(CLUSTER.c.id == _ID)
UNGROUP_CLUSTER = update(NOTE).where(NOTE.c.room_id == _ROOM,
                                     NOTE.c.cluster_id == bindparam("_cluster")
                                     ).values(cluster_id=None)
DELETE_VOTE = delete(VOTE).where(VOTE.c.room_id == _ROOM,
                                 VOTE.c.participant_id == bindparam("_voter"),
                                 VOTE.c.target_id == _TARGET)
INSERT_VOTE = insert(VOTE)
DELETE_ROOM_VOTES = delete(VOTE).where(VOTE.c.room_id == _ROOM)
DELETE_SCORE = delete(SCORE).where(SCORE.c.room_id == _ROOM,
                                   SCORE.c.participant_id == bindparam("_voter"),
                                   SCORE.c.target_id == _TARGET)
INSERT_SCORE = insert(SCORE)
DELETE_SCORES_ON = delete(SCORE).where(SCORE.c.room_id == _ROOM, SCORE.c.target_id == _TARGET)
DELETE_ROOM_SCORES = delete(SCORE).where(SCORE.c.room_id == _ROOM)
REVEAL_NOTES = update(NOTE).where(NOTE.c.room_id == _ROOM,
                                  NOTE.c.private.is_(True)).values(private=False)
INSERT_SNAPSHOT = insert(SNAPSHOT)
DELETE_ROOM_NOTES = delete(NOTE).where(NOTE.c.room_id == _ROOM)
DELETE_ROOM_CLUSTERS = delete(CLUSTER).where(CLUSTER.c.room_id == _ROOM)
INSERT_ACTION = insert(ACTION)
DELETE_ACTION = delete(ACTION).where(ACTION.c.id == _ID)
INSERT_PITCH = insert(PITCH)
DELETE_PITCH = delete(PITCH).where(PITCH.c.id == _ID)
INSERT_MEMBER = insert(TEAM_MEMBER)
DELETE_TEAM = delete(TEAM_MEMBER).where(TEAM_MEMBER.c.pitch_id == _ID)
SET_PHASE = update(WORKSHOP).where(WORKSHOP.c.id == _ID).values(_set("hackathon_phase"))
SET_PRESENTING = update(WORKSHOP).where(WORKSHOP.c.id == _ID).values(_set("presenting"))
SET_JURY = update(WORKSHOP).where(WORKSHOP.c.id == _ID).values(_set("jury_criteria",
                                                                   "jury_result"))
_JUROR: BindParameter[str] = bindparam("_juror")
_PITCH: BindParameter[str] = bindparam("_pitch")
DELETE_JURY_SCORE = delete(JURY_SCORE).where(JURY_SCORE.c.pitch_id == _PITCH,
                                             JURY_SCORE.c.juror_id == _JUROR)
DELETE_JUROR_SCORES = delete(JURY_SCORE).where(JURY_SCORE.c.juror_id == _JUROR)
DELETE_PITCH_SCORES = delete(JURY_SCORE).where(JURY_SCORE.c.pitch_id == _PITCH)
INSERT_JURY_SCORE = insert(JURY_SCORE)
DELETE_PREFERENCE = delete(TEAM_PREFERENCE).where(
    TEAM_PREFERENCE.c.workshop_id == _ID, TEAM_PREFERENCE.c.participant_id == _JUROR)
INSERT_PREFERENCE = insert(TEAM_PREFERENCE)
_REF_KEY = (REF.c.participant_id == bindparam("_pid"), REF.c.ref == bindparam("_ref"))
SET_REF_SEQ = update(REF).where(*_REF_KEY).values(seq=bindparam("seq"))
REF_SEQ = select(REF.c.seq).where(*_REF_KEY)
UNCLAIM_REF = delete(REF).where(*_REF_KEY)
_CLAIMS = {name: dialect.insert(REF).on_conflict_do_nothing()
           .returning(REF.c.participant_id, REF.c.ref)
           for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))}


def claim_refs(conn: Connection) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING: a row back means the ref is ours."""
    return _CLAIMS[conn.dialect.name]


SET_ROLE = update(PARTICIPANT).where(PARTICIPANT.c.id == _ID).values(_set("role"))
WRITE_ROOM = update(ROOM).where(ROOM.c.id == _ID).values(_set(
    "seq", "locked", "private_round", "timer_status", "timer_label", "timer_duration_ms",
    "timer_ends_at", "timer_remaining_ms", "voting_status", "voting_budget",
    "voting_max_per_note", "voting_hidden", "voting_revealed", "voting_target", "voting_kind",
    "voting_criteria", "agenda", "round_index", "ready"))


class Writes:
    """Statements queued for a batch's commit.

    Board-row statements keep their order (an op may touch a row an earlier
    op of the batch wrote), and each run of one statement goes out as a single
    executemany. Rows nothing else in the batch touches (event log, refs,
    room rows) are queued `apart`, per statement, and go out after them as one
    executemany each: interleaved with the board rows they would break every
    run into single rows.
    """

    def __init__(self) -> None:
        self._queue: list[tuple[Executable, dict[str, Any]]] = []
        self._apart: dict[Executable, list[dict[str, Any]]] = {}

    def add(self, stmt: Executable, params: dict[str, Any]) -> None:
        self._queue.append((stmt, params))

    def add_apart(self, stmt: Executable, params: dict[str, Any]) -> None:
        self._apart.setdefault(stmt, []).append(params)

    def flush(self, conn: Connection) -> None:
        queue, self._queue = self._queue, []
        apart, self._apart = self._apart, {}
        i = 0
        while i < len(queue):
            stmt = queue[i][0]
            j = i
            while j < len(queue) and queue[j][0] is stmt:
                j += 1
            _execute(conn, stmt, [params for _, params in queue[i:j]])
            i = j
        for stmt, rows in apart.items():
            _execute(conn, stmt, rows)


def _execute(conn: Connection, stmt: Executable, rows: list[dict[str, Any]]) -> None:
    conn.execute(stmt, rows if len(rows) > 1 else rows[0])


def append_event(writes: Writes, event: Event) -> None:
    data = event.data
    if event.owner is not None:
        data = {**data, OWNER_AUTHOR_KEY: event.owner.author,
                OWNER_PRIVATE_KEY: event.owner.private}
    writes.add_apart(INSERT_EVENT, {"room_id": event.room, "seq": event.seq, "op": event.op,
                                    "actor": event.actor, "ts": event.ts,
                                    "data": orjson.dumps(data).decode()})


def write_rows(writes: Writes, event: Event, state: BoardState) -> None:
    """The note, cluster and vote rows `event` changes (`state` is after it)."""
    d = event.data
    op = event.op
    room = event.room
    if op == "note.add":
        _insert_note(writes, room, d)
    elif op == "notes.paste":
        for note in d["notes"]:
            _insert_note(writes, room, note)
    elif op == "note.edit":
        writes.add(EDIT_NOTE, {"_id": d["id"], "text": d["text"], "color": d["color"],
                               "updated": d["updated"]})
    elif op == "note.move":
        if "cluster" in d:
            writes.add(MOVE_AND_GROUP_NOTE, {"_id": d["id"], "x": d["x"], "y": d["y"],
                                             "cluster_id": d["cluster"]})
        else:
            writes.add(MOVE_NOTE, {"_id": d["id"], "x": d["x"], "y": d["y"]})
    elif op == "cluster.move":
        writes.add(MOVE_CLUSTER, {"_id": d["id"], "x": d["x"], "y": d["y"]})
    elif op == "note.delete":
        writes.add(DELETE_NOTE, {"_id": d["id"]})
        writes.add(DELETE_VOTES_ON, {"_room": room, "_target": d["id"]})
        writes.add(DELETE_SCORES_ON, {"_room": room, "_target": d["id"]})
    elif op == "action.delete":
        writes.add(DELETE_VOTES_ON, {"_room": room, "_target": d["id"]})
    elif op == "note.group":
        writes.add(GROUP_NOTE, {"_id": d["id"], "cluster_id": d["cluster"]})
    elif op == "cluster.add":
        writes.add(INSERT_CLUSTER, {"id": d["id"], "room_id": room, "title": d["title"],
                                    "x": d["x"], "y": d["y"],
                                    "source_room": (d.get("source") or {}).get("room")})
        for note_id in d.get("notes", []):
            writes.add(GROUP_NOTE, {"_id": note_id, "cluster_id": d["id"]})
    elif op == "cluster.rename":
        writes.add(RENAME_CLUSTER, {"_id": d["id"], "title": d["title"]})
    elif op == "cluster.delete":
        writes.add(DELETE_CLUSTER, {"_id": d["id"]})
        writes.add(UNGROUP_CLUSTER, {"_room": room, "_cluster": d["id"]})
        writes.add(DELETE_VOTES_ON, {"_room": room, "_target": d["id"]})
    elif op in ("vote.add", "vote.remove"):
        # Delete then insert the voter's row for that target: no read needed.
        count = state.votes.get(d["voter"], {}).get(d["note"], 0)
        writes.add(DELETE_VOTE, {"_room": room, "_voter": d["voter"], "_target": d["note"]})
        if count:
            writes.add(INSERT_VOTE, {"room_id": room, "participant_id": d["voter"],
                                     "target_id": d["note"], "count": count})
    elif op == "vote.score":
        writes.add(DELETE_SCORE, {"_room": room, "_voter": d["voter"], "_target": d["note"]})
        pair = state.scores.get(d["voter"], {}).get(d["note"])
        if pair is not None:
            writes.add(INSERT_SCORE, {"room_id": room, "participant_id": d["voter"],
                                      "target_id": d["note"], "first": pair[0],
                                      "second": pair[1]})
    elif op == "voting.start" or (op == "round.start" and d.get("voting")):
        writes.add(DELETE_ROOM_VOTES, {"_room": room})
        writes.add(DELETE_ROOM_SCORES, {"_room": room})
    elif op in ("round.end", "snapshot.save"):
        snap = d["snapshot"] if op == "round.end" else d
        writes.add(INSERT_SNAPSHOT, {"id": snap["id"], "room_id": room, "name": snap["name"],
                                     "seq": event.seq, "created": event.ts,
                                     "state": orjson.dumps(state.snapshot()).decode()})
    elif op == "snapshot.restore":
        _write_restore(writes, room, d)
    if op == "notes.reveal":
        writes.add(REVEAL_NOTES, {"_room": room})
        for note in d["notes"]:
            writes.add(MOVE_NOTE, {"_id": note["id"], "x": note["x"], "y": note["y"]})
    _write_layout(writes, d.get("layout"))


def _insert_note(writes: Writes, room: str, d: dict[str, Any]) -> None:
    writes.add(INSERT_NOTE, {
        "id": d["id"], "room_id": room, "text": d["text"], "color": d["color"],
        "x": d["x"], "y": d["y"], "cluster_id": d["cluster"], "author_id": d["author"],
        "author_group": d.get("author_group"), "private": d.get("private", False),
        "created": d["created"], "updated": d["updated"],
        "source_room": (d.get("source") or {}).get("room"),
        "source_note": (d.get("source") or {}).get("note")})


def _write_restore(writes: Writes, room: str, d: dict[str, Any]) -> None:
    """The room's notes and clusters become the restored ones (votes stay)."""
    writes.add(DELETE_ROOM_NOTES, {"_room": room})
    writes.add(DELETE_ROOM_CLUSTERS, {"_room": room})
    for c in d["clusters"]:
        writes.add(INSERT_CLUSTER, {"id": c["id"], "room_id": room, "title": c["title"],
                                    "x": c["x"], "y": c["y"]})
    for n in d["notes"]:
        writes.add(INSERT_NOTE, {
            "id": n["id"], "room_id": room, "text": n["text"], "color": n["color"],
            "x": n["x"], "y": n["y"], "cluster_id": n["cluster"], "author_id": n["author"],
            "author_group": n["author_group"], "private": n["private"],
            "created": n["created"], "updated": n["updated"]})


def _write_layout(writes: Writes, layout: dict[str, Any] | None) -> None:
    """Every note and frame the server's layout moved with this event."""
    if not layout:
        return
    for moved in layout.get("notes", ()):
        writes.add(MOVE_NOTE, {"_id": moved["id"], "x": moved["x"], "y": moved["y"]})
    for moved in layout.get("clusters", ()):
        writes.add(MOVE_CLUSTER, {"_id": moved["id"], "x": moved["x"], "y": moved["y"]})


def write_action(writes: Writes, workshop_id: str, action_id: str,
                 action: Action | None) -> None:
    """The action row as it is after an action op (none: deleted); once per op, not
    per room, though every room's log gets the event."""
    writes.add(DELETE_ACTION, {"_id": action_id})
    if action is None:
        return
    d = action.as_dict()
    writes.add(INSERT_ACTION, {
        "id": action.id, "workshop_id": workshop_id, "title": d["title"],
        "owner_group": d["owner_group"], "owner_org": d["owner_org"],
        "owner_person": d["owner_person"], "parties": orjson.dumps(d["parties"]).decode(),
        "source": None if d["source"] is None else orjson.dumps(d["source"]).decode(),
        "due": d["due"], "status": d["status"], "percent": d["percent"],
        "commits": orjson.dumps(d["commits"]).decode(),
        "progress": orjson.dumps(d["progress"]).decode(), "author_id": d["author"],
        "created": d["created"], "updated": d["updated"],
        "series_action": d["series_action"]})


def write_room(writes: Writes, state: BoardState) -> None:
    """The room row: its seq and the board's scalar state (lock, timer, voting)."""
    tm, v = state.timer, state.voting
    writes.add_apart(WRITE_ROOM, {
        "_id": state.room_id, "seq": state.seq, "locked": state.locked,
        "private_round": state.private_round, "timer_status": tm.status,
        "timer_label": tm.label, "timer_duration_ms": tm.duration_ms,
        "timer_ends_at": tm.ends_at, "timer_remaining_ms": tm.remaining_ms,
        "voting_status": v.status, "voting_budget": v.budget,
        "voting_max_per_note": v.max_per_note, "voting_hidden": v.hidden,
        "voting_revealed": v.revealed, "voting_target": v.target, "voting_kind": v.kind,
        "voting_criteria": orjson.dumps(list(v.criteria)).decode(),
        "agenda": orjson.dumps(state.agenda).decode(), "round_index": state.round_index,
        "ready": orjson.dumps(sorted(state.ready)).decode()})


def write_hackathon(writes: Writes, workshop_id: str, change: HackathonChange) -> None:
    """The rows a hackathon op changed, once per op. Every changed team's members go
    before any is written again: a member moving between two teams never holds two
    `team_member` rows, whose key allows one per participant."""
    if change.phase is not None:
        writes.add(SET_PHASE, {"_id": workshop_id, "hackathon_phase": change.phase})
    if change.presents:
        presenting = change.presenting
        writes.add(SET_PRESENTING, {"_id": workshop_id, "presenting": None if presenting is None
                                    else orjson.dumps(presenting).decode()})
    for pitch_id in change.pitches:
        writes.add(DELETE_TEAM, {"_id": pitch_id})
    for pitch_id, pitch in change.pitches.items():
        writes.add(DELETE_PITCH, {"_id": pitch_id})
        if pitch is None:
            continue
        writes.add(INSERT_PITCH, {
            "id": pitch.id, "workshop_id": workshop_id, "holder_id": pitch.holder,
            "title": pitch.title, "text": pitch.text, "needs": orjson.dumps(pitch.needs).decode(),
            "source": None if pitch.source is None else orjson.dumps(pitch.source).decode(),
            "created": pitch.created, "updated": pitch.updated})
    for pitch_id, pitch in change.pitches.items():
        for position, member in enumerate(pitch.members if pitch else ()):
            writes.add(INSERT_MEMBER, {"workshop_id": workshop_id, "participant_id": member,
                                       "pitch_id": pitch_id, "position": position})
        if pitch is None:
            writes.add(DELETE_PITCH_SCORES, {"_pitch": pitch_id})
    if change.preference is not None:
        pid, pitches = change.preference
        writes.add(DELETE_PREFERENCE, {"_id": workshop_id, "_juror": pid})
        if pitches:
            writes.add(INSERT_PREFERENCE, {"workshop_id": workshop_id, "participant_id": pid,
                                           "pitches": orjson.dumps(pitches).decode()})
    if change.jury is not None:
        _write_jury(writes, workshop_id, change.jury)


def _write_jury(writes: Writes, workshop_id: str, change: JuryChange) -> None:
    jury = change.jury
    writes.add(SET_JURY, {"_id": workshop_id,
                          "jury_criteria": orjson.dumps(jury.criteria).decode(),
                          "jury_result": None if jury.result is None
                          else orjson.dumps(jury.result).decode()})
    if change.score is not None:
        juror, pitch_id, scores = change.score
        writes.add(DELETE_JURY_SCORE, {"_pitch": pitch_id, "_juror": juror})
        if scores is not None:
            writes.add(INSERT_JURY_SCORE, {"pitch_id": pitch_id, "juror_id": juror,
                                           "workshop_id": workshop_id,
                                           "scores": orjson.dumps(scores).decode(),
                                           "updated": change.at})
    if change.drop_scores_of is not None:
        writes.add(DELETE_JUROR_SCORES, {"_juror": change.drop_scores_of})
    if change.role is not None:
        writes.add(SET_ROLE, {"_id": change.role[0], "role": change.role[1]})
    for action in change.actions:
        write_action(writes, workshop_id, action.id, action)


def write_settings(conn: Connection, workshop_id: str, d: dict[str, Any]) -> None:
    """A `workshop.settings` change: every setting as the rule left it."""
    conn.execute(update(WORKSHOP).where(WORKSHOP.c.id == workshop_id).values(
        title=d["title"], challenge=d["challenge"], authors=d["authors"],
        facilitator_sees_authors=d["facilitator_sees_authors"],
        constraints=orjson.dumps(d["constraints"]).decode(),
        boundaries=orjson.dumps(d["boundaries"]).decode(),
        groups=orjson.dumps(d["groups"]).decode(), language=d["language"],
        participants_add_actions=d["participants_add_actions"],
        privacy_note=d.get("privacy_note") or "", similar_hints=d["similar_hints"],
        erase_policy=d["erase_policy"],
        team_rule=None if d["team_rule"] is None else orjson.dumps(d["team_rule"]).decode(),
        min_pitch_text=d["min_pitch_text"], jurors_join=d["jurors_join"]))
