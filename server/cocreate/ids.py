"""Random identifiers: row ids, bearer tokens (stored only as hashes), join codes."""

from __future__ import annotations

import hashlib
import secrets

# No 0/O, 1/I/L: a code is read aloud and typed from a projector.
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 6


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


def normalise_join_code(code: str) -> str:
    """Forgive case, spaces and dashes in what people type."""
    return code.upper().replace(" ", "").replace("-", "")
