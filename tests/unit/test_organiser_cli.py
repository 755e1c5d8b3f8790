"""`cocreate organiser ...` as an operator runs it: a real process on a real database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from cocreate.board.settings import new_workshop_settings
from cocreate.store import organisers
from cocreate.store.engine import make_engine
from cocreate.store.tables import WORKSHOP
from cocreate.store.workshops import create_workshop
from support.organisers import PASSWORD, organiser_cli

SETTINGS = new_workshop_settings({"title": "Parks"})


def _url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def test_the_cli_adds_lists_resets_and_removes_organisers(tmp_path: Path) -> None:
    url = _url(tmp_path)
    empty = organiser_cli(url, "list")
    assert empty.returncode == 0 and "no organisers" in empty.stdout
    added = organiser_cli(url, "add", "Ada@Example.org", "--password-stdin",
                          stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert "added organiser ada@example.org" in added.stdout
    assert PASSWORD not in added.stdout + added.stderr
    again = organiser_cli(url, "add", "ada@example.org", "--password-stdin",
                          stdin=PASSWORD + "\n")
    assert again.returncode == 1 and "already" in again.stderr
    short = organiser_cli(url, "add", "bo@example.org", "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "at least 12 characters" in short.stderr
    not_email = organiser_cli(url, "add", "ada", "--password-stdin", stdin=PASSWORD + "\n")
    assert not_email.returncode == 1 and "not an email" in not_email.stderr
    listed = organiser_cli(url, "list")
    assert listed.stdout.splitlines()[0].split("\t")[0] == "ada@example.org"
    assert "bo@example.org" not in listed.stdout
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            found = organisers.credentials(conn, "ada@example.org")
            assert found is not None and found[1].startswith("$argon2id$")
            assert PASSWORD not in found[1]
    finally:
        engine.dispose()
    assert organiser_cli(url, "reset", "nobody@example.org", "--password-stdin",
                         stdin=PASSWORD + "\n").returncode == 1
    assert organiser_cli(url, "remove", "nobody@example.org").returncode == 1


def test_reset_ends_sessions_and_remove_keeps_the_workshops(tmp_path: Path) -> None:
    url = _url(tmp_path)
    assert organiser_cli(url, "add", "ada@example.org", "--password-stdin",
                         stdin=PASSWORD + "\n").returncode == 0
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            found = organisers.credentials(conn, "ada@example.org")
            assert found is not None
            old_hash = found[1]
            token = organisers.open_session(conn, found[0], 1_000, 3_600_000)
            made = create_workshop(conn, SETTINGS, "Ada", found[0])
        reset = organiser_cli(url, "reset", "ada@example.org", "--password-stdin",
                              stdin="another long password\n")
        assert reset.returncode == 0, reset.stderr
        with engine.begin() as conn:
            assert organisers.by_session(conn, token, 2_000) is None
            again = organisers.credentials(conn, "ada@example.org")
            assert again is not None and again[1] != old_hash
            token = organisers.open_session(conn, again[0], 1_000, 3_600_000)
        listed = organiser_cli(url, "list")
        assert "\t1 workshops" in listed.stdout
        removed = organiser_cli(url, "remove", "ada@example.org")
        assert removed.returncode == 0, removed.stderr
        with engine.begin() as conn:
            assert organisers.by_session(conn, token, 2_000) is None
            assert organisers.credentials(conn, "ada@example.org") is None
            owner = conn.execute(select(WORKSHOP.c.organiser_id).where(
                WORKSHOP.c.id == made["workshop_id"])).one()
            assert owner.organiser_id is None  # the workshop stays, nobody's now
    finally:
        engine.dispose()
