"""The hackathon in the browser: the console opens the pitch phase, a participant
pitches a note from their board, the console opens the teams phase, two others
join (one on a phone, one in German) by keyboard, and the wall on the projector
shows the team viable; the console presents the pitch, the wall shows it large
with its time left. Axe and three sizes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from test_pages import axe_problems

from e2e_steps import SCREENSHOTS, TIMEOUT, screenshot, send_ops, wait_online

pytestmark = pytest.mark.e2e

NOTE = "A village bus twice a day"


def _phase(console: Page, phase: str) -> None:
    select = console.get_by_test_id("hack-phase-select")
    select.focus()
    select.select_option(phase)
    expect(console.get_by_test_id("hack-phase")).to_contain_text(
        {"pitch": "Pitches", "teams": "Teams", "work": "Work"}[phase], timeout=TIMEOUT)


def _join(page: Page, phone: bool = False) -> None:
    if phone:
        page.get_by_test_id("people-toggle").click()  # the side panel is closed on a phone
    join = page.get_by_test_id("pitch").filter(has_text=NOTE).get_by_test_id("pitch-join")
    expect(join).to_be_visible(timeout=TIMEOUT)
    join.focus()
    join.press("Enter")  # by keyboard
    expect(page.get_by_test_id("pitch-leave")).to_be_visible(timeout=TIMEOUT)


def test_a_pitch_two_join_and_the_wall_shows_the_team_viable(workshop, open_page, live_server):
    cleo, nia = workshop.join("Cleo", "City"), workshop.join("Nia", "NGO")
    bo, wall = workshop.join("Bo", "Business"), workshop.join("Wall", role="wall")
    dan = workshop.join("Dan", "City")
    send_ops(live_server.ws, cleo.token, [("note.add", {"text": NOTE, "x": 100, "y": 100})])
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    projector = open_page(f"/wall.html?w={workshop.id}&room={workshop.plenary_room_id}"
                          f"#t={wall.token}", size=(1920, 1080))
    pc = open_page(f"/board.html?w={workshop.id}", cleo)
    for page in (console, projector, pc):
        wait_online(page)
    expect(pc.get_by_test_id("pitches-panel")).to_be_hidden()  # the ideas phase

    _phase(console, "pitch")
    expect(projector.get_by_test_id("wall-hack-phase")).to_have_text("Phase: Pitches",
                                                                     timeout=TIMEOUT)
    # Cleo pitches her note, by keyboard.
    new = pc.get_by_test_id("pitch-new")
    expect(new).to_be_visible(timeout=TIMEOUT)
    new.focus()
    new.press("Enter")
    form = pc.get_by_test_id("pitch-form")
    expect(pc.get_by_test_id("pitch-source")).to_be_focused()
    pc.get_by_test_id("pitch-source").select_option(label=f"Note: {NOTE}")
    expect(pc.get_by_test_id("pitch-title")).to_have_value(NOTE)
    pc.get_by_test_id("pitch-text").fill("Villages keep their young people when a bus runs.")
    assert axe_problems(pc) == []
    pc.get_by_test_id("pitch-save").press("Enter")
    expect(form).to_have_count(0)
    mine = pc.get_by_test_id("pitch")
    expect(mine).to_have_count(1, timeout=TIMEOUT)
    expect(mine.get_by_test_id("pitch-viability")).to_have_text(
        "needs 2 more people; needs 1 more group")
    expect(pc.get_by_test_id("pitch-new")).to_be_hidden()  # one pitch, one team
    send_ops(live_server.ws, dan.token, [("pitch.add", {"title": "Night trains", "text": "Late"})])
    expect(pc.get_by_test_id("pitch")).to_have_count(2, timeout=TIMEOUT)

    _phase(console, "teams")
    pn = open_page(f"/board.html?w={workshop.id}", nia, size=(390, 844), locale="et-EE")
    pb = open_page(f"/board.html?w={workshop.id}", bo, locale="de-DE")
    for page in (pn, pb):
        wait_online(page)
    _join(pn, phone=True)
    on_wall = projector.get_by_test_id("wall-pitch").filter(has_text=NOTE)
    expect(on_wall.get_by_test_id("pitch-viability")).to_have_text("needs 1 more person",
                                                                   timeout=TIMEOUT)
    _join(pb)
    expect(on_wall.get_by_test_id("pitch-viability")).to_have_text("viable", timeout=TIMEOUT)
    expect(on_wall.get_by_test_id("pitch-viability")).to_have_attribute("data-viable", "yes")
    expect(on_wall.get_by_test_id("pitch-member")).to_have_text(
        ["Cleo · City", "Nia · NGO", "Bo · Business"])
    for page, viable in ((pb, "tragfähig"), (pn, "elujõuline")):
        team = page.get_by_test_id("pitch").filter(has_text=NOTE)
        expect(team.get_by_test_id("pitch-viability")).to_have_text(viable, timeout=TIMEOUT)
    screenshot(pc, "hackathon-board-laptop")
    screenshot(pn, "hackathon-board-phone")
    screenshot(projector, "hackathon-wall-teams-projector")
    for page in (pn, pb, projector):
        assert axe_problems(page) == []

    # The console presents the pitch: the wall shows it large, with its time left.
    present = console.get_by_test_id("pitch").filter(has_text=NOTE).get_by_test_id(
        "pitch-present")
    present.focus()
    present.press("Enter")
    presented = projector.get_by_test_id("wall-presented")
    expect(presented).to_contain_text(NOTE, timeout=TIMEOUT)
    expect(projector.get_by_test_id("wall-pitch-timer")).to_have_text(
        re.compile(r"^[23]:\d\d left$"), timeout=TIMEOUT)
    screenshot(console, "hackathon-console-laptop")
    screenshot(projector, "hackathon-wall-presenting-projector")
    assert axe_problems(console) == []
    assert axe_problems(projector) == []
    phone_console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator,
                              size=(390, 844))
    card = phone_console.get_by_test_id("hackathon")
    expect(card.get_by_test_id("pitch-present").first).to_have_text("Stop presenting",
                                                                   timeout=TIMEOUT)
    screenshot(phone_console, "hackathon-console-phone")
    card.screenshot(path=str(SCREENSHOTS / "hackathon-console-phone-card.png"))
    assert phone_console.evaluate("document.documentElement.scrollWidth") <= 390

    # The teams phase ends: Dan's team of one is not viable, and his board says so.
    pd = open_page(f"/board.html?w={workshop.id}", dan)
    wait_online(pd)
    expect(pd.get_by_test_id("hack-not-viable")).to_be_hidden()
    _phase(console, "work")
    notice = pd.get_by_test_id("hack-not-viable")
    expect(notice).to_be_visible(timeout=TIMEOUT)
    expect(notice).to_have_text("Your team (Night trains) is not viable: needs 2 more people; "
                                "needs 1 more group. Please join another team.")
    expect(pc.get_by_test_id("hack-not-viable")).to_be_hidden()  # Cleo's team is viable
