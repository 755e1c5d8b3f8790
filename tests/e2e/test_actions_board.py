"""Actions in the browser: the facilitator turns a note into an action with three
parties, each party commits from its own board (one of them on a phone), and the
wall on the projector shows the ticks and "All parties committed"; the console
lists it. Keyboard, axe and three sizes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from test_pages import axe_problems

from e2e_steps import TIMEOUT, screenshot, send_ops, wait_online

pytestmark = pytest.mark.e2e

NOTE = "Open the bus timetable data"


def _commit(page: Page, phone: bool = False) -> None:
    if phone:
        page.get_by_test_id("people-toggle").click()  # the side panel is closed on a phone
    button = page.get_by_test_id("action-commit")
    expect(button).to_be_visible(timeout=TIMEOUT)
    button.focus()
    button.press("Enter")  # by keyboard
    expect(page.get_by_test_id("action-uncommit")).to_be_visible(timeout=TIMEOUT)


def test_a_note_becomes_an_action_all_three_parties_commit_and_the_wall_shows_it(
        workshop, open_page, live_server):
    cleo, nia = workshop.join("Cleo", "City"), workshop.join("Nia", "NGO")
    bo, wall = workshop.join("Bo", "Business"), workshop.join("Wall", role="wall")
    send_ops(live_server.ws, cleo.token, [("note.add", {"text": NOTE, "x": 100, "y": 100})])
    fac = open_page(f"/board.html?w={workshop.id}", workshop.facilitator)
    projector = open_page(f"/wall.html?w={workshop.id}&room={workshop.plenary_room_id}"
                          f"#t={wall.token}", size=(1920, 1080))
    for page in (fac, projector):
        wait_online(page)

    # The facilitator turns the note into an action, by keyboard.
    new = fac.get_by_test_id("action-new")
    expect(new).to_be_visible(timeout=TIMEOUT)
    new.focus()
    new.press("Enter")
    form = fac.get_by_test_id("action-form")
    expect(form).to_be_visible()
    source = fac.get_by_test_id("action-source")
    expect(source).to_be_focused()
    source.select_option(label=f"Note: {NOTE}")
    expect(fac.get_by_test_id("action-title")).to_have_value(NOTE)
    fac.get_by_test_id("action-owner").select_option("City")
    for party in ("NGO", "Business"):
        form.get_by_label(party).check()
    fac.get_by_test_id("action-due").fill("2027-03-31")
    screenshot(fac, "actions-form-laptop")
    assert axe_problems(fac) == []
    fac.get_by_test_id("action-save").press("Enter")
    expect(form).to_have_count(0)
    action = fac.get_by_test_id("action")
    expect(action).to_have_count(1, timeout=TIMEOUT)
    expect(action.get_by_test_id("action-title-text")).to_have_text(NOTE)
    expect(action.get_by_test_id("action-party")).to_have_count(3)

    on_wall = projector.get_by_test_id("wall-action")
    expect(on_wall).to_have_count(1, timeout=TIMEOUT)
    expect(on_wall.get_by_test_id("action-party")).to_have_text(
        ["○ City: not yet committed", "○ NGO: not yet committed",
         "○ Business: not yet committed"])
    expect(on_wall.get_by_test_id("all-committed")).to_have_count(0)

    pc = open_page(f"/board.html?w={workshop.id}", cleo)
    pn = open_page(f"/board.html?w={workshop.id}", nia, size=(390, 844), locale="et-EE")
    pb = open_page(f"/board.html?w={workshop.id}", bo, locale="de-DE")
    for page in (pc, pn, pb):
        wait_online(page)
    _commit(pc)
    _commit(pn, phone=True)
    expect(on_wall.locator("[data-committed=yes]")).to_have_count(2, timeout=TIMEOUT)
    expect(on_wall.get_by_test_id("all-committed")).to_have_count(0)  # two of three
    _commit(pb)
    expect(on_wall.get_by_test_id("all-committed")).to_have_text("All parties committed",
                                                                 timeout=TIMEOUT)
    expect(on_wall.get_by_test_id("action-party")).to_have_text(
        ["✓ City: committed (Cleo)", "✓ NGO: committed (Nia)", "✓ Business: committed (Bo)"])
    expect(pn.get_by_test_id("all-committed")).to_have_text(
        "Kõik osapooled on kohustunud", timeout=TIMEOUT)
    expect(pb.get_by_test_id("all-committed")).to_have_text(
        "Alle Beteiligten haben sich verpflichtet", timeout=TIMEOUT)

    # The status is the facilitator's, apart from the commitments.
    fac.get_by_test_id("action-status").select_option("agreed")
    expect(pb.get_by_test_id("action-status")).to_have_text("Vereinbart", timeout=TIMEOUT)
    expect(pc.get_by_test_id("all-committed")).to_be_visible()
    # Cleo's group owns it: she reports its status herself, from her own board.
    own = pc.get_by_test_id("action-status")
    expect(own).to_have_value("agreed", timeout=TIMEOUT)
    own.select_option("in_progress")
    expect(pb.get_by_test_id("action-status")).to_have_text("In Arbeit", timeout=TIMEOUT)
    expect(on_wall).to_contain_text("In progress", timeout=TIMEOUT)

    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    expect(console.get_by_test_id("actions").get_by_test_id("all-committed")).to_be_visible(
        timeout=TIMEOUT)
    for page, name in ((projector, "actions-wall-projector"), (pc, "actions-board-laptop"),
                       (pn, "actions-board-phone-et"), (pb, "actions-board-laptop-de"),
                       (console, "actions-console")):
        screenshot(page, name)
        assert axe_problems(page) == [], name
