"""Everything a participant does, done with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e_steps import TIMEOUT, note, note_position, settled, wait_online, wait_position

pytestmark = pytest.mark.e2e


def focused_testid(page: Page) -> str | None:
    return page.evaluate("() => document.activeElement?.dataset?.testid ?? null")


def assert_visible_focus(page: Page) -> None:
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, s.outlineWidth]; }""")
    assert style[0] != "none" and style[1] != "0px", style


def tab_to(page: Page, testid: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_testid(page) == testid:
            assert_visible_focus(page)
            return
    raise AssertionError(f"Tab never reached {testid}")


def test_keyboard_only_join_write_move_cluster_vote_delete(workshop, open_page):
    page = open_page(f"/?join={workshop.join_code}")
    # The join code is filled in from the link; focus waits in the name field.
    expect(page.get_by_test_id("join-code")).to_have_value(workshop.join_code)
    expect(page.get_by_test_id("join-name")).to_be_focused()
    page.keyboard.type("Kai Keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url("**/board.html?w=*")
    wait_online(page)

    # N opens an editor; Enter saves; focus lands on the new note.
    page.keyboard.press("n")
    expect(page.get_by_test_id("note-editor")).to_be_focused()
    page.keyboard.type("Car-free school streets")
    page.keyboard.press("Enter")
    first = note(page, "Car-free school streets")
    expect(first).to_be_visible()
    settled(page)
    expect(first).to_be_focused(timeout=TIMEOUT)
    assert_visible_focus(page)

    # Arrow keys move the focused note.
    x0, y0 = note_position(page, "Car-free school streets")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    wait_position(page, "Car-free school streets", x0 + 100, y0 + 20)
    settled(page)
    wait_position(page, "Car-free school streets", x0 + 100, y0 + 20)

    # Enter edits in place, with a colour picked by keyboard.
    page.keyboard.press("Enter")
    editor = page.get_by_test_id("note-editor")
    expect(editor).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("Car-free streets around schools")
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("editor").get_by_test_id("swatch-yellow")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("editor").get_by_test_id("swatch-pink")).to_be_focused()
    page.get_by_test_id("note-editor").focus()  # back to the text (Shift+Tab would do too)
    page.keyboard.press("Enter")
    first = note(page, "Car-free streets around schools")
    expect(first).to_have_attribute("data-color", "pink", timeout=TIMEOUT)
    expect(first).to_be_focused()

    # A second note, picked up with Space and dropped on the first: a cluster.
    page.keyboard.press("n")
    page.keyboard.type("Walking buses")
    page.keyboard.press("Enter")
    second = note(page, "Walking buses")
    settled(page)
    expect(second).to_be_focused(timeout=TIMEOUT)
    fx, fy = note_position(page, "Car-free streets around schools")
    sx, sy = note_position(page, "Walking buses")
    page.keyboard.press("Space")
    steps_x = round((fx - sx) / 20)
    steps_y = round((fy - sy) / 20)
    for _ in range(abs(steps_x)):
        page.keyboard.press("ArrowRight" if steps_x > 0 else "ArrowLeft")
    for _ in range(abs(steps_y)):
        page.keyboard.press("ArrowDown" if steps_y > 0 else "ArrowUp")
    expect(page.locator("#live")).to_contain_text("Car-free streets around schools")
    page.keyboard.press("Space")
    cluster = page.get_by_test_id("cluster")
    expect(cluster).to_have_count(1, timeout=TIMEOUT)
    expect(cluster.get_by_test_id("cluster-title")).to_have_text("Cluster 1")
    expect(cluster).to_have_attribute("aria-label", "Cluster Cluster 1, 2 notes", timeout=TIMEOUT)

    # Rename the cluster with its button, reached by Tab.
    tab_to(page, "cluster-rename")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("prompt-input")).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("Safe ways to school")
    page.keyboard.press("Enter")
    expect(cluster.get_by_test_id("cluster-title")).to_have_text("Safe ways to school",
                                                                 timeout=TIMEOUT)

    # The facilitator opens a vote; V votes for the focused note.
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    console.get_by_test_id("vote-start").click()
    expect(page.get_by_test_id("vote-status")).to_contain_text("5 of 5 votes left", timeout=TIMEOUT)
    second.focus()
    page.keyboard.press("v")
    page.keyboard.press("v")
    expect(second.get_by_test_id("note-votes")).to_have_text("●● 2 votes (2 yours)",
                                                             timeout=TIMEOUT)
    expect(page.get_by_test_id("vote-status")).to_contain_text("3 of 5 votes left")
    page.keyboard.press("Shift+V")
    expect(second.get_by_test_id("note-votes")).to_have_text("● 1 vote (yours)", timeout=TIMEOUT)

    # Delete asks first; Enter confirms; the note is gone.
    page.keyboard.press("Delete")
    expect(page.get_by_test_id("confirm-yes")).to_be_focused()
    page.keyboard.press("Enter")
    expect(note(page, "Walking buses")).to_have_count(0, timeout=TIMEOUT)
    expect(page.get_by_test_id("note")).to_have_count(1)
