"""Summon in the browser: the facilitator's bar brings everyone from a breakout
room to the facilitator's room and view."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from test_pages import axe_problems

from e2e_steps import TIMEOUT, screenshot, send_ops, wait_online

pytestmark = pytest.mark.e2e


def _centre(page: Page) -> tuple[float, float, float]:
    """The board point at the centre of the canvas, and the zoom, from its transform."""
    return page.evaluate("""() => {
      const vp = document.querySelector('[data-testid=canvas]').getBoundingClientRect();
      const world = document.querySelector('[data-testid=world]');
      const m = new DOMMatrix(getComputedStyle(world).transform);
      return [(vp.width / 2 - m.e) / m.a, (vp.height / 2 - m.f) / m.a, m.a];
    }""")


def test_the_bar_brings_everyone_to_the_facilitators_room_and_view(workshop, open_page,
                                                                   live_server):
    ana = workshop.join("Ana", "City")
    (split,) = send_ops(live_server.ws, workshop.facilitator.token, [("rooms.split", {"count": 1})])
    breakout = split["rooms"][0]["id"]
    send_ops(live_server.ws, workshop.facilitator.token,
             [("note.add", {"text": "Far away idea", "x": 2400, "y": 1600})])
    pa = open_page(f"/board.html?w={workshop.id}", ana)
    fac = open_page(f"/board.html?w={workshop.id}", workshop.facilitator)
    for p in (pa, fac):
        wait_online(p)
    expect(pa.get_by_test_id("room-name")).not_to_have_text("Plenary")
    assert split["assignments"][ana.participant_id] == breakout
    # The facilitator looks at one corner of the plenary's board.
    fac.get_by_test_id("canvas").focus()
    for _ in range(6):
        fac.keyboard.press("ArrowRight")
    fx, fy, fz = _centre(fac)
    everyone = fac.get_by_test_id("facil-summon-all")
    expect(everyone).to_have_text("Everyone here")
    everyone.focus()
    everyone.press("Enter")
    expect(pa.get_by_test_id("room-name")).to_have_text("Plenary", timeout=TIMEOUT)
    expect(pa.get_by_test_id("toast")).to_have_text("The facilitator brought you here",
                                                    timeout=TIMEOUT)
    expect(pa.get_by_test_id("toast")).to_be_visible()
    ax, ay, az = _centre(pa)
    assert (round(ax), round(ay), round(az, 2)) == (round(fx), round(fy), round(fz, 2))
    screenshot(fac, "summon-bar-facilitator")
    assert axe_problems(fac) == []
    expect(fac.get_by_test_id("facil-summon")).to_have_attribute(
        "title", re.compile("Everyone in this room"))


def test_a_participant_follows_the_facilitators_view_until_moving_the_board(
        workshop, open_page, live_server):
    ana = workshop.join("Ana", "City")
    send_ops(live_server.ws, workshop.facilitator.token,
             [("note.add", {"text": "Somewhere", "x": 900, "y": 700})])
    pa = open_page(f"/board.html?w={workshop.id}", ana, locale="de-DE")
    fac = open_page(f"/board.html?w={workshop.id}", workshop.facilitator)
    for p in (pa, fac):
        wait_online(p)
    follow = pa.get_by_test_id("follow")
    expect(follow).to_have_text("Folgen")
    expect(follow).to_have_attribute("title", "Der Moderation folgen")
    follow.focus()
    follow.press("Enter")
    expect(follow).to_have_attribute("aria-pressed", "true")
    # The facilitator moves the board: the follower's view goes along.
    fac.get_by_test_id("canvas").focus()
    for _ in range(5):
        fac.keyboard.press("ArrowDown")
    fac.locator("#zoom-in").click()
    expect(pa.get_by_test_id("follow-badge")).to_have_text("Du folgst Fran Facilitator",
                                                           timeout=TIMEOUT)
    fx, fy, fz = _centre(fac)

    # The follower shows the same board point at its centre, at the same zoom.
    pa.wait_for_function(f"""() => {{
      const vp = document.querySelector('[data-testid=canvas]').getBoundingClientRect();
      const world = document.querySelector('[data-testid=world]');
      const m = new DOMMatrix(getComputedStyle(world).transform);
      const x = (vp.width / 2 - m.e) / m.a, y = (vp.height / 2 - m.f) / m.a;
      return Math.abs(x - {fx}) < 1 && Math.abs(y - {fy}) < 1 && Math.abs(m.a - {fz}) < 0.01;
    }}""", timeout=TIMEOUT)
    screenshot(pa, "following-the-facilitator-de")
    assert axe_problems(pa) == []
    # Moving the board yourself ends following.
    pa.get_by_test_id("canvas").focus()
    pa.keyboard.press("ArrowLeft")
    expect(follow).to_have_attribute("aria-pressed", "false", timeout=TIMEOUT)
    expect(follow).to_have_text("Folgen")
    expect(pa.get_by_test_id("follow-badge")).to_be_hidden()
