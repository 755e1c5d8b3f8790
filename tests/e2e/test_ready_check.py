"""The ready-check in the browser: a participant says done, the facilitator's
board counts it and (names shown) lists who is not done yet; three sizes, three
languages, axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e_steps import TIMEOUT, screenshot, wait_online
from test_pages import axe_problems

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
