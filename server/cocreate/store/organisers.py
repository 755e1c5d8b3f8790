"""Organiser accounts, their sessions, and what an organiser does with their workshops:
list them, issue a new facilitator link, hand out and revoke co-facilitator links."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from cocreate.ids import looks_like_id, new_id, new_token, token_hash
from cocreate.store.tables import ORGANISER, ORGANISER_SESSION, PARTICIPANT, WORKSHOP


class OrganiserExists(Exception):
    """An organiser with that email is there already."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(ORGANISER)).scalar() or 0)


def add(conn: Connection, email: str, password_hash: str, now: int) -> str:
    organiser_id = new_id()
    try:
        with conn.begin_nested():
            conn.execute(insert(ORGANISER).values(id=organiser_id, email=normalise_email(email),
                                                  password_hash=password_hash, created=now))
    except IntegrityError:
        raise OrganiserExists(email) from None
    return organiser_id


def _id_of(conn: Connection, email: str) -> str | None:
    found: str | None = conn.execute(select(ORGANISER.c.id).where(
        ORGANISER.c.email == normalise_email(email))).scalar()
    return found


def set_password(conn: Connection, email: str, password_hash: str) -> bool:
    """A new password; every session of the account ends (a reset is often after a leak)."""
    organiser_id = _id_of(conn, email)
    if organiser_id is None:
        return False
    conn.execute(update(ORGANISER).where(ORGANISER.c.id == organiser_id)
                 .values(password_hash=password_hash))
    conn.execute(delete(ORGANISER_SESSION).where(
        ORGANISER_SESSION.c.organiser_id == organiser_id))
    return True


def remove(conn: Connection, email: str) -> bool:
    """The account and its sessions go; its workshops stay, run by their facilitator links."""
    organiser_id = _id_of(conn, email)
    if organiser_id is None:
        return False
    conn.execute(delete(ORGANISER_SESSION).where(
        ORGANISER_SESSION.c.organiser_id == organiser_id))
    conn.execute(update(WORKSHOP).where(WORKSHOP.c.organiser_id == organiser_id)
                 .values(organiser_id=None))
    conn.execute(delete(ORGANISER).where(ORGANISER.c.id == organiser_id))
    return True


def listing(conn: Connection) -> list[dict[str, Any]]:
    """Every organiser with when they were added and how many workshops they created."""
    made = (select(WORKSHOP.c.organiser_id, func.count().label("n"))
            .group_by(WORKSHOP.c.organiser_id).subquery())
    rows = conn.execute(select(ORGANISER.c.email, ORGANISER.c.created, made.c.n)
                        .outerjoin(made, made.c.organiser_id == ORGANISER.c.id)
                        .order_by(ORGANISER.c.email)).all()
    return [{"email": r.email, "created": r.created, "workshops": r.n or 0} for r in rows]


def credentials(conn: Connection, email: str) -> tuple[str, str] | None:
    """(id, password hash) of the account with that email."""
    row = conn.execute(select(ORGANISER.c.id, ORGANISER.c.password_hash).where(
        ORGANISER.c.email == normalise_email(email))).first()
    return None if row is None else (row.id, row.password_hash)


def open_session(conn: Connection, organiser_id: str, now: int, ttl_ms: int) -> str:
    """A new session's token (for the cookie); only its hash is stored. Expired
    sessions of anyone are swept on the way."""
    conn.execute(delete(ORGANISER_SESSION).where(ORGANISER_SESSION.c.expires <= now))
    token = new_token()
    conn.execute(insert(ORGANISER_SESSION).values(
        token_hash=token_hash(token), organiser_id=organiser_id, created=now,
        expires=now + ttl_ms))
    return token


def by_session(conn: Connection, token: str, now: int) -> tuple[str, str] | None:
    """(id, email) of the organiser whose unexpired session `token` is."""
    row = conn.execute(select(ORGANISER.c.id, ORGANISER.c.email)
                       .join(ORGANISER_SESSION,
                             ORGANISER_SESSION.c.organiser_id == ORGANISER.c.id)
                       .where(ORGANISER_SESSION.c.token_hash == token_hash(token),
                              ORGANISER_SESSION.c.expires > now)).first()
    return None if row is None else (row.id, row.email)


