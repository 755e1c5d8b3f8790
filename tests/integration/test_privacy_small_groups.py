"""Shown by group, a group of fewer than three says "a participant": no raw frame to a
participant (but the note's author) carries its name as a note's `author_group`, nor
does an export; the console learns which groups are small."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from support.api import Api
from support.server import ServerProcess
from support.ws import connect, run

SMALL, BIG = "Labour union", "City"


def _author_groups(frame: Any) -> set[str]:
    """Every `author_group` value anywhere in a frame."""
    found: set[str] = set()
    if isinstance(frame, dict):
        for key, value in frame.items():
            if key == "author_group" and isinstance(value, str):
                found.add(value)
            found |= _author_groups(value)
    elif isinstance(frame, list):
        for value in frame:
            found |= _author_groups(value)
    return found


def test_a_group_of_two_is_never_named_to_participants(
        start_server: Callable[..., ServerProcess]) -> None:
    server = start_server()
    with Api(server.http) as api:
        workshop = api.workshop(authors="group", groups=[BIG, SMALL],
                                facilitator_sees_authors=False)
        unions = [api.member(workshop, f"Union {i}", SMALL) for i in range(2)]
        city = [api.member(workshop, f"City {i}", BIG) for i in range(3)]

    async def scenario() -> tuple[list[Any], dict[str, Any]]:
        async with connect(server.ws, workshop.facilitator.token, label="fac") as fac, \
                connect(server.ws, unions[0].token, label="u0") as u0, \
                connect(server.ws, unions[1].token, label="u1") as u1, \
                connect(server.ws, city[0].token, label="c0") as c0:
            await u0.ack("note.add", {"text": "Shift rotas"})
            await c0.ack("note.add", {"text": "Bus lanes"})
            await fac.ack("snapshot.save", {"name": "Both notes"})
            await c0.ping()
            await u1.ping()
            # Everyone but the note's author (who sees their own note as theirs).
            frames = [m for c in (u1, c0) for m in c.messages]
            # A fresh welcome, read after everyone joined.
            async with connect(server.ws, city[1].token, label="c1") as c1:
                assert c1.welcome is not None
                frames.append(c1.welcome)
            assert fac.welcome is not None
            return frames, fac.welcome["workshop"]
    frames, workshop_seen = run(scenario())
    seen = set().union(*(_author_groups(f) for f in frames))
    assert BIG in seen  # the check can fail: a big group is named
    assert SMALL not in seen
    assert workshop_seen["small_groups"] == [SMALL]
    with httpx.Client(base_url=server.http, timeout=20) as http:
        for fmt in ("md", "csv", "json"):
            r = http.get(f"/api/rooms/{workshop.plenary_room_id}/export",
                         params={"format": fmt},
                         headers={"authorization": f"Bearer {city[2].token}"})
            assert r.status_code == 200 and "Bus lanes" in r.text and "Shift rotas" in r.text
            # The note's own line (md, csv) or record (json) names no group but the big one.
            if fmt == "json":
                assert SMALL not in _author_groups(r.json()), r.text
                assert BIG in _author_groups(r.json())
            else:
                [line] = [ln for ln in r.text.splitlines() if "Shift rotas" in ln]
                assert SMALL not in line, line
