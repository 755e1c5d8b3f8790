"""The ready-check in the browser: a participant says done, the facilitator's
board counts it and (names shown) lists who is not done yet; three sizes, three
languages, axe. And the console's timer for every room at once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from test_pages import axe_problems

from e2e_steps import TIMEOUT, screenshot, send_ops, wait_online

pytestmark = pytest.mark.e2e


def test_a_participant_says_done_and_the_facilitator_sees_who_is_not(workshop, open_page):
    ana, ben = workshop.join("Ana", "City"), workshop.join("Ben", "NGO", site="remote")
    pa = open_page(f"/board.html?w={workshop.id}", ana)
    pb = open_page(f"/board.html?w={workshop.id}", ben, size=(390, 844), locale="et-EE")
    fac = open_page(f"/board.html?w={workshop.id}", workshop.facilitator, size=(1920, 1080),
                    locale="de-DE")
    for p in (pa, pb, fac):
        wait_online(p)
    expect(fac.get_by_test_id("ready-count")).to_have_text("0 von 2 fertig", timeout=TIMEOUT)
    expect(fac.get_by_test_id("ready-toggle")).to_be_hidden()  # facilitators are not counted
    toggle = pa.get_by_test_id("ready-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(toggle).to_have_text("☐ Done")
    toggle.focus()
    toggle.press("Enter")  # by keyboard
    expect(toggle).to_have_attribute("aria-pressed", "true", timeout=TIMEOUT)
    expect(pa.get_by_test_id("ready-count")).to_have_text("1 of 2 done", timeout=TIMEOUT)
    expect(pb.get_by_test_id("ready-count")).to_have_text("1/2 valmis", timeout=TIMEOUT)
    expect(fac.get_by_test_id("ready-count")).to_have_text("1 von 2 fertig", timeout=TIMEOUT)
    waiting = fac.get_by_test_id("ready-waiting")
    expect(waiting).to_have_text("Noch nicht fertig: Ben", timeout=TIMEOUT)
    # Participants do not get the list.
    expect(pa.get_by_test_id("ready-waiting")).to_be_hidden()
    for page, name in ((pa, "ready-laptop-en"), (pb, "ready-phone-et"),
                       (fac, "ready-projector-de")):
        screenshot(page, name)
        assert axe_problems(page) == [], name
    # Done is kept across a reload, and can be taken back.
    pa.reload()
    wait_online(pa)
    expect(pa.get_by_test_id("ready-toggle")).to_have_attribute("aria-pressed", "true",
                                                               timeout=TIMEOUT)
    pa.get_by_test_id("ready-toggle").click()
    expect(fac.get_by_test_id("ready-count")).to_have_text("0 von 2 fertig", timeout=TIMEOUT)
    expect(waiting).to_have_text("Noch nicht fertig: Ana, Ben", timeout=TIMEOUT)


def test_the_console_starts_one_timer_in_every_room(workshop, open_page, live_server):
    ana, ben = workshop.join("Ana", "City"), workshop.join("Ben", "NGO")
    (split,) = send_ops(live_server.ws, workshop.facilitator.token, [("rooms.split", {"count": 2})])
    rooms = {r["id"]: r["name"] for r in split["rooms"]}
    pa = open_page(f"/board.html?w={workshop.id}", ana)
    pb = open_page(f"/board.html?w={workshop.id}", ben, size=(390, 844))
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    for p in (pa, pb, console):
        wait_online(p)
    assert {split["assignments"][ana.participant_id], split["assignments"][ben.participant_id]} \
        == set(rooms)
    console.get_by_test_id("timer-minutes").fill("3")
    console.get_by_test_id("timer-label-input").fill("Write")
    everywhere = console.get_by_test_id("timer-all-rooms")
    everywhere.focus()
    everywhere.press("Space")  # by keyboard
    expect(everywhere).to_be_checked()
    console.get_by_test_id("timer-start").click()
    for page in (pa, pb):
        expect(page.get_by_test_id("timer-label").first).to_have_text("Write", timeout=TIMEOUT)
        expect(page.get_by_test_id("timer-time").first).to_have_text(re.compile(r"^[23]:\d\d$"))
    screenshot(console, "console-timer-every-room")
    assert axe_problems(console) == []
