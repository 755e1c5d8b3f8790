"""docs/protocol.md must name every op, message type and error code the server uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocreate import board, protocol
from cocreate.board.errors import ERROR_CODES
from cocreate.board.workshop import WORKSHOP_OPS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "protocol.md").read_text()

OPS = sorted(set(board.ROOM_OPS) | set(board.SERVER_OPS) | set(WORKSHOP_OPS))
TYPES = sorted(protocol.CLIENT_TYPES | protocol.SERVER_TYPES)


@pytest.mark.parametrize("op", OPS)
def test_every_op_is_documented(op: str) -> None:
    assert f"`{op}`" in DOC


@pytest.mark.parametrize("code", ERROR_CODES)
def test_every_error_code_is_documented(code: str) -> None:
    assert f"`{code}`" in DOC


@pytest.mark.parametrize("kind", TYPES)
def test_every_message_type_is_documented(kind: str) -> None:
    assert f'"type": "{kind}"' in DOC or f"`{kind}`" in DOC
