"""Two people on one board: they see each other's notes and moves, and work on
through a dropped connection without losing or doubling anything."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from e2e_steps import (
    TIMEOUT,
    add_note_with_button,
    note,
    note_position,
    settled,
    wait_online,
    wait_position,
)

pytestmark = pytest.mark.e2e


def test_two_people_see_each_others_notes_and_moves(workshop, open_page):
    ana, ben = workshop.join("Ana", "City"), workshop.join("Ben", "NGO")
    pa = open_page(f"/board.html?w={workshop.id}", ana)
    pb = open_page(f"/board.html?w={workshop.id}", ben)
    wait_online(pa)
    wait_online(pb)

    add_note_with_button(pa, "Bike lanes on every main street")
    expect(note(pb, "Bike lanes on every main street")).to_be_visible(timeout=TIMEOUT)
    expect(note(pb, "Bike lanes on every main street").get_by_test_id("note-author")).to_have_text(
        "Ana · City")
    add_note_with_button(pb, "Free buses on Saturdays")
    expect(note(pa, "Free buses on Saturdays")).to_be_visible(timeout=TIMEOUT)

    # Ben sees Ana's pointer, with her name.
    canvas = pa.get_by_test_id("canvas").bounding_box()
    assert canvas is not None
    pa.mouse.move(canvas["x"] + 300, canvas["y"] + 300)
    pa.mouse.move(canvas["x"] + 320, canvas["y"] + 310, steps=4)
    expect(pb.get_by_test_id("cursor")).to_have_text("Ana", timeout=TIMEOUT)

    # Ana drags her note with the mouse; Ben sees it land in the same place.
    settled(pa)
    x0, y0 = note_position(pa, "Bike lanes on every main street")
    box = note(pa, "Bike lanes on every main street").bounding_box()
    assert box is not None
    pa.mouse.move(box["x"] + 40, box["y"] + 30)
    pa.mouse.down()
    pa.mouse.move(box["x"] + 140, box["y"] - 60, steps=8)
    pa.mouse.move(box["x"] + 240, box["y"] - 130, steps=8)
    # While Ana still holds it, Ben sees the note travel.
    expect(note(pb, "Bike lanes on every main street")).to_have_class(
        re.compile(r"\bremote-drag\b"), timeout=TIMEOUT)
    pa.mouse.up()
    settled(pa)
    x1, y1 = note_position(pa, "Bike lanes on every main street")
    assert (x1, y1) != (x0, y0)
    wait_position(pb, "Bike lanes on every main street", x1, y1)

    # Ben sees Ana in the people list, and the other way round.
    expect(pb.get_by_test_id("people")).to_contain_text("Ana")
    expect(pa.get_by_test_id("people")).to_contain_text("Ben")


def test_notes_made_offline_arrive_everywhere_exactly_once(workshop, open_page):
    ana, ben = workshop.join("Ana", "City"), workshop.join("Ben", "NGO")
    pa = open_page(f"/board.html?w={workshop.id}", ana)
    pb = open_page(f"/board.html?w={workshop.id}", ben)
    wait_online(pa)
    wait_online(pb)

    # The offline shell (service worker) is in place before the network goes.
    pa.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=TIMEOUT)
    pa.context.set_offline(True)
    expect(pa.get_by_test_id("connection")).to_have_attribute("data-status", "offline",
                                                               timeout=TIMEOUT)
    add_note_with_button(pa, "Written on the train, one")
    add_note_with_button(pa, "Written on the train, two")
    for text in ("Written on the train, one", "Written on the train, two"):
        expect(note(pa, text)).to_have_count(1)
        expect(note(pa, text).get_by_test_id("note-pending")).to_be_visible()
    expect(pa.get_by_test_id("connection")).to_contain_text("2")
    pb.wait_for_timeout(500)
    expect(note(pb, "Written on the train, one")).to_have_count(0)

    # Reloading while offline opens the board from the shell, the notes still waiting.
    pa.reload()
    expect(pa.get_by_test_id("connection")).to_have_attribute("data-status", "offline",
                                                               timeout=TIMEOUT)
    for text in ("Written on the train, one", "Written on the train, two"):
        expect(note(pa, text).get_by_test_id("note-pending")).to_be_visible(timeout=TIMEOUT)

    pa.context.set_offline(False)
    wait_online(pa)
    settled(pa)
    for page in (pa, pb):
        for text in ("Written on the train, one", "Written on the train, two"):
            expect(note(page, text)).to_have_count(1, timeout=TIMEOUT)
    expect(pa.get_by_test_id("note-pending")).to_have_count(0)

    # A third person who opens the board now sees each note once, too.
    cem = workshop.join("Cem", "Business")
    pc = open_page(f"/board.html?w={workshop.id}", cem)
    wait_online(pc)
    expect(pc.get_by_test_id("note")).to_have_count(2)
    # And a reload of the offline device resends nothing twice.
    pa.reload()
    wait_online(pa)
    pa.wait_for_timeout(500)
    expect(pa.get_by_test_id("note")).to_have_count(2)
    expect(pb.get_by_test_id("note")).to_have_count(2)


def test_a_note_is_text_never_markup(workshop, open_page):
    evil = "<img src=x onerror=alert(1)>"
    ana, ben = workshop.join("Ana", "City"), workshop.join("Ben", "NGO")
    pa = open_page(f"/board.html?w={workshop.id}", ana)
    pb = open_page(f"/board.html?w={workshop.id}", ben)
    phone = open_page(f"/board.html?w={workshop.id}", ben, size=(390, 844))
    wait_online(pa)
    add_note_with_button(pa, evil)
    wall = workshop.join("Wall", role="wall")
    pw = open_page(f"/wall.html?w={workshop.id}#t={wall.token}")
    for page in (pa, pb, phone):
        expect(note(page, evil)).to_have_count(1, timeout=TIMEOUT)
        expect(note(page, evil).get_by_test_id("note-text")).to_have_text(evil)
        assert page.locator("[data-testid=note] img").count() == 0
    expect(pw.get_by_test_id("wall-note")).to_have_text(evil, timeout=TIMEOUT)
    assert pw.locator("[data-testid=wall-content] img").count() == 0
    pa.wait_for_timeout(300)  # an onerror would have fired by now; open_page fails on any dialog
