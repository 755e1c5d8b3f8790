"""Random identifiers: row ids, bearer tokens (stored only as hashes), join codes."""

from __future__ import annotations

import hashlib
import re
import secrets

# No 0/O, 1/I/L: a code is read aloud and typed from a projector.
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 6


_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def looks_like_id(value: str) -> bool:
    """Whether `value` could be an id this server made; anything else (a NUL, a
    quote, a path) is not looked up at all."""
    return _ID.fullmatch(value) is not None


def new_id() -> str:
    """96 random bits, URL-safe: ids of rows, notes, rooms, connections, processes."""
    return secrets.token_urlsafe(12)


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def looks_like_join_code(code: str) -> bool:
    return 1 <= len(code) <= 16 and all(c in JOIN_CODE_ALPHABET for c in code)


def normalise_join_code(code: str) -> str:
    """Forgive case, spaces and dashes in what people type."""
    return code.upper().replace(" ", "").replace("-", "")
