"""Method templates in the console: pick one and see its rounds, apply it, save the agenda as
a template, carry it to another workshop as a file, delete it. By keyboard, axe-clean, on a
laptop, a phone and a projector."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect
from test_pages import axe_problems

from e2e_steps import SCREENSHOTS, TIMEOUT, Member, screenshot, wait_online


def _open_templates(page: Page) -> None:
    summary = page.get_by_test_id("templates").locator("summary")
    summary.focus()
    summary.press("Enter")
    expect(page.get_by_test_id("template-select")).to_be_visible()


def _other_workshop(base: str) -> tuple[str, Member]:
    r = httpx.post(base + "/api/workshops", json={"title": "Teine töötuba", "language": "et"},
                   timeout=30, trust_env=False)
    assert r.status_code == 201, r.text
    data = r.json()
    wid = data["workshop"]["id"]
    return wid, Member(wid, data["facilitator"]["participant_id"], data["facilitator"]["token"],
                       "facilitator", "Läbiviija")


def test_a_facilitator_applies_saves_carries_and_deletes_a_template(workshop, open_page, tmp_path):
    ana = workshop.join("Ana", "City")
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    board = open_page(f"/board.html?w={workshop.id}", ana)
    wait_online(console)
    wait_online(board)
    _open_templates(console)
    select = console.get_by_test_id("template-select")
    expect(select.locator("option")).to_have_count(5, timeout=TIMEOUT)
    select.select_option(label="Double Diamond")
    rounds = console.get_by_test_id("template-rounds").locator("li")
    expect(rounds).to_have_count(8)
    expect(rounds.first).to_contain_text("Discover: what do we know about the problem?")
    expect(rounds.first).to_contain_text("Private")
    expect(rounds.nth(2)).to_contain_text("Vote (3 dots)")
    assert axe_problems(console) == []
    screenshot(console, "console-templates-laptop")

    apply = console.get_by_test_id("template-apply")
    apply.focus()
    apply.press("Enter")  # the agenda is empty: nothing to confirm
    titles = console.get_by_test_id("round-title")
    expect(titles).to_have_count(8, timeout=TIMEOUT)
    expect(titles.first).to_have_value("Discover: what do we know about the problem?")
    expect(console.get_by_test_id("toast")).to_contain_text("Template “Double Diamond” applied")

    # Saved as this workshop's own template: it joins the picker under "Saved".
    titles.nth(7).fill("Deliver: pilot in two districts")
    console.get_by_test_id("agenda-save").click()
    expect(console.get_by_test_id("agenda-save")).to_be_disabled(timeout=TIMEOUT)
    console.get_by_test_id("template-save").press("Enter")
    console.get_by_test_id("prompt-input").fill("Our diamond")
    console.get_by_test_id("prompt-input").press("Enter")
    saved = select.locator("optgroup[label='Saved in this workshop'] option")
    expect(saved).to_have_text(["Our diamond"], timeout=TIMEOUT)
    expect(select).to_have_value(saved.first.get_attribute("value") or "")
    expect(rounds.last).to_contain_text("Deliver: pilot in two districts")
    expect(console.get_by_test_id("template-delete")).to_be_visible()
    # The same name again is refused before anything is sent.
    console.get_by_test_id("template-save").click()
    console.get_by_test_id("prompt-input").fill("OUR DIAMOND")
    console.get_by_test_id("prompt-ok").click()
    expect(console.get_by_test_id("toast")).to_contain_text("exists already")
    expect(saved).to_have_count(1)

    with console.expect_download() as got:
        console.get_by_test_id("template-download").click()
    path = tmp_path / got.value.suggested_filename
    got.value.save_as(path)
    assert path.name == "Our-diamond.cocreate-template.json"

    # Another workshop (in Estonian) does not see it, until its facilitator uploads the file.
    wid, other = _other_workshop(workshop.base)
    elsewhere = open_page(f"/console.html?w={wid}", other, size=(390, 844))
    wait_online(elsewhere)
    _open_templates(elsewhere)
    there = elsewhere.get_by_test_id("template-select")
    expect(there.locator("option")).to_have_count(5, timeout=TIMEOUT)
    expect(there.locator("option").nth(3)).to_have_text("Topeltteemant")
    elsewhere.get_by_test_id("template-file").set_input_files(str(path))
    expect(elsewhere.get_by_test_id("prompt-input")).to_have_value("Our diamond")
    elsewhere.get_by_test_id("prompt-ok").click()
    expect(there.locator("option")).to_have_count(6, timeout=TIMEOUT)
    expect(elsewhere.get_by_test_id("template-rounds").locator("li").last).to_contain_text(
        "Deliver: pilot in two districts")
    assert axe_problems(elsewhere) == []
    screenshot(elsewhere, "console-templates-phone")
    elsewhere.get_by_test_id("templates").screenshot(
        path=str(SCREENSHOTS / "console-templates-phone-section.png"))

    # Applied in every room from the projector-sized console, then deleted.
    console.set_viewport_size({"width": 1920, "height": 1080})
    select.select_option(label="World Café")
    console.get_by_test_id("template-all-rooms").check()
    console.get_by_test_id("template-apply").click()
    expect(console.get_by_test_id("confirm")).to_contain_text(
        "Replace the agenda of every room with “World Café”?")
    console.get_by_test_id("confirm-yes").click()
    expect(titles).to_have_count(6, timeout=TIMEOUT)
    expect(titles.nth(1)).to_have_value("Café round 1")
    screenshot(console, "console-templates-projector")
    console.get_by_test_id("templates").screenshot(
        path=str(SCREENSHOTS / "console-templates-projector-section.png"))
    select.select_option(label="Our diamond")
    console.get_by_test_id("template-delete").click()
    console.get_by_test_id("confirm-yes").click()
    expect(saved).to_have_count(0, timeout=TIMEOUT)
    expect(there.locator("option")).to_have_count(6)  # the upload elsewhere stays
