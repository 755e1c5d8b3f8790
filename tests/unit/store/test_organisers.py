"""Organiser accounts and sessions, and what an organiser may do with whose workshop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection

from cocreate.board.settings import new_workshop_settings
from cocreate.store import organisers, workshops
from cocreate.store.engine import make_engine
from cocreate.store.migrate import upgrade

SETTINGS = new_workshop_settings({"title": "Parks"})


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[Connection]:
    engine = make_engine(f"sqlite:///{tmp_path / 'organisers.sqlite3'}")
    upgrade(engine)
    try:
        with engine.begin() as c:
            yield c
    finally:
        engine.dispose()


def test_an_email_is_one_account_whatever_its_case(conn: Connection) -> None:
    organisers.add(conn, "Ada@Example.org", "$argon2id$x", 1)
    with pytest.raises(organisers.OrganiserExists):
        organisers.add(conn, "ada@example.ORG", "$argon2id$y", 2)
    assert organisers.count(conn) == 1
    assert organisers.credentials(conn, " ADA@example.org ") is not None


def test_sessions_expire_and_end(conn: Connection) -> None:
    ada = organisers.add(conn, "ada@example.org", "$argon2id$x", 1)
    token = organisers.open_session(conn, ada, 1_000, 500)
    assert organisers.by_session(conn, token, 1_499) == (ada, "ada@example.org")
    assert organisers.by_session(conn, token, 1_500) is None
    assert organisers.by_session(conn, "not a session", 1_000) is None
    token = organisers.open_session(conn, ada, 2_000, 500)
    organisers.close_session(conn, token)
    assert organisers.by_session(conn, token, 2_001) is None


def test_only_the_organiser_of_a_workshop_relinks_it_or_adds_co_facilitators(
        conn: Connection) -> None:
    ada = organisers.add(conn, "ada@example.org", "$argon2id$x", 1)
    bo = organisers.add(conn, "bo@example.org", "$argon2id$y", 1)
    made = workshops.create_workshop(conn, SETTINGS, "Ada", ada)
    anonymous = workshops.create_workshop(conn, SETTINGS, "Someone")
    wid = made["workshop_id"]
    assert [w["id"] for w in organisers.workshops_of(conn, ada)] == [wid]
    assert organisers.workshops_of(conn, bo) == []
    assert organisers.reissue_facilitator(conn, bo, wid) is None
    assert organisers.reissue_facilitator(conn, ada, anonymous["workshop_id"]) is None
    assert organisers.add_co_facilitator(conn, bo, wid, "Intruder", 5) is None
    old = made["facilitator"]["token"]
    fresh = organisers.reissue_facilitator(conn, ada, wid)
    assert fresh is not None
    assert fresh["participant_id"] == made["facilitator"]["participant_id"]
    assert workshops.participant_by_token(conn, old) is None
    assert workshops.participant_by_token(conn, fresh["token"]) is not None
    co = organisers.add_co_facilitator(conn, ada, wid, "Cem", 5)
    assert co is not None
    person = workshops.participant_by_token(conn, co["token"])
    assert person is not None and person.role == "facilitator"
    assert organisers.workshops_of(conn, ada)[0]["co_facilitators"] == [
        {"participant_id": co["participant_id"], "name": "Cem"}]
    # The first facilitator is no co-facilitator; another's workshop is not found.
    assert organisers.revocation(conn, ada, wid, fresh["participant_id"]) is False
    assert organisers.revocation(conn, bo, wid, co["participant_id"]) is None
    assert organisers.revocation(conn, ada, wid, co["participant_id"]) == (
        fresh["participant_id"], made["plenary_room_id"])
