"""The facilitator closes the workshop from the console: every board turns read-only and
says so, in the reader's language; reopening gives the boards back."""

from __future__ import annotations

from playwright.sync_api import expect
from test_pages import axe_problems

from e2e_steps import TIMEOUT, note, screenshot, wait_online

PHONE, PROJECTOR = (390, 844), (1920, 1080)


def test_closing_makes_every_board_read_only_until_the_facilitator_reopens(workshop,
                                                                            open_page):
    ana, ben, kai = (workshop.join("Ana", "City"), workshop.join("Ben", "NGO"),
                     workshop.join("Kai", "Business"))
    wall = workshop.join("Wall", role="wall")
    board = open_page(f"/board.html?w={workshop.id}", ana)
    phone = open_page(f"/board.html?w={workshop.id}", ben, size=PHONE)
    estonian = open_page(f"/board.html?w={workshop.id}", kai, locale="et-EE")
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    projector = open_page(f"/wall.html?w={workshop.id}", wall, size=PROJECTOR)
    for p in (board, phone, estonian, console, projector):
        wait_online(p)
    board.get_by_test_id("add-note").click()
    board.get_by_test_id("note-editor").fill("Car-free Sundays")
    board.get_by_test_id("note-editor").press("Enter")
    expect(note(console, "Car-free Sundays")).to_have_count(0)  # the console has no board
    expect(note(phone, "Car-free Sundays")).to_have_count(1, timeout=TIMEOUT)
    expect(board.get_by_test_id("note-edit")).to_have_count(1, timeout=TIMEOUT)

    toggle = console.get_by_test_id("lifecycle-toggle")
    expect(toggle).to_have_text("Close the workshop")
    toggle.focus()
    toggle.press("Enter")  # by keyboard, then confirmed by keyboard
    console.get_by_test_id("confirm-yes").press("Enter")

    for page in (console, board, phone):
        expect(page.get_by_test_id("closed-banner")).to_contain_text(
            "This workshop is closed", timeout=TIMEOUT)
    expect(estonian.get_by_test_id("closed-banner")).to_contain_text(
        "See töötuba on suletud", timeout=TIMEOUT)
    expect(projector.get_by_test_id("wall-closed")).to_have_text(
        "This workshop is closed", timeout=TIMEOUT)
    expect(console.get_by_test_id("lifecycle-state")).to_contain_text("Closed")
    expect(toggle).to_have_text("Reopen the workshop")
    expect(console.get_by_test_id("lifecycle-hint")).to_contain_text("180 days after")
    # Read-only: no adding, no editing, on the laptop and on the phone; reading stays.
    expect(board.get_by_test_id("add-note")).to_be_disabled()
    expect(board.get_by_test_id("add-cluster")).to_be_disabled()
    expect(board.get_by_test_id("note-edit")).to_have_count(0)
    expect(note(board, "Car-free Sundays")).to_have_count(1)
    expect(board.get_by_test_id("propose")).to_have_count(0)
    expect(board.get_by_test_id("ready-toggle")).to_be_disabled()
    expect(phone.get_by_test_id("note-edit")).to_have_count(0)
    expect(note(phone, "Car-free Sundays")).to_have_count(1)
    # The console's controls that change things are out of reach; exports are not.
    expect(console.get_by_test_id("timer-card")).to_have_attribute("inert", "")
    expect(console.get_by_test_id("export-csv")).to_be_enabled()
    for name, page in (("console", console), ("board", board), ("phone", phone),
                       ("wall", projector)):
        assert axe_problems(page) == [], name
    screenshot(console, "console-closed-laptop")
    screenshot(board, "board-closed-laptop")
    screenshot(phone, "board-closed-phone")
    screenshot(projector, "wall-closed-projector")
    big = open_page(f"/console.html?w={workshop.id}", workshop.facilitator, size=PROJECTOR)
    wait_online(big)
    expect(big.get_by_test_id("closed-banner")).to_be_visible(timeout=TIMEOUT)
    screenshot(big, "console-closed-projector")
    small = open_page(f"/console.html?w={workshop.id}", workshop.facilitator, size=PHONE)
    wait_online(small)
    expect(small.get_by_test_id("lifecycle-toggle")).to_have_text("Reopen the workshop",
                                                                   timeout=TIMEOUT)
    screenshot(small, "console-closed-phone")

    toggle.focus()
    toggle.press("Enter")  # reopening needs no confirmation
    for page in (console, board, phone, estonian):
        expect(page.get_by_test_id("closed-banner")).to_have_count(0, timeout=TIMEOUT)
    expect(board.get_by_test_id("add-note")).to_be_enabled()
    expect(board.get_by_test_id("ready-toggle")).to_be_enabled()
    expect(board.get_by_test_id("note-edit")).to_have_count(1, timeout=TIMEOUT)
    expect(console.get_by_test_id("timer-card")).not_to_have_attribute("inert", "")
    expect(toggle).to_have_text("Close the workshop")
