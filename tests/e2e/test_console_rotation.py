"""World Café from the console: the facilitator sees and sets each table's
host by keyboard, and "Rotate tables" moves everyone but the hosts."""

from __future__ import annotations

import time

import httpx
import pytest
from playwright.sync_api import expect
from test_pages import axe_problems

from e2e_steps import TIMEOUT, screenshot, wait_online

pytestmark = pytest.mark.e2e
GROUPS = ["City", "NGO"]
SIZES = {"laptop": (1366, 768), "phone": (390, 844), "projector": (1920, 1080)}


def _get(workshop, path: str):
    r = httpx.get(f"{workshop.base}{path}",
                  headers={"Authorization": f"Bearer {workshop.facilitator.token}"},
                  timeout=30, trust_env=False)
    assert r.status_code == 200, r.text
    return r.json()


def _until(check, what: str):
    deadline = time.monotonic() + TIMEOUT / 1000
    while not (value := check()):
        assert time.monotonic() < deadline, what
        time.sleep(0.2)
    return value


def test_the_console_shows_and_sets_hosts_and_rotates_the_tables(workshop, open_page):
    people = [workshop.join(f"Person {i}", GROUPS[i % 2]) for i in range(8)]
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    console.get_by_test_id("split-count").fill("2")
    console.get_by_test_id("rooms-split").click()
    console.get_by_test_id("confirm-yes").click()
    expect(console.get_by_test_id("host-select")).to_have_count(2, timeout=TIMEOUT)
    hosts = _until(lambda: len(_get(workshop, f"/api/workshops/{workshop.id}")["hosts"]) == 2
                   and _get(workshop, f"/api/workshops/{workshop.id}")["hosts"], "no hosts")
    expect(console.get_by_test_id("host-tag")).to_have_count(2, timeout=TIMEOUT)
    # By keyboard: the first table's host select; arrow keys pick another person.
    # Two tables trade everyone but their hosts, so the groups stay mixed only
    # while both hosts are of one group: pick someone of the other host's group.
    group_of = {p.participant_id: GROUPS[i % 2] for i, p in enumerate(people)}
    first_room, other_room = list(hosts)
    want = group_of[hosts[other_room]]
    select = console.locator(f"#host-{first_room}")
    select.focus()
    original = select.input_value()
    for key in ["ArrowDown"] * 3 + ["ArrowUp"] * 6:
        select.press(key)
        chosen = select.input_value()
        if chosen != original and group_of.get(chosen) == want:
            break
    assert chosen != original and group_of.get(chosen) == want, "no host of the other group"
    _until(lambda: _get(workshop, f"/api/workshops/{workshop.id}")["hosts"][first_room]
           == chosen, "room.host did not reach the server")
    hosts[first_room] = chosen
    assert axe_problems(console) == []
    for name, size in SIZES.items():
        console.set_viewport_size({"width": size[0], "height": size[1]})
        card = console.locator("#rooms-card")
        card.scroll_into_view_if_needed()
        path = screenshot(console, f"console-rotation-{name}")
        card.screenshot(path=str(path.with_name(f"console-rotation-{name}-rooms.png")))
    console.set_viewport_size({"width": 1366, "height": 768})
    seats = {p["id"]: p["room"] for p in _get(workshop, f"/api/workshops/{workshop.id}"
                                                          "/participants")}
    rotate = console.get_by_test_id("rooms-rotate")
    rotate.focus()
    console.keyboard.press("Enter")
    console.get_by_test_id("confirm-yes").click()

    def rotated():
        now = {p["id"]: p["room"] for p in _get(workshop, f"/api/workshops/{workshop.id}"
                                                            "/participants")}
        movers = [p.participant_id for p in people if p.participant_id not in hosts.values()]
        return now if all(now[m] != seats[m] for m in movers) else None
    now = _until(rotated, "the rotation did not move everyone but the hosts")
    assert all(now[pid] == room for room, pid in hosts.items())
    expect(console.locator("#live")).to_contain_text("Tables rotated", timeout=TIMEOUT)
