"""The hub's entry points never raise into their callers (the store, the broker)."""

from __future__ import annotations

import logging
from typing import Any

import orjson
import pytest

from cocreate.board.state import Event
from cocreate.broker.memory import MemoryBroker
from cocreate.hub import Hub
from cocreate.store.board_cache import BoardCache


class FakeStore:
    process_id = "this-process"

    def __init__(self) -> None:
        self.cache = BoardCache()


def hub() -> Hub:
    return Hub(FakeStore(), MemoryBroker(), prefix="t:")  # type: ignore[arg-type]


def test_channel_is_one_per_room_under_the_prefix() -> None:
    assert hub().channel("r0om") == "t:room:r0om"


@pytest.mark.parametrize("payload", [
    b"not json", b"[]", b'{"k": "e", "o": "other"}', b'{"k": "e", "o": "other", "e": {}}',
    b'{"k": "p", "o": "other"}', b'{"o": "other"}',
])
def test_a_bad_message_from_the_broker_is_logged_not_raised(
        payload: bytes, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="cocreate.hub"):
        hub().on_message("t:room:r1", payload)
    assert "could not be delivered" in caplog.text


def test_a_good_message_is_offered_to_the_board_cache() -> None:
    h = hub()
    event = Event("r1", 1, "board.lock", "fac", 1, {"locked": True})
    message: dict[str, Any] = {"k": "e", "o": "other", "e": event.as_dict()}
    h.on_message("t:room:r1", orjson.dumps(message))
    assert list(h.store.cache._offered) == [event]
