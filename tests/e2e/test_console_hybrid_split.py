"""A hybrid split from the console: remote people are spread over the rooms."""

from __future__ import annotations

import time

import httpx
import pytest
from playwright.sync_api import expect

from e2e_steps import TIMEOUT, wait_online

pytestmark = pytest.mark.e2e


def _rooms_of(workshop) -> dict[str, str]:
    r = httpx.get(f"{workshop.base}/api/workshops/{workshop.id}/participants",
                  headers={"Authorization": f"Bearer {workshop.facilitator.token}"},
                  timeout=30, trust_env=False)
    assert r.status_code == 200, r.text
    return {p["id"]: p["room"] for p in r.json()}


def test_the_console_splits_a_hybrid_group_with_remote_people_in_every_room(
        workshop, open_page):
    # Half of each group joins from afar: balancing groups alone may still put
    # all remote people in one room.
    remote = [workshop.join(f"Remote {i}", ["City", "NGO"][i % 2], site="remote")
              for i in range(4)]
    onsite = [workshop.join(f"On site {i}", ["City", "NGO"][i % 2]) for i in range(4)]
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    expect(console.get_by_test_id("split-sites")).to_be_checked()
    console.get_by_test_id("split-count").fill("2")
    console.get_by_test_id("rooms-split").click()
    console.get_by_test_id("confirm-yes").click()
    deadline = time.monotonic() + TIMEOUT / 1000
    rooms = _rooms_of(workshop)
    while workshop.plenary_room_id in {rooms[m.participant_id] for m in remote + onsite}:
        assert time.monotonic() < deadline, "the split did not move everyone"
        time.sleep(0.2)
        rooms = _rooms_of(workshop)
    per_room: dict[str, int] = {}
    for m in remote:
        per_room[rooms[m.participant_id]] = per_room.get(rooms[m.participant_id], 0) + 1
    assert sorted(per_room.values()) == [2, 2], per_room
    assert len({rooms[m.participant_id] for m in onsite}) == 2
