"""A workshop's rows as an archive (`cocreate.archive_format`), and an archive as
the rows of a new workshop.

Export reads every row of the workshop in one transaction. Import writes them
with fresh ids for everything (one mapping, so every reference follows), a
new join code and a new facilitator; imported people get no token. Each room
starts at seq 0 with an empty event log: `load_board` reads a board from these
rows, so the imported board is what every welcome shows, and the room's first
op after it is seq 1.
"""

from __future__ import annotations

import time
from typing import Any

import orjson
from sqlalchemy import Connection, Table, insert, select, update

from cocreate.archive_format import FORMAT, VERSION, Archive, ArchiveError
from cocreate.board.errors import BoardError
from cocreate.board.redaction import snapshot_tallies
from cocreate.ids import new_id
from cocreate.store import snapshots, workshops
from cocreate.store.reads import load_board
from cocreate.store.tables import (
    ACTION,
    CLUSTER,
    ENCOUNTER,
    JURY_SCORE,
    NOTE,
    PARTICIPANT,
    PITCH,
    ROOM,
    SAVED_TEMPLATE,
    SCORE,
    SNAPSHOT,
    TEAM_MEMBER,
    TEAM_PREFERENCE,
    VOTE,
    WORKSHOP,
)

# Per table: the columns left out of an archive (besides `workshop_id`, implied)
# and the text columns that hold JSON (archived as JSON values).
LEFT_OUT = {
    # A series is the events' own; an import starts afresh, not as one of them. The
    # pitch on the wall is a live moment, not the workshop's content.
    "workshop": {"join_code", "organiser_id", "boundaries", "flags", "challenges",
                 "series_id", "presenting"},
    "action": {"series_action"},
    "room": {"seq"},  # a position in the event log, which an archive does not keep
    "participant": {"token_hash"},
}
JSON_COLUMNS = {
    "workshop": {"constraints", "groups", "team_rule", "jury_criteria", "jury_result"},
    "pitch": {"needs", "source"},
    "jury_score": {"scores"},
    "team_preference": {"pitches"},
    "room": {"voting_criteria", "agenda", "ready"},
    "action": {"parties", "source", "commits", "progress"},
    "snapshot": {"state"},
    "saved_template": {"rounds"},
}
# Archive key -> table, in the order an import inserts them (foreign keys first).
SECTIONS: dict[str, Table] = {
    "rooms": ROOM, "participants": PARTICIPANT, "notes": NOTE, "clusters": CLUSTER,
    "votes": VOTE, "scores": SCORE, "actions": ACTION, "snapshots": SNAPSHOT,
    "templates": SAVED_TEMPLATE, "encounters": ENCOUNTER, "pitches": PITCH,
    "team_members": TEAM_MEMBER, "jury_scores": JURY_SCORE,
    "team_preferences": TEAM_PREFERENCE,
}
# Columns naming a row of the archive; an import maps each through the new ids.
ID_COLUMNS = {"id", "room_id", "host_id", "cluster_id", "author_id", "source_room",
              "source_note", "participant_id", "target_id", "a", "b", "plenary_room_id",
              "holder_id", "pitch_id", "juror_id"}
# Keys of archived JSON whose values are people's words, never ids.
_WORDS = frozenset({"text", "title", "name", "label", "description", "reason"})
# What an imported person's token hash is: never a SHA-256 hex digest, so no token matches.
NO_TOKEN = "imported:"


def _now() -> int:
    return int(time.time() * 1000)


def _archived(table: Table, row: Any) -> dict[str, Any]:
    skip = LEFT_OUT.get(table.name, set()) | {"workshop_id"}
    as_json = JSON_COLUMNS.get(table.name, set())
    out = {}
    for column, value in row._mapping.items():
        if column in skip:
            continue
        out[column] = (None if value is None else orjson.loads(value)) if column in as_json \
            else value
    return out


def hidden_from_facilitators(conn: Connection, workshop_id: str) -> str | None:
    """Why the archive would show a facilitator what the board hides from them (a
    hidden vote not yet revealed, authors hidden from facilitators), or None. The
    archive holds every vote and author, so it is not theirs to read then."""
    w = conn.execute(select(WORKSHOP.c.authors, WORKSHOP.c.facilitator_sees_authors)
                     .where(WORKSHOP.c.id == workshop_id)).one()
    if w.authors != "named" and not w.facilitator_sees_authors:
        return "this workshop hides authors from facilitators"
    hidden = select(ROOM.c.id, ROOM.c.name).where(
        ROOM.c.workshop_id == workshop_id, ROOM.c.voting_hidden.is_(True),
        ROOM.c.voting_revealed.is_(False))
    for room in conn.execute(hidden.order_by(ROOM.c.position, ROOM.c.id)):
        for table in (VOTE, SCORE):
            if conn.execute(select(table.c.room_id).where(table.c.room_id == room.id)
                            .limit(1)).first() is not None:
                return f"the hidden vote in {room.name!r} is not revealed yet"
    closed = conn.execute(select(WORKSHOP.c.jury_result).where(
        WORKSHOP.c.id == workshop_id)).scalar() is not None
    if not closed and conn.execute(select(JURY_SCORE.c.pitch_id).where(
            JURY_SCORE.c.workshop_id == workshop_id).limit(1)).first() is not None:
        return "the jury's scores are secret until the jury closes"
    return None


