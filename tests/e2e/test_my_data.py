"""A participant downloads and erases their own data from the board's side menu: by
keyboard, with a confirm step, axe-clean, in English, Estonian and German."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect
from test_pages import axe_problems

from e2e_steps import TIMEOUT, note, screenshot, wait_online

LAPTOP, PHONE, PROJECTOR = (1366, 768), (390, 844), (1920, 1080)


def test_a_participant_downloads_then_erases_their_data(workshop, open_page):
    ana, ben = workshop.join("Ana Aavik", "City"), workshop.join("Ben", "NGO")
    pa = open_page(f"/board.html?w={workshop.id}", ana)
    pb = open_page(f"/board.html?w={workshop.id}", ben)
    for p in (pa, pb):
        wait_online(p)
    pa.get_by_test_id("add-note").click()
    pa.get_by_test_id("note-editor").fill("Ana's tram idea")
    pa.get_by_test_id("note-editor").press("Enter")
    expect(note(pb, "Ana's tram idea")).to_have_count(1, timeout=TIMEOUT)

    section = pa.get_by_test_id("my-data")
    expect(section).to_be_visible()
    expect(section.get_by_role("heading")).to_have_text("Your data")
    download = section.get_by_test_id("my-data-download")
    expect(download).to_have_text("Download my data")
    assert axe_problems(pa) == []
    screenshot(pa, "my-data-laptop")
    download.focus()
    with pa.expect_download() as got:
        download.press("Enter")
    saved = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert saved["participant"]["name"] == "Ana Aavik"
    assert [n["text"] for n in saved["notes"]] == ["Ana's tram idea"]
    assert "Ben" not in json.dumps(saved)

    erase = section.get_by_test_id("my-data-erase")
    erase.focus()
    erase.press("Enter")
    confirm = pa.get_by_test_id("confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("cannot be undone")
    assert axe_problems(pa) == []
    screenshot(pa, "my-data-confirm-laptop")
    pa.keyboard.press("Escape")  # a change of mind changes nothing
    expect(confirm).to_have_count(0)
    expect(erase).to_be_focused()
    expect(note(pb, "Ana's tram idea")).to_have_count(1)

    erase.press("Enter")
    pa.get_by_test_id("confirm-yes").press("Enter")
    gone = pa.get_by_test_id("no-access")
    expect(gone).to_be_visible(timeout=TIMEOUT)
    expect(gone).to_have_attribute("data-why", "erased")
    expect(gone).to_contain_text("Your data was erased")
    expect(note(pb, "Ana's tram idea")).to_have_count(0, timeout=TIMEOUT)
    assert axe_problems(pa) == []
    screenshot(pa, "my-data-erased-laptop")
    pa.reload()
    expect(pa.get_by_test_id("no-access")).to_be_visible(timeout=TIMEOUT)


def test_the_data_controls_fit_a_phone_and_a_projector_in_three_languages(workshop, open_page):
    cara = workshop.join("Cara", "Business")
    for locale, heading, label in (("et-EE", "Sinu andmed", "Laadi minu andmed alla"),
                                   ("de-DE", "Deine Daten", "Meine Daten herunterladen")):
        page = open_page(f"/board.html?w={workshop.id}", cara, locale=locale)
        wait_online(page)
        section = page.get_by_test_id("my-data")
        expect(section.get_by_role("heading")).to_have_text(heading)
        expect(section.get_by_test_id("my-data-download")).to_have_text(label)
        assert axe_problems(page) == []
        page.close()
    phone = open_page(f"/board.html?w={workshop.id}", cara, size=PHONE)
    wait_online(phone)
    phone.get_by_test_id("people-toggle").click()
    section = phone.get_by_test_id("my-data")
    section.scroll_into_view_if_needed()
    expect(section.get_by_test_id("my-data-erase")).to_be_visible()
    box = section.get_by_test_id("my-data-erase").bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE[0]
    screenshot(phone, "my-data-phone")
    projector = open_page(f"/board.html?w={workshop.id}", cara, size=PROJECTOR)
    wait_online(projector)
    expect(projector.get_by_test_id("my-data")).to_be_visible()
    screenshot(projector, "my-data-projector")
    # A facilitator's board has no such controls (they erase for others).
    facilitator = open_page(f"/board.html?w={workshop.id}", workshop.facilitator)
    wait_online(facilitator)
    expect(facilitator.get_by_test_id("my-data")).to_be_hidden()


def test_a_facilitator_erases_a_participant_from_the_console(workshop, open_page):
    dora = workshop.join("Dora Dahl", "NGO")
    board = open_page(f"/board.html?w={workshop.id}", dora)
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    for p in (board, console):
        wait_online(p)
    chip = console.get_by_test_id("person-chip").filter(has_text="Dora Dahl")
    erase = chip.get_by_test_id("erase-person")
    expect(erase).to_have_accessible_name("Erase data of Dora Dahl", timeout=TIMEOUT)
    screenshot(console, "console-people-with-erase")
    erase.focus()
    erase.press("Enter")
    expect(console.get_by_test_id("confirm")).to_contain_text("cannot be undone")
    assert axe_problems(console) == []
    console.get_by_test_id("confirm-yes").press("Enter")
    expect(console.get_by_test_id("person-chip").filter(has_text="Dora Dahl")).to_have_count(
        0, timeout=TIMEOUT)
    gone = board.get_by_test_id("no-access")
    expect(gone).to_have_attribute("data-why", "erased", timeout=TIMEOUT)
