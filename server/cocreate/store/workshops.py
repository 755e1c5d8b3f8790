"""Workshops, their rooms and participants, and the tokens that identify them."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, cast

import orjson
from sqlalchemy import Connection, RowMapping, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from cocreate.board import hackathon, names, results, teams
from cocreate.board.participants import Participant
from cocreate.board.redaction import Disclosure
from cocreate.board.rooms import RoomInfo, WorkshopState
from cocreate.board.state import AuthorsMode, Role
from cocreate.ids import (
    looks_like_id,
    looks_like_join_code,
    new_id,
    new_join_code,
    new_token,
    normalise_join_code,
    token_hash,
)
from cocreate.store.tables import (
    ENCOUNTER,
    JURY_SCORE,
    PARTICIPANT,
    ROOM,
    TEAM_PREFERENCE,
    WORKSHOP,
)

JOIN_CODE_DRAWS = 20


def _now() -> int:
    return int(time.time() * 1000)


def participant_of_row(row: RowMapping) -> Participant:
    return Participant(row["id"], row["workshop_id"], row["name"], cast(Role, row["role"]),
                       row["group"], row["organisation"], row["site"], row["room_id"])


def create_workshop(conn: Connection, settings: dict[str, Any], facilitator_name: str,
                    organiser_id: str | None = None,
                    retention_days: int | None = None,
                    ids: tuple[str, str] | None = None) -> dict[str, Any]:
    """A workshop with its plenary room and its first facilitator (and their token),
    recorded as the organiser's when one created it, kept `retention_days` after it
    closes (board.lifecycle); `ids` (workshop, plenary) are drawn beforehand by an
    import, which maps references to them."""
    workshop_id, room_id = ids or (new_id(), new_id())
    facilitator_id = new_id()
    token = new_token()
    now = _now()
    for _ in range(JOIN_CODE_DRAWS):
        code = new_join_code()
        try:
            with conn.begin_nested():
                conn.execute(insert(WORKSHOP).values(
                    id=workshop_id, title=settings["title"], challenge=settings["challenge"],
                    constraints=orjson.dumps(settings["constraints"]).decode(),
                    boundaries=orjson.dumps(settings["boundaries"]).decode(),
                    groups=orjson.dumps(settings["groups"]).decode(),
                    authors=settings["authors"],
                    facilitator_sees_authors=settings["facilitator_sees_authors"],
                    language=settings["language"],
                    participants_add_actions=settings["participants_add_actions"],
                    privacy_note=settings["privacy_note"],
                    similar_hints=settings["similar_hints"],
                    erase_policy=settings["erase_policy"],
                    team_rule=_json_or_none(settings.get("team_rule")),
                    min_pitch_text=settings.get("min_pitch_text") or 0,
                    jurors_join=bool(settings.get("jurors_join")),
                    join_code=code, plenary_room_id=room_id,
                    created=now, organiser_id=organiser_id,
                    retention_days=retention_days))
            break
        except IntegrityError:
            continue  # join code taken by a live workshop; draw again
    else:
        raise RuntimeError("could not draw a free join code")
    conn.execute(insert(ROOM).values(id=room_id, workshop_id=workshop_id,
                                     name=names.plenary(settings["language"]),
                                     plenary=True, position=0))
    conn.execute(insert(PARTICIPANT).values(
        id=facilitator_id, workshop_id=workshop_id, name=facilitator_name, role="facilitator",
        room_id=room_id, token_hash=token_hash(token), created=now))
    return {"workshop_id": workshop_id, "join_code": code, "plenary_room_id": room_id,
            "facilitator": {"participant_id": facilitator_id, "token": token}}


# Built once: every join and welcome runs these, and building them cost more than
# running them (py-spy of a hall joining).
_BY_CODE = select(WORKSHOP).where(WORKSHOP.c.join_code == bindparam("code"))
_BY_TOKEN = (select(PARTICIPANT).join(WORKSHOP, WORKSHOP.c.id == PARTICIPANT.c.workshop_id)
             .where(PARTICIPANT.c.token_hash == bindparam("hash"),
                    PARTICIPANT.c.removed.is_(False)))
_JURORS = select(func.count()).select_from(PARTICIPANT).where(
    PARTICIPANT.c.workshop_id == bindparam("workshop_id"), PARTICIPANT.c.role == "juror",
    PARTICIPANT.c.removed.is_(False))
_GROUPS = select(WORKSHOP.c.groups).where(WORKSHOP.c.id == bindparam("workshop_id"))
_GROUP_SIZES = (
    select(PARTICIPANT.c.group, func.min(PARTICIPANT.c.created).label("first"),
           func.count().filter(PARTICIPANT.c.role == "participant").label("size"))
    .where(PARTICIPANT.c.workshop_id == bindparam("workshop_id"),
           PARTICIPANT.c.group.is_not(None), PARTICIPANT.c.group != "")
    .group_by(PARTICIPANT.c.group))


def workshop_by_code(conn: Connection, code: str) -> RowMapping | None:
    """The workshop with that join code, closed or open (the caller refuses a closed one)."""
    code = normalise_join_code(code)
    if not looks_like_join_code(code):
        return None
    return conn.execute(_BY_CODE, {"code": code}).mappings().first()


def deletion_target(conn: Connection, workshop_id: str) -> dict[str, Any] | None:
    """Who may delete the workshop and who closes it first: its organiser, its first
    facilitator still in it, its plenary and whether it is closed; None if none."""
    if not looks_like_id(workshop_id):
        return None
    w = conn.execute(select(WORKSHOP.c.organiser_id, WORKSHOP.c.plenary_room_id,
                            WORKSHOP.c.closed).where(WORKSHOP.c.id == workshop_id)).first()
    if w is None:
        return None
    first = conn.execute(select(PARTICIPANT.c.id).where(
        PARTICIPANT.c.workshop_id == workshop_id, PARTICIPANT.c.role == "facilitator",
        PARTICIPANT.c.removed.is_(False)).order_by(PARTICIPANT.c.created, PARTICIPANT.c.id)
    ).scalar()
    return {"organiser_id": w.organiser_id, "plenary_room_id": w.plenary_room_id,
            "closed": w.closed, "facilitator_id": first}


def join(conn: Connection, workshop: RowMapping, *, name: str, group: str | None,
         organisation: str | None, role: str, site: str) -> dict[str, Any]:
    pid = new_id()
    token = new_token()
    conn.execute(insert(PARTICIPANT).values(
        id=pid, workshop_id=workshop["id"], name=name, role=role, group=group,
        organisation=organisation, site=site, room_id=workshop["plenary_room_id"],
        token_hash=token_hash(token), created=_now()))
    return {"participant_id": pid, "token": token, "workshop_id": workshop["id"],
            "room_id": workshop["plenary_room_id"]}


def participant_by_token(conn: Connection, token: str) -> Participant | None:
    """Whose token it is; None for a removed participant or a workshop that is gone."""
    row = conn.execute(_BY_TOKEN, {"hash": token_hash(token)}).mappings().first()
    return participant_of_row(row) if row else None


def participants_of(conn: Connection, workshop_id: str, *,
                    removed_too: bool = False) -> list[Participant]:
    """Everyone who joined the workshop (and was not removed), in the order they joined."""
    q = select(PARTICIPANT).where(PARTICIPANT.c.workshop_id == workshop_id)
    if not removed_too:
        q = q.where(PARTICIPANT.c.removed.is_(False))
    rows = conn.execute(q.order_by(PARTICIPANT.c.created, PARTICIPANT.c.id)).mappings()
    return [participant_of_row(r) for r in rows]


def participants_by_ids(conn: Connection, workshop_id: str,
                        ids: set[str]) -> list[Participant]:
    """Those of `ids` who joined the workshop (the removed too), read in chunks."""
    found: list[Participant] = []
    wanted = sorted(ids)
    for at in range(0, len(wanted), 500):
        rows = conn.execute(select(PARTICIPANT).where(
            PARTICIPANT.c.workshop_id == workshop_id,
            PARTICIPANT.c.id.in_(wanted[at:at + 500]))).mappings()
        found.extend(participant_of_row(r) for r in rows)
    return found


def hackathon_of(conn: Connection, workshop: dict[str, Any],
                 hack: hackathon.Hackathon) -> dict[str, Any]:
    """The welcome's `hackathon` of `workshop` (a W shape): every pitch with its team
    by name and group (removed members too: they stay in their team) and viability."""
    members = {m for pitch in hack.pitches.values() for m in pitch.members}
    people = {p.id: p for p in participants_by_ids(conn, workshop["id"], members)}
    rule = teams.team_rule(workshop.get("team_rule"), workshop.get("groups") or [])
    return hackathon.hackathon_view(hack, people, rule, juror_count(conn, workshop["id"]))


def juror_count(conn: Connection, workshop_id: str) -> int:
    count: int = conn.execute(_JURORS, {"workshop_id": workshop_id}).scalar_one()
    return count


def my_hackathon(conn: Connection, workshop_id: str, participant_id: str) -> dict[str, Any]:
    """What of the hackathon only its reader sees: the pitches they said they would
    join, and (a juror's) their own scores. Nobody else's welcome carries them."""
    return my_hackathons(conn, workshop_id, [participant_id])[participant_id]


def my_hackathons(conn: Connection, workshop_id: str,
                  participant_ids: list[str]) -> dict[str, dict[str, Any]]:
    """`my_hackathon` of each of `participant_ids`, in two reads whatever their number
    (a room's fresh welcomes after a move ask for everyone in it at once)."""
    out: dict[str, dict[str, Any]] = {pid: {"prefers": [], "scores": {}}
                                      for pid in participant_ids}
    for r in conn.execute(select(TEAM_PREFERENCE.c.participant_id, TEAM_PREFERENCE.c.pitches)
                          .where(TEAM_PREFERENCE.c.workshop_id == workshop_id,
                                 TEAM_PREFERENCE.c.participant_id.in_(participant_ids))):
        out[r.participant_id]["prefers"] = orjson.loads(r.pitches)
    for score in conn.execute(select(JURY_SCORE.c.juror_id, JURY_SCORE.c.pitch_id,
                                 JURY_SCORE.c.scores)
                          .where(JURY_SCORE.c.workshop_id == workshop_id,
                                 JURY_SCORE.c.juror_id.in_(participant_ids))):
        out[score.juror_id]["scores"][score.pitch_id] = orjson.loads(score.scores)
    return out


def participant_dicts(conn: Connection, workshop_id: str) -> dict[str, dict[str, Any]]:
    """The P shapes of everyone who joined, by id; removed people too, since their
    notes stay and a report names authors."""
    return {p.id: p.as_dict() for p in participants_of(conn, workshop_id, removed_too=True)}


def remove_participants(conn: Connection, participant_ids: list[str]) -> None:
    if participant_ids:
        conn.execute(update(PARTICIPANT).where(PARTICIPANT.c.id.in_(participant_ids))
                     .values(removed=True))


def workshop_dict(conn: Connection, workshop_id: str) -> dict[str, Any] | None:
    """The protocol's W shape."""
    if not looks_like_id(workshop_id):
        return None
    w = conn.execute(select(WORKSHOP).where(WORKSHOP.c.id == workshop_id)).mappings().first()
    if w is None:
        return None
    rooms = conn.execute(select(ROOM.c.id, ROOM.c.name, ROOM.c.plenary, ROOM.c.archived,
                                ROOM.c.host_id)
                         .where(ROOM.c.workshop_id == workshop_id)
                         .order_by(ROOM.c.position, ROOM.c.id)).all()
    return {
        "id": w["id"], "title": w["title"], "challenge": w["challenge"],
        "constraints": orjson.loads(w["constraints"]), "groups": orjson.loads(w["groups"]),
        "boundaries": orjson.loads(w["boundaries"]), "flags": orjson.loads(w["flags"]),
        "challenges": orjson.loads(w["challenges"]),
        "authors": w["authors"], "facilitator_sees_authors": w["facilitator_sees_authors"],
        "language": w["language"], "participants_add_actions": w["participants_add_actions"],
        "privacy_note": w["privacy_note"],
        "similar_hints": w["similar_hints"],
        "erase_policy": w["erase_policy"],
        "small_groups": small_groups(conn, workshop_id),
        "team_rule": _loads_or_none(w["team_rule"]), "min_pitch_text": w["min_pitch_text"],
        "jurors_join": w["jurors_join"],
        "join_code": w["join_code"], "plenary_room_id": w["plenary_room_id"],
        "closed": w["closed"], "closed_at": w["closed_at"],
        "retention_days": w["retention_days"],
        "rooms": [{"id": r.id, "name": r.name, "plenary": r.plenary, "archived": r.archived}
                  for r in rooms],
        "hosts": {r.id: r.host_id for r in rooms if r.host_id is not None},
        "series_id": w["series_id"],
    }


def workshop_language(conn: Connection, workshop_id: str) -> str:
    language: str | None = conn.execute(select(WORKSHOP.c.language)
                                        .where(WORKSHOP.c.id == workshop_id)).scalar()
    return language or names.DEFAULT_LANGUAGE


def workshop_settings(conn: Connection, workshop_id: str) -> dict[str, Any]:
    """The settings `board.settings` validates, as they are now."""
    w = conn.execute(select(WORKSHOP).where(WORKSHOP.c.id == workshop_id)).mappings().one()
    return {"title": w["title"], "challenge": w["challenge"], "authors": w["authors"],
            "facilitator_sees_authors": w["facilitator_sees_authors"],
            "constraints": orjson.loads(w["constraints"]), "groups": orjson.loads(w["groups"]),
            "boundaries": orjson.loads(w["boundaries"]), "language": w["language"],
            "participants_add_actions": w["participants_add_actions"],
            "privacy_note": w["privacy_note"],
            "similar_hints": w["similar_hints"],
            "erase_policy": w["erase_policy"],
            "team_rule": _loads_or_none(w["team_rule"]), "min_pitch_text": w["min_pitch_text"],
            "jurors_join": w["jurors_join"]}


def _json_or_none(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def _loads_or_none(value: str | None) -> Any:
    return None if value is None else orjson.loads(value)


def workshop_outcomes(conn: Connection, workshop_id: str) -> tuple[list[Any], list[Any]]:
    """The workshop's flags and challenges (`board.boundaries`), as they are now."""
    row = conn.execute(select(WORKSHOP.c.flags, WORKSHOP.c.challenges)
                       .where(WORKSHOP.c.id == workshop_id)).one()
    return orjson.loads(row.flags), orjson.loads(row.challenges)


def disclosure(conn: Connection, workshop_id: str,
               small: list[str] | None = None) -> Disclosure:
    """Who may see whose name in the workshop; `small` is its `small_groups`, when
    the caller has just read them."""
    row = conn.execute(select(WORKSHOP.c.authors, WORKSHOP.c.facilitator_sees_authors)
                       .where(WORKSHOP.c.id == workshop_id)).first()
    if row is None:
        return Disclosure()
    return Disclosure(cast(AuthorsMode, row.authors), row.facilitator_sees_authors,
                      frozenset(small_groups(conn, workshop_id) if small is None else small))


def small_groups(conn: Connection, workshop_id: str) -> list[str]:
    """`board.results.small_groups` of the workshop (erased people are in no group),
    from one row per group: every welcome asks, and a hall holds thousands."""
    names = {"workshop_id": workshop_id}
    groups = conn.execute(_GROUPS, names).scalar()
    group = PARTICIPANT.c.group
    rows = conn.execute(_GROUP_SIZES, names).all()
    # Join order is (created, id); groups whose first members joined in the same
    # millisecond are told apart by that member's id.
    firsts: dict[str, tuple[int, str]] = {}
    for r in rows:
        first_id = conn.execute(select(func.min(PARTICIPANT.c.id)).where(
            PARTICIPANT.c.workshop_id == workshop_id, group == r.group,
            PARTICIPANT.c.created == r.first)).scalar_one() if _tied(rows, r.first) else ""
        firsts[r.group] = (r.first, first_id)
    sizes = [(r.group, r.size) for r in sorted(rows, key=lambda r: firsts[r.group])]
    return results.small_groups_of(sizes, orjson.loads(groups or "[]"))


def _tied(rows: Sequence[Any], first: int) -> bool:
    return sum(1 for r in rows if r.first == first) > 1


def plenary_room_id(conn: Connection, workshop_id: str) -> str | None:
    room_id: str | None = conn.execute(select(WORKSHOP.c.plenary_room_id)
                                       .where(WORKSHOP.c.id == workshop_id)).scalar()
    return room_id


def room_dict(conn: Connection, room_id: str, workshop_id: str) -> dict[str, Any] | None:
    """The protocol's R shape of a room of that workshop, or None."""
    if not looks_like_id(room_id):
        return None
    row = conn.execute(select(ROOM.c.id, ROOM.c.name, ROOM.c.plenary, ROOM.c.archived).where(
        ROOM.c.id == room_id, ROOM.c.workshop_id == workshop_id)).first()
    return None if row is None else {"id": row.id, "name": row.name, "plenary": row.plenary,
                                     "archived": row.archived}


def room_exists(conn: Connection, room_id: str) -> bool:
    if not looks_like_id(room_id):
        return False
    return conn.execute(select(ROOM.c.id).where(ROOM.c.id == room_id)).first() is not None


def workshop_met(conn: Connection, workshop_id: str) -> dict[tuple[str, str], int]:
    """Who met whom how often at a table, keyed as `board.rotation.pair`."""
    rows = conn.execute(select(ENCOUNTER.c.a, ENCOUNTER.c.b, ENCOUNTER.c.times)
                        .where(ENCOUNTER.c.workshop_id == workshop_id))
    return {(r.a, r.b): r.times for r in rows}


def record_encounters(conn: Connection, workshop_id: str, pairs: list[tuple[str, str]]) -> None:
    """Count one more meeting for each pair (ids in order), in one statement."""
    if not pairs:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(ENCOUNTER)
    stmt = stmt.on_conflict_do_update(index_elements=[ENCOUNTER.c.workshop_id, ENCOUNTER.c.a,
                                                      ENCOUNTER.c.b],
                                      set_={"times": ENCOUNTER.c.times + 1})
    conn.execute(stmt, [{"workshop_id": workshop_id, "a": a, "b": b, "times": 1}
                        for a, b in pairs])


def set_hosts(conn: Connection, hosts: dict[str, str | None]) -> None:
    for room_id, host in sorted(hosts.items()):
        conn.execute(update(ROOM).where(ROOM.c.id == room_id).values(host_id=host))


def cafe_state(conn: Connection, workshop_id: str) -> WorkshopState:
    """What a rotation is worked out from: rooms and hosts, people, who met whom."""
    rows = conn.execute(select(ROOM.c.id, ROOM.c.name, ROOM.c.plenary, ROOM.c.archived,
                               ROOM.c.host_id)
                        .where(ROOM.c.workshop_id == workshop_id)
                        .order_by(ROOM.c.position, ROOM.c.id)).all()
    rooms = [RoomInfo(r.id, r.name, r.plenary, r.archived) for r in rows]
    plenary = next((r.id for r in rooms if r.plenary), "")
    return WorkshopState(workshop_id, plenary, rooms, participants_of(conn, workshop_id),
                         hosts={r.id: r.host_id for r in rows if r.host_id},
                         met=workshop_met(conn, workshop_id))
