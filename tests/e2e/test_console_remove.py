"""A facilitator removes someone from the console; their board says so and stays shut."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e_steps import TIMEOUT, note, screenshot, wait_online


def test_the_facilitator_removes_a_participant_whose_board_then_says_so(workshop, open_page):
    ana, ben = workshop.join("Ana", "City"), workshop.join("Ben", "NGO")
    pa = open_page(f"/board.html?w={workshop.id}", ana)
    pb = open_page(f"/board.html?w={workshop.id}", ben)
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    for p in (pa, pb, console):
        wait_online(p)
    pb.get_by_test_id("add-note").click()
    pb.get_by_test_id("note-editor").fill("Ben's idea stays")
    pb.get_by_test_id("note-editor").press("Enter")
    expect(note(pa, "Ben's idea stays")).to_have_count(1, timeout=TIMEOUT)
    expect(console.get_by_test_id("person-chip")).to_have_count(2, timeout=TIMEOUT)

    ben_chip = console.get_by_test_id("person-chip").filter(has_text="Ben")
    remove = ben_chip.get_by_test_id("remove-person")
    screenshot(console, "console-people-with-remove")
    expect(remove).to_have_accessible_name("Remove Ben from the workshop")
    remove.focus()
    remove.press("Enter")  # by keyboard, as everything in the console
    console.get_by_test_id("confirm-yes").click()

    gone = pb.get_by_test_id("no-access")
    expect(gone).to_be_visible(timeout=TIMEOUT)
    expect(gone).to_have_attribute("data-why", "removed")
    expect(gone).to_contain_text("You were removed from this workshop")
    expect(console.get_by_test_id("person-chip")).to_have_count(1, timeout=TIMEOUT)
    expect(note(pa, "Ben's idea stays")).to_have_count(1)
    screenshot(pb, "removed-participant-laptop")
    pb.reload()
    expect(pb.get_by_test_id("no-access")).to_be_visible(timeout=TIMEOUT)
