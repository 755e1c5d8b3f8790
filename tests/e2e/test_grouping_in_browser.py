"""Grouping suggestions in the browser: the facilitator asks, sees ghost frames, edits
one (renames it, drops a note out), accepts it, and the wall shows the cluster; a
participant on a phone writing a note sees the similar notes already there. Keyboard,
axe, three sizes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_pages import axe_problems

from e2e_steps import TIMEOUT, screenshot, send_ops, wait_online

pytestmark = pytest.mark.e2e

BUS = ["Bussiliinid peaksid ühendama külad linnaga", "Mehr Buslinien in die Dörfer",
       "More bus lines to the villages"]
LIBRARY = ["Longer library opening hours", "The library should open on Sundays",
           "A library open in the evenings for working people"]


def test_suggest_edit_accept_and_the_cluster_on_the_wall(workshop, open_page, live_server):
    ana = workshop.join("Ana", "City")
    wall = workshop.join("Wall", role="wall")
    notes = send_ops(live_server.ws, ana.token, [
        # Far apart: the accepted frame is laid out where its notes were, and must not
        # land on the note dropped out of it.
        ("note.add", {"text": text, "x": 80 + 600 * (i % 3), "y": 80 + 500 * (i // 3)})
        for i, text in enumerate([*BUS, *LIBRARY])])
    assert len(notes) == 6
    fac = open_page(f"/board.html?w={workshop.id}", workshop.facilitator)
    screen = open_page(f"/wall.html?w={workshop.id}&room={workshop.plenary_room_id}"
                       f"#t={wall.token}", size=(1920, 1080))
    wait_online(fac)

    run = fac.get_by_test_id("suggest-run")
    expect(run).to_be_visible(timeout=TIMEOUT)
    run.focus()
    run.press("Enter")  # by keyboard
    cards = fac.get_by_test_id("suggestion")
    # The server loads scikit-learn on the first question (seconds on a busy machine).
    expect(cards).to_have_count(2, timeout=90_000)
    expect(fac.get_by_test_id("ghost-frame")).to_have_count(2)
    library = cards.filter(has_text="opening hours")
    expect(library.get_by_test_id("suggestion-note")).to_have_count(3)
    screenshot(fac, "suggestions-laptop")
    assert axe_problems(fac) == []

    # Edit: a title of the facilitator's own, and the evening note dropped out.
    title = library.get_by_test_id("suggestion-title")
    title.fill("Library hours")
    library.get_by_label(LIBRARY[2]).uncheck()
    library.get_by_test_id("suggestion-accept").press("Enter")
    expect(cards).to_have_count(1, timeout=TIMEOUT)
    on_wall = screen.get_by_test_id("wall-cluster").filter(has_text="Library hours")
    expect(on_wall).to_have_count(1, timeout=TIMEOUT)
    expect(on_wall.get_by_test_id("wall-note")).to_have_count(2)
    # Dismissed: nothing changes on the board.
    cards.first.get_by_test_id("suggestion-dismiss").click()
    expect(cards).to_have_count(0)
    expect(fac.get_by_test_id("ghost-frame")).to_have_count(0)
    expect(on_wall).to_have_count(1)
    assert LIBRARY[2] not in on_wall.inner_text()
    screenshot(screen, "suggestions-accepted-wall")

    # A participant on a phone writes a note like one already there.
    phone = open_page(f"/board.html?w={workshop.id}", ana, size=(390, 844), locale="et-EE")
    wait_online(phone)
    phone.get_by_test_id("quick-add-text").fill("buss minu külla")
    hint = phone.get_by_test_id("similar-hint")
    expect(hint.get_by_test_id("similar-note").first).to_have_text(
        "Bussiliinid peaksid ühendama külad linnaga", timeout=TIMEOUT)
    expect(hint).to_contain_text("Sarnased märkmed on juba olemas")
    screenshot(phone, "similar-phone-et")
    assert axe_problems(phone) == []
