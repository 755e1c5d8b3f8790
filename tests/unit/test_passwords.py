"""Organiser passwords: Argon2id hashes that check the right password only."""

from __future__ import annotations

from cocreate.board.limits import PASSWORD_MAX
from cocreate.passwords import PASSWORD_MIN, check_password, hash_password, password_problem


def test_a_hash_checks_its_password_and_no_other() -> None:
    stored = hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    assert hash_password("correct horse battery staple") != stored  # salted
    assert check_password(stored, "correct horse battery staple")
    assert not check_password(stored, "correct horse battery stapl")
    assert not check_password(stored, "")


def test_no_account_and_a_broken_hash_never_check() -> None:
    assert not check_password(None, "no account has this email")
    assert not check_password("not a hash", "anything")


def test_password_length_rules() -> None:
    assert password_problem("x" * PASSWORD_MIN) is None
    assert password_problem("x" * (PASSWORD_MIN - 1)) is not None
    assert password_problem("x" * PASSWORD_MAX) is None
    assert password_problem("x" * (PASSWORD_MAX + 1)) is not None
