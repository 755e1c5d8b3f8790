"""Who may open which room, watch the overview, and whose cursor a relay names."""

from __future__ import annotations

import pytest

from cocreate.board import access
from cocreate.board.errors import BoardError
from cocreate.board.participants import Participant
from cocreate.board.redaction import Disclosure
from cocreate.board.state import Role


def person(role: Role, room: str = "b1") -> Participant:
    return Participant("p1", "w1", "Ann", role, "NGO", None, "onsite", room)


@pytest.mark.parametrize(("role", "room", "allowed"), [
    ("participant", "b1", True),  # their own room
    ("participant", "plenary", True),  # the plenary, from a breakout
    ("participant", "b2", False),  # another breakout
    ("facilitator", "b2", True),
    ("wall", "b2", True),
])
def test_which_rooms_may_be_opened(role: Role, room: str, allowed: bool) -> None:
    assert access.may_open_room(person(role), room, "plenary") is allowed


def test_only_facilitators_watch_the_overview() -> None:
    access.check_may_watch_overview(person("facilitator"))
    for role in ("participant", "wall"):
        with pytest.raises(BoardError) as info:
            access.check_may_watch_overview(person(role))  # type: ignore[arg-type]
        assert info.value.code == "forbidden"


def test_walls_relay_nothing() -> None:
    assert access.may_relay(person("participant"))
    assert access.may_relay(person("facilitator"))
    assert not access.may_relay(person("wall"))


@pytest.mark.parametrize(("authors", "actor"), [("named", "p1"), ("group", None),
                                                 ("hidden", None)])
def test_a_relay_names_its_sender_only_when_authors_are_named(authors: str,
                                                             actor: str | None) -> None:
    disclosure = Disclosure(authors)  # type: ignore[arg-type]
    assert access.relay_actor(person("participant"), disclosure) == actor
