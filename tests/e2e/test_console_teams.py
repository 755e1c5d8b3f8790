"""Suggested teams and teams into rooms in the console: the facilitator asks for
a suggestion (only their console gets it), moves someone to another team by
keyboard, applies it, and sends the viable teams into rooms of their own; the
participants' boards follow. Axe on the card, and a phone-sized console."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_pages import axe_problems

from e2e_steps import TIMEOUT, send_ops, wait_online

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-teams")


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_console_suggests_applies_and_sends_teams_into_rooms(
        workshop, open_page, live_server) -> None:
    ws = live_server.ws
    holders = [workshop.join("Cleo", "City"), workshop.join("Nia", "NGO")]
    others = [workshop.join(name, group) for name, group in (
        ("Bo", "Business"), ("Dan", "City"), ("Eve", "NGO"), ("Fay", "Business"))]
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    card = console.get_by_test_id("teams-console")
    expect(console.get_by_test_id("teams-suggest")).to_be_disabled()
    send_ops(ws, workshop.facilitator.token, [("hackathon.phase", {"phase": "pitch"})])
    for who, title in zip(holders, ("A village bus", "A repair café"), strict=True):
        send_ops(ws, who.token, [("pitch.add", {"title": title, "text": "Why: people ask."})])
    send_ops(ws, workshop.facilitator.token, [("hackathon.phase", {"phase": "teams"})])
    expect(console.get_by_test_id("teams-suggest")).to_be_enabled(timeout=TIMEOUT)
    console.get_by_test_id("teams-suggest").click()
    people = card.get_by_test_id("suggested-person")
    expect(people).to_have_count(6, timeout=TIMEOUT)  # the two holders and the four others
    # Each of the four is placed in a team (6 people, 2 teams of at least 3).
    placed = [people.nth(i).get_by_test_id("suggested-team").input_value() for i in range(6)]
    assert all(placed), placed
    # Move Bo by keyboard to the other team than the one suggested, then apply.
    bo = people.filter(has_text="Bo (Business)").get_by_test_id("suggested-team")
    other = "A repair café" if bo.evaluate("s => s.selectedOptions[0].text") == "A village bus" \
        else "A village bus"
    bo.focus()
    bo.select_option(label=other)
    assert axe_problems(console) == []
    shot(console, "console-suggestion-laptop")
    console.get_by_test_id("teams-apply").click()
    expect(people).to_have_count(0, timeout=TIMEOUT)
    pitch = console.get_by_test_id("pitch").filter(has_text=other)
    expect(pitch).to_contain_text("Bo", timeout=TIMEOUT)
    # Teams into rooms: every viable team gets its room; Bo's board goes there.
    board = open_page(f"/board.html?w={workshop.id}", others[0])
    wait_online(board)
    console.get_by_test_id("teams-to-rooms").click()
    console.get_by_test_id("confirm-yes").click()
    expect(board.locator("#room-name")).to_have_text(other, timeout=TIMEOUT)
    console.set_viewport_size({"width": 390, "height": 844})
    assert console.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
    shot(console, "console-teams-phone")
