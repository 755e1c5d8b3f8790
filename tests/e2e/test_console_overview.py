"""The live overview in the browser: the console draws each room's board in
small, with words for it (counts and top titles), the room's timer, vote and
ready-check; a private note is counted, never shown; open and summon are
reachable by Tab, and summon brings everyone to that room. Three sizes, three
languages, axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from test_pages import axe_problems

from e2e_steps import SCREENSHOTS, TIMEOUT, screenshot, send_ops, wait_online

pytestmark = pytest.mark.e2e


def _tile(page, room_id):
    return page.locator(f"[data-testid=overview-row][data-room='{room_id}']")


def test_the_overview_shows_every_board_live_and_summons_by_keyboard(workshop, open_page,
                                                                     live_server):
    ana, ben = workshop.join("Ana", "City"), workshop.join("Ben", "NGO")
    (split,) = send_ops(live_server.ws, workshop.facilitator.token,
                        [("rooms.split", {"count": 2})])
    room_a = split["assignments"][ana.participant_id]
    room_b = split["assignments"][ben.participant_id]
    pa = open_page(f"/board.html?w={workshop.id}", ana)
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    for p in (pa, console):
        wait_online(p)
    tile = _tile(console, room_a)
    expect(tile.get_by_test_id("overview-summary")).to_have_text("0 notes, 0 clusters",
                                                                 timeout=TIMEOUT)

    # Ana writes in her breakout: the console's thumbnail of that room draws it.
    send_ops(live_server.ws, ana.token, [
        ("note.add", {"text": "Car-free Sundays in the old town, every month", "x": 40,
                      "y": 60, "color": "green"}),
        ("note.add", {"text": "Bike lanes", "x": 300, "y": 60})])
    cluster = send_ops(live_server.ws, workshop.facilitator.token, [
        ("cluster.add", {"title": "Streets for people"})], room=room_a)[0]
    expect(tile.locator(".ov-note")).to_have_count(2, timeout=TIMEOUT)
    expect(tile.locator(".ov-note[data-color=green]")).to_have_count(1)
    expect(tile.locator(".ov-frame-title")).to_have_text("Streets for people")
    summary = tile.get_by_test_id("overview-summary")
    expect(summary).to_have_text("2 notes, 1 cluster. Top: Streets for people")
    thumb = tile.get_by_test_id("overview-thumb")
    expect(thumb).to_have_attribute("role", "img")
    assert thumb.get_attribute("aria-labelledby") == summary.get_attribute("id")
    expect(_tile(console, room_b).locator(".ov-note")).to_have_count(0)
    assert cluster["title"] == "Streets for people"

    # Its timer, a hidden vote and the ready-check show on the tile too.
    send_ops(live_server.ws, workshop.facilitator.token, [
        ("timer.start", {"seconds": 300, "label": "Ideas"}),
        ("voting.start", {"budget": 2, "hidden": True})], room=room_a)
    send_ops(live_server.ws, ana.token, [("ready.set", {"ready": True})])
    expect(tile.get_by_test_id("overview-timer")).to_have_text(
        re.compile(r"^Ideas: [45]:\d\d left$"), timeout=TIMEOUT)
    expect(tile.get_by_test_id("overview-vote")).to_have_text(
        "Voting is open, hidden (0 votes)")
    expect(tile.get_by_test_id("overview-ready")).to_have_text("1 of 1 done")

    # A private round: Ana's quiet note is counted, not shown.
    send_ops(live_server.ws, workshop.facilitator.token, [
        ("voting.stop", {}),
        ("agenda.set", {"rounds": [{"title": "Quiet", "private": True}]}),
        ("round.start", {})], room=room_a)
    send_ops(live_server.ws, ana.token, [("note.add", {"text": "My quiet secret idea"})])
    expect(summary).to_contain_text("1 private note not shown", timeout=TIMEOUT)
    expect(tile.locator(".ov-note")).to_have_count(2)
    expect(console.get_by_test_id("overview")).not_to_contain_text("quiet secret")

    screenshot(console, "overview-laptop")
    console.locator("#overview-card").screenshot(path=str(SCREENSHOTS / "overview-card-laptop.png"))
    assert axe_problems(console) == []

    # By keyboard: from the room's Open link, Tab reaches Summon; Enter, then confirm.
    tile_b = _tile(console, room_b)
    tile_b.get_by_test_id("overview-open").focus()
    console.keyboard.press("Tab")
    expect(tile_b.get_by_test_id("overview-summon")).to_be_focused()
    console.keyboard.press("Enter")
    expect(console.get_by_test_id("confirm-yes")).to_be_visible(timeout=TIMEOUT)
    console.get_by_test_id("confirm-yes").click()
    # Ana's board follows her to Ben's room.
    page_room = pa.get_by_test_id("room-name")
    expect(page_room).to_have_text(
        next(r["name"] for r in split["rooms"] if r["id"] == room_b), timeout=TIMEOUT)
    expect(_tile(console, room_b).get_by_test_id("overview-ready")).to_have_text(
        "0 of 1 done", timeout=TIMEOUT)  # Ana, connected there now (Ben has no page open)


@pytest.mark.parametrize(("size", "lang", "words"), [
    ((390, 844), "et", "1 märge, 0 rühma"),
    ((1920, 1080), "de", "1 Notiz, 0 Cluster"),
])
def test_the_overview_fits_a_phone_and_a_projector(workshop, open_page, live_server, size,
                                                   lang, words):
    ana = workshop.join("Ana", "City")
    send_ops(live_server.ws, workshop.facilitator.token,
             [("room.add", {"name": "Table 1"}), ("room.add", {"name": "Table 2"})])
    send_ops(live_server.ws, ana.token, [("note.add", {"text": "Shade on the square"})])
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator, size=size,
                        extra_storage={"cocreate:lang": lang})
    wait_online(console)
    tile = _tile(console, workshop.plenary_room_id)
    expect(tile.get_by_test_id("overview-summary")).to_contain_text(words, timeout=TIMEOUT)
    expect(console.get_by_test_id("overview-row")).to_have_count(3)
    tile.scroll_into_view_if_needed()
    # Nothing of the tile runs past the screen's width.
    overflow = console.evaluate("""() => [...document.querySelectorAll(
        '[data-testid=overview-row], [data-testid=overview-row] *')].filter(
        (el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map((el) => el.className || el.tagName)""")
    assert overflow == [], overflow
    screenshot(console, f"overview-{lang}-{size[0]}")
    console.locator("#overview-card").screenshot(
        path=str(SCREENSHOTS / f"overview-card-{lang}-{size[0]}.png"))
    assert axe_problems(console) == []