def _snapshot_as_read(conn: Connection, row: dict[str, Any]) -> dict[str, Any]:
    """A snapshot's board with a hidden vote's tally as a facilitator reads it
    (`board.redaction.snapshot_tallies`): what its reveal published, or nothing."""
    state = row["state"]
    voting = state.get("voting") or {}
    if not voting.get("hidden") or voting.get("revealed"):
        return row
    found = snapshots.snapshot(conn, row["id"], row["workshop_id"])
    assert found is not None
    tally, results = snapshot_tallies(voting, found.revealed_tally, found.revealed_results)
    kept = {**voting, "tally": tally}
    if "results" in voting:
        kept["results"] = results
    return {**row, "state": {**state, "voting": kept}}


def export_archive(conn: Connection, workshop_id: str, *,
                   for_facilitator: bool = False) -> dict[str, Any] | None:
    """The workshop as an archive document; None when there is no such workshop.
    `for_facilitator`: snapshots' hidden tallies as a facilitator may read them."""
    w = conn.execute(select(WORKSHOP).where(WORKSHOP.c.id == workshop_id)).first()
    if w is None:
        return None
    rooms = [r.id for r in conn.execute(select(ROOM.c.id)
                                        .where(ROOM.c.workshop_id == workshop_id))]
    by_room = (NOTE, CLUSTER, VOTE, SCORE, SNAPSHOT)
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION, "exported": _now(),
                           "workshop": _archived(WORKSHOP, w)}
    for key, table in SECTIONS.items():
        where = (table.c.room_id.in_(rooms) if table in by_room
                 else table.c.workshop_id == workshop_id)
        order = [c for c in table.primary_key.columns]
        if "position" in table.c:
            order.insert(0, table.c.position)
        if "created" in table.c:
            order.insert(0, table.c.created)
        rows = conn.execute(select(table).where(where).order_by(*order))
        out[key] = [_archived(table, row) for row in rows]
        if table is SNAPSHOT and for_facilitator:
            out[key] = [_snapshot_as_read(conn, {**r, "workshop_id": workshop_id})
                        for r in out[key]]
            for r in out[key]:
                r.pop("workshop_id")
    for key in ("boundaries", "flags", "challenges"):
        out[key] = orjson.loads(getattr(w, key))
    _without_hidden_voters(out)
    return out


def _without_hidden_voters(archive: dict[str, Any]) -> None:
    """Who cast a hidden vote is never shown, not even after its reveal (only the
    tally is): in the archive each such voter is `voter-N`, so the tally survives
    and nothing names them. (Imported people cannot vote again anyway.)"""
    hidden = {r["id"] for r in archive["rooms"] if r["voting_hidden"]}
    voters: dict[str, str] = {}
    for key in ("votes", "scores"):
        for row in archive[key]:
            if row["room_id"] in hidden:
                voter = row["participant_id"]
                row["participant_id"] = voters.setdefault(voter, f"voter-{len(voters) + 1}")


