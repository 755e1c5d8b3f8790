"""Outcomes in the browser: a note flagged outside a boundary shows the boundary and
the reason on the board (laptop and phone) and on the wall; a participant proposes to
push a boundary; results by group after the reveal; a restore from the console that
the boards follow. Three sizes, three languages, keyboard, axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_pages import axe_problems

from e2e_steps import TIMEOUT, note, screenshot, send_ops, wait_online

pytestmark = pytest.mark.e2e


def test_a_flagged_note_shows_its_boundary_and_reason_on_board_and_wall(
        workshop, open_page, live_server):
    ana = workshop.join("Ana", "City")
    wall = workshop.join("Wall", role="wall")
    room = workshop.plenary_room_id
    (added,) = send_ops(live_server.ws, ana.token, [("note.add", {"text": "A congestion charge"})])
    fac = open_page(f"/board.html?w={workshop.id}", workshop.facilitator)
    phone = open_page(f"/board.html?w={workshop.id}", ana, size=(390, 844), locale="et-EE")
    screen = open_page(f"/wall.html?w={workshop.id}&room={room}#t={wall.token}",
                       size=(1920, 1080), locale="de-DE")
    for p in (fac, phone):
        wait_online(p)
    expect(screen.get_by_test_id("wall-note")).to_have_count(1, timeout=TIMEOUT)
    expect(screen.get_by_test_id("wall-boundaries")).to_contain_text("No new taxes")

    # The facilitator flags the note by keyboard, from the side panel's form.
    fac.get_by_test_id("flag-note").select_option(f"note:{added['id']}")
    fac.get_by_test_id("flag-boundary").focus()
    fac.keyboard.press("ArrowDown")  # the second boundary, then back to the first
    fac.keyboard.press("ArrowUp")
    reason = fac.get_by_test_id("flag-reason")
    reason.focus()
    fac.keyboard.type("It is a new tax")
    fac.keyboard.press("Enter")
    flag = note(fac, "A congestion charge").get_by_test_id("note-flag")
    expect(flag).to_have_text("Outside: No new taxes — It is a new tax", timeout=TIMEOUT)
    expect(fac.get_by_test_id("flagged")).to_contain_text("It is a new tax")
    expect(phone.get_by_test_id("note-flag")).to_have_text(
        "Väljaspool: No new taxes — It is a new tax", timeout=TIMEOUT)
    expect(screen.get_by_test_id("wall-note").get_by_test_id("note-flag")).to_have_text(
        "Außerhalb: No new taxes — It is a new tax", timeout=TIMEOUT)

    # A participant proposes to push the other boundary; the facilitator's board lists it.
    phone.get_by_test_id("people-toggle").click()
    propose = phone.get_by_test_id("propose").nth(1)
    propose.focus()
    phone.keyboard.press("Enter")
    phone.get_by_test_id("prompt-input").fill("Ask the council for a one-off grant")
    phone.keyboard.press("Enter")
    expect(fac.get_by_test_id("challenges")).to_contain_text(
        "Within this year's budget: Ask the council for a one-off grant", timeout=TIMEOUT)

    # The printable report lists the flag and the proposal.
    report = open_page(f"/report.html?w={workshop.id}&room={room}", workshop.facilitator)
    expect(report.get_by_test_id("report-flags")).to_contain_text(
        "No new taxes: “A congestion charge” — It is a new tax", timeout=TIMEOUT)
    expect(report.get_by_test_id("report-discuss")).to_contain_text(
        "Within this year's budget: Ask the council for a one-off grant")
    for page, name in ((fac, "boundaries-laptop-en"), (phone, "boundaries-phone-et"),
                       (screen, "boundaries-wall-de"), (report, "boundaries-report-en")):
        screenshot(page, name)
        assert axe_problems(page) == [], name

    # Taking the flag off takes it off everywhere.
    fac.get_by_test_id("unflag").click()
    expect(screen.get_by_test_id("note-flag")).to_have_count(0, timeout=TIMEOUT)
    expect(phone.get_by_test_id("note-flag")).to_have_count(0, timeout=TIMEOUT)

    # An action is flagged from the same form; the actions panel and the wall show it.
    (action,) = send_ops(live_server.ws, workshop.facilitator.token, [
        ("action.add", {"title": "Charge cars entering the centre", "owner_group": "City"})])
    fac.get_by_test_id("flag-note").select_option(f"action:{action['id']}")
    fac.get_by_test_id("flag-reason").fill("Needs a change of national law")
    fac.get_by_test_id("flag-submit").press("Enter")
    card = fac.get_by_test_id("action").filter(has_text="Charge cars entering the centre")
    expect(card.get_by_test_id("note-flag")).to_have_text(
        "Outside: No new taxes — Needs a change of national law", timeout=TIMEOUT)
    expect(screen.get_by_test_id("wall-action").get_by_test_id("note-flag")).to_have_text(
        "Außerhalb: No new taxes — Needs a change of national law", timeout=TIMEOUT)
    expect(fac.get_by_test_id("flagged")).to_contain_text("Charge cars entering the centre")
    report.reload()
    expect(report.get_by_test_id("report-flags")).to_contain_text(
        "No new taxes: Action “Charge cars entering the centre” — Needs a change of national law",
        timeout=TIMEOUT)
    screenshot(screen, "boundaries-action-wall-de")
    screenshot(fac, "boundaries-action-laptop-en")
    assert axe_problems(fac) == []


def test_results_by_group_after_the_reveal_and_a_restore_from_the_console(
        workshop, open_page, live_server):
    city = [workshop.join(f"City {i}", "City") for i in range(3)]
    ngo = [workshop.join(f"NGO {i}", "NGO") for i in range(2)]
    wall = workshop.join("Wall", role="wall")
    room = workshop.plenary_room_id
    token = workshop.facilitator.token
    (a,) = send_ops(live_server.ws, city[0].token, [("note.add", {"text": "Bike lanes"})])
    (b,) = send_ops(live_server.ws, ngo[0].token, [("note.add", {"text": "Car sharing"})])
    send_ops(live_server.ws, token, [
        ("cluster.add", {"title": "Transport", "notes": [a["id"], b["id"]]}),
        ("snapshot.save", {"name": "Ideas"}),
        ("voting.start", {"budget": 3, "hidden": True})])
    for person in (*city, *ngo):
        send_ops(live_server.ws, person.token, [("vote.add", {"note": a["id"]})])
    board = open_page(f"/board.html?w={workshop.id}", city[1], size=(1366, 768))
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    screen = open_page(f"/wall.html?w={workshop.id}&room={room}#t={wall.token}",
                       size=(1920, 1080))
    for p in (board, console):
        wait_online(p)
    # Hidden votes: no results by group yet.
    expect(board.get_by_test_id("board-results")).to_be_hidden()
    send_ops(live_server.ws, token, [("voting.stop", {}), ("voting.reveal", {})])
    table = board.get_by_test_id("results-by-group")
    expect(table).to_contain_text("Transport", timeout=TIMEOUT)
    expect(table.get_by_test_id("results-cell")).to_have_text(["1 note · 3 votes"])
    expect(table).not_to_contain_text("NGO")  # a group of two is never shown
    expect(screen.get_by_test_id("wall-results")).to_contain_text("1 note · 3 votes",
                                                                  timeout=TIMEOUT)
    screenshot(board, "results-by-group-laptop")
    screenshot(screen, "results-by-group-wall")
    assert axe_problems(board) == []
    assert axe_problems(screen) == []

    # The board moves on, then the console restores "Ideas": the board follows.
    send_ops(live_server.ws, city[0].token, [("note.edit", {"id": a["id"], "text": "Bus lanes"})])
    expect(board.get_by_test_id("note-text").filter(has_text="Bus lanes")).to_have_count(
        1, timeout=TIMEOUT)
    console.get_by_role("button", name="Show snapshots").click()
    restore = console.get_by_test_id("snapshot-restore").first
    expect(restore).to_be_visible(timeout=TIMEOUT)
    restore.focus()
    console.keyboard.press("Enter")
    console.get_by_test_id("confirm-yes").press("Enter")
    expect(board.get_by_test_id("note-text").filter(has_text="Bike lanes")).to_have_count(
        1, timeout=TIMEOUT)
    expect(board.get_by_test_id("note-text").filter(has_text="Bus lanes")).to_have_count(0)
    console.get_by_role("button", name="Show snapshots").click()
    expect(console.get_by_test_id("snapshots")).to_contain_text("Before restoring: Ideas",
                                                                timeout=TIMEOUT)
    screenshot(console, "restore-console")
    assert axe_problems(console) == []

    # A vote on actions: once revealed, the board and the wall break it down by group.
    act, _ = send_ops(live_server.ws, token, [
        ("action.add", {"title": "Open the bike data", "owner_group": "City"}),
        ("voting.start", {"budget": 2, "target": "actions"})])
    for person in (*city, ngo[0]):
        send_ops(live_server.ws, person.token, [("vote.add", {"note": act["id"]})])
    send_ops(live_server.ws, token, [("voting.stop", {})])
    on_actions = board.get_by_test_id("action-results-by-group")
    expect(on_actions).to_contain_text("Open the bike data", timeout=TIMEOUT)
    expect(on_actions.get_by_test_id("action-results-cell")).to_have_text(["3 votes"])
    expect(on_actions).not_to_contain_text("NGO")
    expect(screen.get_by_test_id("action-results-by-group")).to_contain_text(
        "3 votes", timeout=TIMEOUT)
    screenshot(screen, "results-by-group-actions-wall")
    assert axe_problems(screen) == []