def close_session(conn: Connection, token: str) -> None:
    conn.execute(delete(ORGANISER_SESSION).where(
        ORGANISER_SESSION.c.token_hash == token_hash(token)))


def _facilitators(conn: Connection, workshop_id: str) -> list[Any]:
    """The workshop's facilitators still in it, the first (who created it) first."""
    return list(conn.execute(
        select(PARTICIPANT.c.id, PARTICIPANT.c.name, PARTICIPANT.c.created)
        .where(PARTICIPANT.c.workshop_id == workshop_id, PARTICIPANT.c.role == "facilitator",
               PARTICIPANT.c.removed.is_(False))
        .order_by(PARTICIPANT.c.created, PARTICIPANT.c.id)).all())


def workshops_of(conn: Connection, organiser_id: str) -> list[dict[str, Any]]:
    """The organiser's workshops, newest first, each with its facilitators."""
    rows = conn.execute(select(WORKSHOP.c.id, WORKSHOP.c.title, WORKSHOP.c.join_code,
                               WORKSHOP.c.created, WORKSHOP.c.closed)
                        .where(WORKSHOP.c.organiser_id == organiser_id)
                        .order_by(WORKSHOP.c.created.desc(), WORKSHOP.c.id)).all()
    out = []
    for w in rows:
        people = _facilitators(conn, w.id)
        out.append({
            "id": w.id, "title": w.title, "join_code": w.join_code, "created": w.created,
            "closed": w.closed,
            "co_facilitators": [{"participant_id": p.id, "name": p.name} for p in people[1:]],
        })
    return out


def _owned(conn: Connection, organiser_id: str, workshop_id: str) -> bool:
    if not looks_like_id(workshop_id):
        return False
    return conn.execute(select(WORKSHOP.c.id).where(
        WORKSHOP.c.id == workshop_id, WORKSHOP.c.organiser_id == organiser_id)).first() is not None


def owns(conn: Connection, organiser_id: str, workshop_id: str) -> bool:
    """Whether the organiser owns the workshop (made it, or was given it)."""
    return _owned(conn, organiser_id, workshop_id)


def reissue_facilitator(conn: Connection, organiser_id: str,
                        workshop_id: str) -> dict[str, Any] | None:
    """A new token for the workshop's first facilitator; the old one stops working. None
    when the workshop is not the organiser's."""
    if not _owned(conn, organiser_id, workshop_id):
        return None
    first = _facilitators(conn, workshop_id)[0]
    token = new_token()
    conn.execute(update(PARTICIPANT).where(PARTICIPANT.c.id == first.id)
                 .values(token_hash=token_hash(token)))
    return {"participant_id": first.id, "token": token}


def add_co_facilitator(conn: Connection, organiser_id: str, workshop_id: str, name: str,
                       now: int) -> dict[str, Any] | None:
    """A second (third, …) facilitator of the workshop, in its plenary room."""
    if not _owned(conn, organiser_id, workshop_id):
        return None
    w = conn.execute(select(WORKSHOP.c.plenary_room_id, WORKSHOP.c.created)
                     .where(WORKSHOP.c.id == workshop_id)).one()
    pid, token = new_id(), new_token()
    # Later than the workshop's first facilitator, whom the join order tells apart.
    conn.execute(insert(PARTICIPANT).values(
        id=pid, workshop_id=workshop_id, name=name, role="facilitator",
        room_id=w.plenary_room_id, token_hash=token_hash(token), created=max(now, w.created + 1)))
    return {"participant_id": pid, "token": token}


def revocation(conn: Connection, organiser_id: str, workshop_id: str,
               participant_id: str) -> tuple[str, str] | bool | None:
    """(first facilitator's id, plenary room id) to send `participant.remove` for the
    co-facilitator as; False if they are no co-facilitator of it (the first facilitator is
    not one: their link is re-issued instead); None when the workshop is not theirs."""
    if not _owned(conn, organiser_id, workshop_id):
        return None
    people = _facilitators(conn, workshop_id)
    if participant_id not in [p.id for p in people[1:]]:
        return False
    plenary: str = conn.execute(select(WORKSHOP.c.plenary_room_id)
                                .where(WORKSHOP.c.id == workshop_id)).scalar_one()
    return people[0].id, plenary
