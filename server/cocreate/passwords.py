"""Organiser passwords, hashed with Argon2id (argon2-cffi, RFC 9106's low-memory profile).

Hashing and checking take tens of milliseconds of CPU on purpose: callers run
them on a worker thread, never on the event loop or the database thread.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from cocreate.board.limits import PASSWORD_MAX

# Shortest password `cocreate organiser add` accepts.
PASSWORD_MIN = 12

_HASHER = PasswordHasher()
# Checked when no account has the email, so a wrong email costs as long as a wrong password.
_DUMMY = _HASHER.hash("no account has this email")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def check_password(stored: str | None, password: str) -> bool:
    """Whether `password` matches `stored` (None: no such account, always False)."""
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why `password` is not acceptable for an account, or None."""
    if len(password) < PASSWORD_MIN:
        return f"a password needs at least {PASSWORD_MIN} characters"
    if len(password) > PASSWORD_MAX:
        return f"a password has at most {PASSWORD_MAX} characters"
    return None
