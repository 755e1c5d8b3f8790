"""A two-criteria (matrix) vote in the browser: the facilitator starts it from the
board, one participant scores a note by keyboard on a laptop, another by pointer
on a phone, nothing shows until the reveal, then the wall (1920x1080 and
1280x720) and the boards place each note on the 2x2 matrix by its means. axe on
the score dialog, the matrix dialog and the wall."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from test_pages import axe_problems

from e2e_steps import TIMEOUT, note, screenshot, send_ops, wait_online

pytestmark = pytest.mark.e2e


def _chip(page: Page, text: str):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("matrix-chip").filter(has_text=text)


def test_scores_on_two_criteria_place_notes_on_the_matrix_after_the_reveal(
        workshop, open_page, live_server):
    ana, ben = workshop.join("Ana", "City"), workshop.join("Ben", "NGO")
    wall = workshop.join("Wall", role="wall")
    send_ops(live_server.ws, workshop.facilitator.token,
             [("note.add", {"text": t, "x": 100 + 240 * i, "y": 120})
              for i, t in enumerate(("Benches", "Shade", "Fountain"))])
    board = f"/board.html?w={workshop.id}"
    fac = open_page(board, workshop.facilitator)
    pa = open_page(board, ana)
    pb = open_page(board, ben, size=(390, 844), locale="de-DE")
    pw = open_page(f"/wall.html?w={workshop.id}&room={workshop.plenary_room_id}#t={wall.token}",
                   size=(1920, 1080))
    for p in (fac, pa, pb, pw):
        wait_online(p)

    # The facilitator starts a hidden matrix vote from the board's bar.
    fac.get_by_test_id("facil-vote-start").click()
    dialog = fac.get_by_test_id("facil-vote-dialog")
    dialog.get_by_test_id("fv-kind").select_option("matrix")
    expect(dialog.get_by_test_id("facil-vote-budget")).to_be_hidden()
    expect(dialog.get_by_test_id("fv-criterion-0")).to_have_value("Impact")
    dialog.get_by_test_id("fv-criterion-1").fill("Feasibility")
    dialog.get_by_test_id("facil-vote-hidden").check()
    dialog.get_by_test_id("facil-vote-go").click()
    expect(pa.get_by_test_id("vote-status")).to_have_text("Score: Impact × Feasibility",
                                                          timeout=TIMEOUT)
    expect(pw.get_by_test_id("wall-status")).to_contain_text("Score: Impact × Feasibility",
                                                             timeout=TIMEOUT)
    expect(note(pa, "Benches").get_by_test_id("note-vote")).to_have_count(0)  # no dots

    # Ana, by keyboard: V on the focused note opens the dialog; arrows pick, Tab moves on.
    note(pa, "Benches").focus()
    pa.keyboard.press("v")
    score = pa.get_by_test_id("score-dialog")
    expect(score).to_be_visible()
    expect(score.get_by_test_id("score-0-1")).to_be_focused()
    for _ in range(4):
        pa.keyboard.press("ArrowRight")  # 1 -> 5
    expect(score.get_by_test_id("score-0-5")).to_be_checked()
    pa.keyboard.press("Tab")
    pa.keyboard.press("ArrowRight")
    pa.keyboard.press("ArrowRight")
    pa.keyboard.press("ArrowRight")  # 1 -> 4
    expect(score.get_by_test_id("score-1-4")).to_be_checked()
    assert axe_problems(pa) == []
    screenshot(pa, "matrix-score-dialog-laptop")
    pa.keyboard.press("Tab")
    expect(score.get_by_test_id("score-save")).to_be_focused()
    pa.keyboard.press("Enter")
    expect(score).to_have_count(0)
    expect(note(pa, "Benches")).to_be_focused()
    expect(note(pa, "Benches").get_by_test_id("note-scores")).to_have_text(
        "Mine: Impact 5 · Feasibility 4", timeout=TIMEOUT)

    # Ben, on a phone, by pointer (in German); saving one criterion only is refused.
    note(pb, "Benches").get_by_test_id("note-score").click()
    score_b = pb.get_by_test_id("score-dialog")
    score_b.get_by_text("3", exact=True).first.click()
    score_b.get_by_test_id("score-save").click()
    expect(score_b.get_by_test_id("score-error")).to_have_text(
        "Wählen Sie für beide Kriterien eine Bewertung.")
    score_b.get_by_test_id("score-criterion-1").get_by_text("2", exact=True).click()
    assert axe_problems(pb) == []
    screenshot(pb, "matrix-score-dialog-phone")
    score_b.get_by_test_id("score-save").click()
    note(pb, "Shade").get_by_test_id("note-score").click()
    score_b.get_by_test_id("score-criterion-0").get_by_text("1", exact=True).click()
    score_b.get_by_test_id("score-criterion-1").get_by_text("5", exact=True).click()
    score_b.get_by_test_id("score-save").click()
    expect(note(pb, "Shade").get_by_test_id("note-scores")).to_contain_text("Impact 1",
                                                                            timeout=TIMEOUT)

    # Hidden: nobody else sees a score, nor the matrix, until the reveal.
    expect(note(pa, "Shade").get_by_test_id("note-scores")).to_have_count(0)
    expect(note(fac, "Benches").get_by_test_id("note-scores")).to_have_count(0)
    expect(pw.get_by_test_id("matrix")).to_have_count(0)
    expect(fac.get_by_test_id("matrix-open")).to_be_hidden()

    fac.get_by_test_id("facil-vote-stop").click()
    fac.get_by_test_id("facil-vote-reveal").click()

    # The wall: Benches at the means (4, 3), Shade at (1, 5); Fountain unscored.
    matrix = pw.get_by_test_id("matrix")
    expect(matrix).to_be_visible(timeout=TIMEOUT)
    expect(pw.get_by_test_id("matrix-chip")).to_have_count(2)
    benches = _chip(pw, "Benches")
    expect(benches).to_have_attribute("style", "left: 75%; bottom: 50%; --stack: 0;")
    expect(_chip(pw, "Shade")).to_have_attribute("style", "left: 0%; bottom: 100%; --stack: 0;")
    expect(pw.get_by_test_id("matrix-list")).to_contain_text(
        "Impact 4.0 · Feasibility 3.0 (scored by 2)")
    box, plot = benches.bounding_box(), pw.locator(".matrix-plot").bounding_box()
    assert box and plot and plot["width"] > 500 and plot["height"] > 500
    assert plot["x"] + plot["width"] * .6 < box["x"] + box["width"] / 2  # the right half
    assert axe_problems(pw) == []
    screenshot(pw, "matrix-wall-1920")
    pw.set_viewport_size({"width": 1280, "height": 720})
    expect(benches).to_be_visible()
    page_fits = pw.evaluate("() => document.documentElement.scrollHeight <= innerHeight + 1")
    assert page_fits
    screenshot(pw, "matrix-wall-1280")

    # The boards: the means on each note, the matrix on demand.
    expect(note(pa, "Shade").get_by_test_id("note-scores")).to_have_text(
        "Impact 1.0 · Feasibility 5.0 (scored by 1)", timeout=TIMEOUT)
    for page, name, button in ((pa, "laptop", "matrix-open"), (pb, "phone", "matrix-open-list")):
        page.get_by_test_id(button).click()
        shown = page.get_by_test_id("matrix-dialog")
        expect(shown.get_by_test_id("matrix-chip")).to_have_count(2)
        assert axe_problems(page) == []
        screenshot(page, f"matrix-board-{name}")
        shown.get_by_test_id("matrix-close").click()
        expect(page.get_by_test_id(button)).to_be_focused()

    # The console's vote card shows the same matrix, and its form names the criteria.
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    card = console.get_by_test_id("console-matrix")
    expect(card.get_by_test_id("matrix-chip")).to_have_count(2, timeout=TIMEOUT)
    expect(console.get_by_test_id("vote-kind")).to_have_value("matrix")
    expect(console.get_by_test_id("vote-criterion-1")).to_have_value("Feasibility")
    expect(console.get_by_test_id("vote-budget")).to_be_hidden()
    expect(console.get_by_test_id("vote-state")).to_contain_text("3 scores given")
    assert axe_problems(console) == []
    card.scroll_into_view_if_needed()
    screenshot(console, "matrix-console")
