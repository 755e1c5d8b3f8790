"""Plenary → themes → rooms → collect → vote on the results, in the browser: the
console splits by two plenary clusters, a participant finds the theme's notes in
their room and adds one, the console collects, and after the recall everyone
votes on the results in the plenary."""

from __future__ import annotations

import time

import httpx
import pytest
from playwright.sync_api import Page, expect
from test_pages import axe_problems

from e2e_steps import SCREENSHOTS, TIMEOUT, note, screenshot, send_ops, settled, wait_online

pytestmark = pytest.mark.e2e

SIZES = {"1366x768": (1366, 768), "390x844": (390, 844), "1920x1080": (1920, 1080)}


def _rooms_of(workshop) -> dict[str, str]:
    r = httpx.get(f"{workshop.base}/api/workshops/{workshop.id}/participants",
                  headers={"Authorization": f"Bearer {workshop.facilitator.token}"},
                  timeout=30, trust_env=False)
    assert r.status_code == 200, r.text
    return {p["id"]: p["room"] for p in r.json()}


def _wait_rooms(workshop, people, away: bool) -> dict[str, str]:
    """Wait until every one of `people` is out of the plenary (or, not `away`, in it)."""
    deadline = time.monotonic() + TIMEOUT / 1000
    while True:
        rooms = _rooms_of(workshop)
        inside = {rooms[m.participant_id] == workshop.plenary_room_id for m in people}
        if inside == {not away}:
            return rooms
        assert time.monotonic() < deadline, rooms
        time.sleep(0.2)


def _photograph(page: Page, name: str) -> None:
    for size_name, size in SIZES.items():
        page.set_viewport_size({"width": size[0], "height": size[1]})
        card = page.get_by_test_id("themes-card")
        card.scroll_into_view_if_needed()
        screenshot(page, f"{name}-{size_name}")
        card.screenshot(path=str(SCREENSHOTS / f"{name}-card-{size_name}.png"))
    page.set_viewport_size({"width": 1366, "height": 768})


def test_plenary_themes_rooms_collect_and_a_vote_on_the_results(workshop, open_page, live_server):
    people = [workshop.join(f"Person {i}", ["City", "NGO", "Business"][i % 3]) for i in range(6)]
    ids = [send_ops(live_server.ws, p.token, [("note.add", {"text": text})])[0]["id"]
           for p, text in zip(people, ["More buses", "Night trams", "Benches in the shade",
                                       "Drinking fountains"], strict=False)]
    send_ops(live_server.ws, workshop.facilitator.token, [
        ("cluster.add", {"title": "Transport", "notes": ids[:2]}),
        ("cluster.add", {"title": "Parks", "notes": ids[2:], "x": 1500})])

    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    picks = console.get_by_test_id("themes-list")
    expect(picks.get_by_test_id("theme-pick")).to_have_count(2, timeout=TIMEOUT)
    expect(console.get_by_test_id("themes-split")).to_be_disabled()
    # By keyboard: tab to the first theme, tick it with Space, then the next.
    picks.get_by_label("Transport").focus()
    console.keyboard.press("Space")
    console.keyboard.press("Tab")
    expect(picks.get_by_label("Parks")).to_be_focused()
    console.keyboard.press("Space")
    expect(console.get_by_test_id("themes-split")).to_be_enabled()
    assert not axe_problems(console), axe_problems(console)
    _photograph(console, "console-themes-picked")
    console.get_by_test_id("themes-split").click()
    expect(console.get_by_test_id("confirm")).to_contain_text("2 rooms")
    console.get_by_test_id("confirm-yes").click()
    rooms = _wait_rooms(workshop, people, away=True)

    # A participant finds the theme's notes in their new room and adds one.
    first = people[0]
    board = open_page(f"/board.html?w={workshop.id}", first)
    wait_online(board)
    names = {r["id"]: r["name"] for r in httpx.get(
        f"{workshop.base}/api/workshops/{workshop.id}",
        headers={"Authorization": f"Bearer {first.token}"}, timeout=30,
        trust_env=False).json()["rooms"]}
    theme = names[rooms[first.participant_id]]
    seeds = {"Transport": ["More buses", "Night trams"],
             "Parks": ["Benches in the shade", "Drinking fountains"]}[theme]
    for text in seeds:
        expect(note(board, text)).to_have_count(1, timeout=TIMEOUT)
    board.get_by_test_id("add-note").click()
    board.get_by_test_id("note-editor").fill("Idea from the room")
    board.get_by_test_id("note-editor").press("Enter")
    expect(note(board, "Idea from the room")).to_have_count(1, timeout=TIMEOUT)
    settled(board)

    # The console collects the top 3 of each room into the plenary, then recalls everyone.
    expect(console.get_by_test_id("themes-elsewhere")).to_be_hidden()
    console.get_by_test_id("collect-top").fill("3")
    console.get_by_test_id("rooms-collect").click()
    expect(console.get_by_test_id("confirm")).to_contain_text("top 3 notes")
    console.get_by_test_id("confirm-yes").click()
    expect(console.locator("#live").filter(has_text="results of 2 rooms")).to_have_count(
        1, timeout=TIMEOUT)
    _photograph(console, "console-themes-collected")
    console.get_by_test_id("rooms-recall").click()
    console.get_by_test_id("confirm-yes").click()
    _wait_rooms(workshop, people, away=False)

    # Back in the plenary the participant sees each room's frame and votes on a result.
    expect(board.get_by_test_id("room-name")).to_contain_text("Plenary", timeout=TIMEOUT)
    for title in ("Transport", "Parks"):
        expect(board.locator("[data-testid=cluster]").filter(has_text=title)).to_have_count(
            2, timeout=TIMEOUT)  # the plenary's cluster and the room's results
    expect(note(board, "Idea from the room")).to_have_count(1, timeout=TIMEOUT)
    console.get_by_test_id("vote-budget").fill("3")
    console.get_by_test_id("vote-start").click()
    result = note(board, "Idea from the room")
    result.hover()
    result.get_by_test_id("note-vote").click()
    expect(note(board, "Idea from the room").get_by_test_id("note-votes")).to_contain_text(
        "1 vote", timeout=TIMEOUT)
    screenshot(board, "board-collected-results-1366x768")