class _Ids:
    """Old id -> new id, drawn on first sight, so references follow their rows."""

    def __init__(self) -> None:
        self.new: dict[str, str] = {}

    def __call__(self, old: str | None) -> str | None:
        if old is None:
            return None
        if old not in self.new:
            self.new[old] = new_id()
        return self.new[old]

    def known(self, value: Any, key: str = "") -> Any:
        """`value` (archived JSON) with every string that is a known id mapped; the
        words people wrote stay as they are."""
        if isinstance(value, dict):
            return {self.new.get(k, k): self.known(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.known(v, key) for v in value]
        if isinstance(value, str) and key not in _WORDS:
            return self.new.get(value, value)
        return value


def _draw_ids(archive: Archive, ids: _Ids) -> None:
    """New ids for every row's own id, and for the notes and frames a snapshot
    keeps that are gone from the board (so restoring one makes fresh rows)."""
    ids(archive.workshop.id)
    for section in ("rooms", "participants", "notes", "clusters", "actions", "snapshots",
                    "templates", "pitches"):
        for row in getattr(archive, section):
            ids(row.id)
    for snap in archive.snapshots:
        for key in ("notes", "clusters"):
            for item in snap.state.get(key) or ():
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    ids(item["id"])


def _row(table: Table, archived: dict[str, Any], ids: _Ids, workshop_id: str) -> dict[str, Any]:
    as_json = JSON_COLUMNS.get(table.name, set())
    out: dict[str, Any] = {}
    for column, value in archived.items():
        if column in ID_COLUMNS:
            value = ids(value)
        elif column in as_json:
            value = None if value is None else orjson.dumps(ids.known(value)).decode()
        out[column] = value
    if "workshop_id" in table.c:
        out["workshop_id"] = workshop_id
    if table is ROOM:
        out["agenda"] = orjson.dumps(agenda_before_the_log(orjson.loads(out["agenda"]))).decode()
    elif table is PARTICIPANT:
        out["token_hash"] = NO_TOKEN + new_id()
    elif table is SNAPSHOT:
        out["seq"] = 0  # the log it pointed into is not imported
    elif table is ENCOUNTER:
        out["a"], out["b"] = sorted((out["a"], out["b"]))  # the table keeps a < b
    return out


def agenda_before_the_log(agenda: list[Any]) -> list[Any]:
    """The agenda with each finished round's `ended` (the seq it ended at, which
    orders "start the next round") moved before the fresh log: the last to end
    at 0, earlier ones below, so a round ended after the import counts as later."""
    ended = sorted({r["ended"] for r in agenda
                    if isinstance(r, dict) and isinstance(r.get("ended"), int)})
    rank = {seq: i - len(ended) + 1 for i, seq in enumerate(ended)}
    return [{**r, "ended": rank[r["ended"]]}
            if isinstance(r, dict) and isinstance(r.get("ended"), int) else r for r in agenda]


def import_archive(conn: Connection, archive: Archive, facilitator_name: str,
                   organiser_id: str | None) -> dict[str, Any]:
    """A new workshop holding the archive, as `workshops.create_workshop` answers."""
    ids = _Ids()
    _draw_ids(archive, ids)
    w = archive.workshop.model_dump()
    settings = {**{k: w[k] for k in ("title", "challenge", "constraints", "groups", "authors",
                                     "facilitator_sees_authors", "language",
                                     "participants_add_actions", "privacy_note",
                                     "similar_hints", "erase_policy", "team_rule",
                                     "min_pitch_text", "jurors_join")},
                "boundaries": ids.known(archive.boundaries)}
    workshop_id = ids(w["id"])
    plenary = ids(w["plenary_room_id"])
    assert workshop_id is not None and plenary is not None
    made = workshops.create_workshop(conn, settings, facilitator_name, organiser_id,
                                     w["retention_days"], ids=(workshop_id, plenary))
    conn.execute(update(WORKSHOP).where(WORKSHOP.c.id == workshop_id).values(
        created=w["created"], closed=w["closed"], closed_at=w["closed_at"],
        hackathon_phase=w["hackathon_phase"],
        jury_criteria=_json_or_none(ids.known(w["jury_criteria"])),
        jury_result=_json_or_none(ids.known(w["jury_result"])),
        flags=orjson.dumps(ids.known(archive.flags)).decode(),
        challenges=orjson.dumps(ids.known(archive.challenges)).decode()))
    rooms = [r.model_dump() for r in archive.rooms]
    plenary_row = next(r for r in rooms if r["plenary"])
    # create_workshop made the plenary's row; it becomes the archived plenary.
    conn.execute(update(ROOM).where(ROOM.c.id == plenary).values(
        _row(ROOM, plenary_row, ids, workshop_id)))
    for key, table in SECTIONS.items():
        rows = [r for r in rooms if not r["plenary"]] if key == "rooms" \
            else [r.model_dump() for r in getattr(archive, key)]
        if rows:
            conn.execute(insert(table), [_row(table, r, ids, workshop_id) for r in rows])
    _check_boards(conn, [ids(r["id"]) or "" for r in rooms])
    return made


def _json_or_none(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def _check_boards(conn: Connection, room_ids: list[str]) -> None:
    """Every imported board loads as a welcome would load it; an archive whose
    JSON the board cannot read is refused (and its transaction rolled back)."""
    for room_id in room_ids:
        try:
            state = load_board(conn, room_id)
            assert state is not None
            state.snapshot()
            for action in state.actions.values():
                action.as_dict()
        except (KeyError, TypeError, ValueError, AttributeError, IndexError,
                BoardError) as e:
            raise ArchiveError(f"rooms: a board of the archive does not load ({e!r})") from None
