"""Pasting several lines into a new note: the board asks "Add N notes?" and, on
yes, every line is a note of its own (one `notes.paste`); on no, the text is
pasted into the note as usual."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_pages import axe_problems

from e2e_steps import TIMEOUT, Workshop, note, wait_online

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-paste")
SIZES = {"1366x768": (1366, 768), "390x844": (390, 844), "1920x1080": (1920, 1080)}
COLUMN = "Ideas\r\nBike lanes\r\n\r\nNight buses\r\n"


def _paste(page: Page, text: str) -> None:
    """Paste `text` from the clipboard into the focused note input (Ctrl+V)."""
    page.evaluate("(text) => navigator.clipboard.writeText(text)", text)
    page.keyboard.press("Control+V")


def _open_editor(page: Page) -> None:
    page.get_by_test_id("add-note").click()
    expect(page.get_by_test_id("note-editor")).to_be_focused()


@pytest.mark.parametrize("size", SIZES)
def test_pasting_three_lines_and_saying_yes_adds_three_notes(
        workshop: Workshop, open_page, size: str) -> None:
    pia = workshop.join("Pia", group="NGO")
    page = open_page(f"/board.html?w={workshop.id}", pia, size=SIZES[size])
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    wait_online(page)
    if size == "390x844":
        page.get_by_test_id("quick-add-text").focus()
    else:
        _open_editor(page)
    _paste(page, COLUMN)
    dialog = page.get_by_test_id("confirm")
    expect(dialog).to_contain_text("Add 3 notes?")
    expect(page.get_by_test_id("confirm-yes")).to_be_focused()
    assert axe_problems(page) == []
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"ask-{size}.png"))
    page.keyboard.press("Enter")
    for text in ("Ideas", "Bike lanes", "Night buses"):
        expect(note(page, text)).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator("[data-testid=note]")).to_have_count(3)
    page.screenshot(path=str(SHOTS / f"added-{size}.png"))


def test_saying_no_pastes_the_lines_into_one_note(workshop: Workshop, open_page) -> None:
    pia = workshop.join("Pia", group="NGO")
    page = open_page(f"/board.html?w={workshop.id}", pia)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    wait_online(page)
    _open_editor(page)
    _paste(page, "One\nTwo")
    page.get_by_test_id("confirm").get_by_role("button", name="Cancel").click()
    editor = page.get_by_test_id("note-editor")
    expect(editor).to_be_focused()
    expect(editor).to_have_value("One\nTwo")
    editor.press("Enter")
    expect(page.locator("[data-testid=note]")).to_have_count(1, timeout=TIMEOUT)
