"""Issue 14, rooms and pages: the join page, the wall as a screen and not a person,
the wall's title, the phone's challenge and header, the console's wall link, a
one-row header at 1280 px, reusing, renaming and archiving rooms in the console,
and the workshop's language with the reader's plurals and formats."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect
from test_pages import axe_problems

from e2e_steps import TIMEOUT, Member, Workshop, screenshot, send_ops, wait_online

pytestmark = pytest.mark.e2e


def make_workshop(base: str, **body: object) -> Workshop:
    body = {"title": "Mobility in the city", "challenge": "How might we halve car trips?",
            "constraints": ["No new taxes"], "groups": ["City", "NGO"],
            "facilitator_name": "Fran Facilitator", **body}
    r = httpx.post(base + "/api/workshops", json=body, timeout=30, trust_env=False)
    assert r.status_code == 201, r.text
    data = r.json()
    fac = Member(data["workshop"]["id"], data["facilitator"]["participant_id"],
                 data["facilitator"]["token"], "facilitator", "Fran Facilitator")
    return Workshop(base, data["workshop"]["id"], data["join_code"], data["plenary_room_id"],
                    fac, data)


def box(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found


def test_the_join_link_opens_a_join_page_without_the_start_form(workshop, open_page):
    page = open_page(f"/?join={workshop.join_code}")
    expect(page.get_by_test_id("join-title")).to_have_text("Workshop: Mobility in the city")
    expect(page.get_by_test_id("join-form")).to_be_visible()
    expect(page.get_by_test_id("create-form")).to_be_hidden()
    expect(page.get_by_test_id("join-name")).to_be_focused()
    # The home page still offers both.
    home = open_page("/")
    expect(home.get_by_test_id("create-form")).to_be_visible()
    expect(home.get_by_test_id("join-form")).to_be_visible()


def test_the_wall_is_a_screen_not_a_person(workshop, open_page):
    ana = workshop.join("Ana", "City")
    wall = workshop.join("Wall", role="wall")
    pw = open_page(f"/wall.html?w={workshop.id}#t={wall.token}", size=(1920, 1080))
    board = open_page(f"/board.html?w={workshop.id}", ana)
    for p in (pw, board):
        wait_online(p)
    expect(board.get_by_test_id("people-walls")).to_have_text("Also here: 1 wall screen",
                                                              timeout=TIMEOUT)
    expect(board.get_by_test_id("people-toggle")).to_have_text("People (1)")
    expect(board.get_by_test_id("people-heading")).to_have_text("1 person here")
    expect(board.get_by_test_id("person")).to_have_count(1)
    expect(pw.get_by_test_id("wall-people")).to_have_text("1 person here")


def test_the_wall_title_wraps_at_1920_instead_of_being_cut(live_server, open_page):
    title = ("Mobility in the city: fewer cars in the centre by 2030, together with the "
             "neighbourhoods, the shops and the schools")
    ws = make_workshop(live_server.http, title=title)
    wall = ws.join("Wall", role="wall")
    pw = open_page(f"/wall.html?w={ws.id}#t={wall.token}", size=(1920, 1080))
    wait_online(pw)
    heading = pw.get_by_test_id("wall-title")
    expect(heading).to_have_text(title)
    fits = heading.evaluate("el => [el.scrollWidth <= el.clientWidth + 1, "
                            "el.scrollHeight <= el.clientHeight + 1, el.getClientRects().length,"
                            " el.clientHeight / parseFloat(getComputedStyle(el).lineHeight)]")
    assert fits[0] and fits[1], f"the title is cut off: {fits}"
    assert fits[3] > 1.5, f"the title does not wrap: {fits}"
    screenshot(pw, "rooms-wall-long-title-1920x1080")


def test_the_phone_shows_the_challenge_and_a_header_of_at_most_a_quarter(
        workshop, open_page, live_server):
    ana = workshop.join("Ana", "City")
    fac = workshop.facilitator.token
    send_ops(live_server.ws, fac, [
        ("agenda.set", {"rounds": [{"title": "Ideas on your own", "seconds": 600,
                                    "private": True}]}),
        ("round.start", {"index": 0}), ("voting.start", {"budget": 3}), ("board.lock", {})])
    page = open_page(f"/board.html?w={workshop.id}", ana, size=(390, 844))
    wait_online(page)
    send_ops(live_server.ws, fac, [("announce", {
        "text": "Coffee is ready in the hall, and we start again in ten minutes sharp"})])
    expect(page.get_by_test_id("announcement")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("lock-banner")).to_be_visible()
    expect(page.get_by_test_id("private-banner")).to_be_visible()
    challenge = page.get_by_test_id("phone-challenge")
    expect(challenge).to_be_visible()
    expect(challenge).to_contain_text("How might we halve car trips into the centre by 2030?")
    expect(challenge).to_contain_text("Within this year's budget")
    expect(page.get_by_test_id("people-toggle")).to_have_attribute("aria-expanded", "false")
    bottom = max(box(page, ".topbar")["y"] + box(page, ".topbar")["height"],
                 box(page, "#banners")["y"] + box(page, "#banners")["height"])
    assert bottom <= 844 / 4, f"header and banners take {bottom}px of 844"
    screenshot(page, "rooms-phone-banners-390x844")
    assert axe_problems(page) == []


def test_open_the_wall_opens_the_wall_in_a_new_tab(workshop, open_page):
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    with console.context.expect_page() as info:
        console.get_by_test_id("open-wall").click()
    wall = info.value
    expect(wall.get_by_test_id("wall-code")).to_have_text(workshop.join_code, timeout=TIMEOUT)
    assert "#t=" not in wall.url
    # The second time it is a plain link to the same wall login.
    href = console.get_by_test_id("open-wall").get_attribute("href")
    assert href and "/wall.html?w=" in href and "#t=" in href, href
    with console.context.expect_page() as info:
        console.get_by_test_id("open-wall").click()
    expect(info.value.get_by_test_id("wall-code")).to_have_text(workshop.join_code,
                                                                timeout=TIMEOUT)


@pytest.mark.parametrize("path", ["board", "console"])
def test_the_header_is_one_row_at_1280(workshop, open_page, live_server, path):
    ana = workshop.join("Ana", "City")
    send_ops(live_server.ws, workshop.facilitator.token, [
        ("agenda.set", {"rounds": [{"title": "Share and cluster", "seconds": 600}]}),
        ("round.start", {"index": 0}), ("voting.start", {"budget": 5})])
    member = ana if path == "board" else workshop.facilitator
    page = open_page(f"/{path}.html?w={workshop.id}", member, size=(1280, 720), locale="de-DE")
    wait_online(page)
    tops = page.locator(".topbar > :not([hidden])").evaluate_all(
        "els => els.filter(e => e.getClientRects().length && getComputedStyle(e).display !== "
        "'none' && e.offsetWidth > 1).map(e => e.getBoundingClientRect()).map(r => [r.top, "
        "r.bottom])")
    centres = [(top + bottom) / 2 for top, bottom in tops]
    assert max(centres) - min(centres) < 12, f"the header wraps: {tops}"
    assert box(page, ".topbar")["height"] < 70


def test_the_console_reuses_renames_and_archives_rooms(workshop, open_page):
    ana = workshop.join("Ana", "City")
    workshop.join("Ben", "NGO")
    pa = open_page(f"/board.html?w={workshop.id}", ana)
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    for p in (pa, console):
        wait_online(p)
    expect(console.get_by_test_id("person-chip")).to_have_count(2, timeout=TIMEOUT)
    cols = console.get_by_test_id("room-col")

    def split() -> None:
        console.get_by_test_id("split-count").fill("2")
        console.get_by_test_id("rooms-split").click()
        console.get_by_test_id("confirm-yes").click()
        expect(pa.get_by_test_id("room-name")).to_have_text(re.compile(r"^Room [12]$"),
                                                            timeout=TIMEOUT)
        wait_online(pa)

    split()
    expect(cols).to_have_count(3, timeout=TIMEOUT)
    # In her breakout room Ana sees who is there: not the facilitator's console.
    expect(pa.get_by_test_id("people")).not_to_contain_text("Fran")
    console.get_by_test_id("rooms-recall").click()
    console.get_by_test_id("confirm-yes").click()
    expect(pa.get_by_test_id("room-name")).to_have_text("Plenary", timeout=TIMEOUT)
    wait_online(pa)
    expect(console.get_by_test_id("split-reuse")).to_be_checked()
    split()
    expect(cols).to_have_count(3)  # no Room 3 and Room 4: the rooms came back
    expect(console.get_by_test_id("rooms-grid")).not_to_contain_text("Room 3")

    ana_room = pa.get_by_test_id("room-name").text_content()
    col = cols.filter(has=console.locator("h3", has_text=re.compile(f"^{ana_room}$")))
    col.get_by_test_id("room-rename").click()
    console.get_by_test_id("prompt-input").fill("Transport")
    console.get_by_test_id("prompt-input").press("Enter")
    expect(pa.get_by_test_id("room-name")).to_have_text("Transport", timeout=TIMEOUT)
    expect(console.get_by_test_id("room-select")).to_contain_text("Transport")

    col = cols.filter(has=console.locator("h3", has_text="Transport"))
    # The console knows who is in the room before it asks about moving them.
    expect(col.get_by_test_id("person-chip").filter(has_text="Ana")).to_have_count(
        1, timeout=TIMEOUT)
    col.get_by_test_id("room-archive").focus()
    console.keyboard.press("Enter")
    expect(console.get_by_test_id("confirm")).to_contain_text("goes to the plenary")
    console.get_by_test_id("confirm-yes").click()
    expect(pa.get_by_test_id("room-name")).to_have_text("Plenary", timeout=TIMEOUT)
    expect(cols).to_have_count(2, timeout=TIMEOUT)
    expect(console.get_by_test_id("archived-room")).to_have_count(1)
    expect(console.get_by_test_id("archived-room")).to_contain_text("Transport")
    expect(console.get_by_test_id("room-select").locator("option")).to_have_count(2)
    console.get_by_test_id("archived-box").locator("summary").click()
    screenshot(console, "rooms-console-archived-1366x768")
    assert axe_problems(console) == []
    console.get_by_test_id("room-restore").click()
    expect(cols).to_have_count(3, timeout=TIMEOUT)
    expect(console.get_by_test_id("archived-room")).to_have_count(0)


def test_a_workshop_made_in_estonian_names_its_rooms_in_estonian(live_server, open_page):
    page = open_page("/", locale="et-EE")
    expect(page.get_by_test_id("create-language")).to_have_value("et")
    page.get_by_test_id("create-title").fill("Liikuvus linnas")
    page.get_by_test_id("create-submit").click()
    expect(page.get_by_test_id("room-select")).to_have_text("Täiskogu", timeout=TIMEOUT)
    wait_online(page)
    page.get_by_test_id("rooms-split").click()
    page.get_by_test_id("confirm-yes").click()
    expect(page.get_by_test_id("room-select").locator("option")).to_have_text(
        ["Täiskogu", "Ruum 1", "Ruum 2", "Ruum 3"], timeout=TIMEOUT)
    # The settings show the language, and change it for what is made from then on.
    expect(page.get_by_test_id("set-language")).to_have_value("et")


def test_plurals_formats_and_remote_in_german(workshop, open_page, live_server):
    ben = workshop.join("Ben", "NGO", site="remote")
    send_ops(live_server.ws, workshop.facilitator.token, [("voting.start", {"budget": 3})])
    note = send_ops(live_server.ws, ben.token, [("note.add", {"text": "Nachtbusse"})])[0]
    send_ops(live_server.ws, ben.token, [("vote.add", {"note": note["id"]}),
                                         ("vote.add", {"note": note["id"]})])
    # A German reader on an American browser: German words, German formats.
    page = open_page(f"/board.html?w={workshop.id}", ben, locale="en-US",
                     extra_storage={"cocreate:lang": "de"})
    wait_online(page)
    expect(page.get_by_test_id("vote-status")).to_contain_text("1 von 3 Stimmen übrig")
    expect(page.get_by_test_id("connection")).to_have_text("Verbunden")
    expect(page.get_by_test_id("people")).to_contain_text("Aus der Ferne")
    expect(page.get_by_test_id("people")).not_to_contain_text("Online")
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator, locale="en-US",
                        extra_storage={"cocreate:lang": "de"})
    wait_online(console)
    stamp = console.get_by_test_id("overview-stamp")
    expect(stamp).to_have_text(re.compile(r"\d{2}:\d{2}"), timeout=TIMEOUT)
    assert not re.search(r"AM|PM", stamp.text_content() or ""), stamp.text_content()
    expect(console.get_by_test_id("rooms-grid")).to_contain_text("1 aus der Ferne")
    estonian = page.evaluate("""async () => {
        const i18n = await import('/js/i18n.js');
        await i18n.setLanguage('et', false);
        const one = i18n.t('vote.cast', { n: 1 }), many = i18n.t('vote.cast', { n: 12345 });
        const left = i18n.t('vote.left', { n: 1, budget: 3 });
        await i18n.setLanguage('en', false);
        return [one, many, left, i18n.t('vote.left', { n: 1, budget: 3 }),
                i18n.t('vote.left', { n: 1, budget: 1 })];
    }""")
    assert estonian == ["1 hääl antud", "12\u00a0345 häält antud", "3-st jäänud 1 hääl",
                        "1 of 3 votes left", "1 of 1 vote left"], estonian
