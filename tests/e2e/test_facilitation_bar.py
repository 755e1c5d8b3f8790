"""The facilitator on the board: the facilitation bar runs a timer, a vote, the lock
and the rounds; the Dot vote card shows the settings that apply; ties read as ties;
the console's vote count follows a vote taken back; the private banner goes once
nothing is private; "time is up" shows, speaks and (for lock_at_end) locks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from e2e_steps import TIMEOUT, Member, Workshop, note, send_ops, settled, wait_online

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-facil")
SIZES = {"1366x768": (1366, 768), "390x844": (390, 844), "1920x1080": (1920, 1080)}


def axe_problems(page: Page) -> list[str]:
    """Serious and critical axe findings, as in test_pages."""
    result = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:4]}"
            for v in result.response["violations"] if v["impact"] in ("serious", "critical")]


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def board(workshop: Workshop) -> str:
    return f"/board.html?w={workshop.id}"


def add_notes(ws_url: str, member: Member, texts: list[str]) -> list[str]:
    ops = [("note.add", {"text": text, "x": 40 + (i % 3) * 260, "y": 60 + (i // 3) * 170})
           for i, text in enumerate(texts)]
    return [d["id"] for d in send_ops(ws_url, member.token, ops)]


def test_the_facilitation_bar_runs_a_timer_and_a_vote(workshop, open_page, live_server):
    ana = workshop.join("Ana Tamm", "City")
    add_notes(live_server.ws, ana, ["Bike lanes", "Night buses"])
    fac = open_page(board(workshop), workshop.facilitator)
    them = open_page(board(workshop), ana)
    wait_online(fac)
    wait_online(them)
    bar = fac.get_by_test_id("facil-bar")
    expect(bar).to_be_visible()
    expect(them.get_by_test_id("facil-bar")).to_have_count(0)  # facilitators only

    # The bar takes its own row above the board: it covers no part of the canvas.
    bar_box, area_box = bar.bounding_box(), fac.locator("#board-area").bounding_box()
    assert bar_box and area_box and bar_box["y"] + bar_box["height"] <= area_box["y"] + 1

    # Timer, by keyboard: type the minutes, Enter on Start.
    minutes = fac.get_by_test_id("facil-minutes")
    minutes.fill("2")
    minutes.press("Tab")
    expect(fac.get_by_test_id("facil-timer-start")).to_be_focused()
    fac.keyboard.press("Enter")
    expect(them.get_by_test_id("timer")).to_have_attribute("data-status", "running",
                                                           timeout=TIMEOUT)
    expect(them.get_by_test_id("timer-time")).to_have_text(re.compile(r"^(2:00|1:[45]\d)$"),
                                                           timeout=TIMEOUT)
    fac.get_by_test_id("facil-timer-pause").click()
    expect(them.get_by_test_id("timer-state")).to_have_text("Paused", timeout=TIMEOUT)
    fac.get_by_test_id("facil-timer-plus").click()
    # a minute more than the paused time, whatever second the pause caught
    expect(them.get_by_test_id("timer-time")).to_have_text(re.compile(r"^(3:00|2:[45]\d)$"),
                                                           timeout=TIMEOUT)
    expect(fac.get_by_test_id("facil-timer-pause")).to_have_text("Resume")
    fac.get_by_test_id("facil-timer-stop").click()
    expect(them.get_by_test_id("timer")).to_have_attribute("data-status", "idle",
                                                           timeout=TIMEOUT)

    # Lock and unlock.
    fac.get_by_test_id("facil-lock").click()
    expect(them.get_by_test_id("lock-banner")).to_be_visible(timeout=TIMEOUT)
    expect(fac.get_by_test_id("facil-lock")).to_have_attribute("aria-pressed", "true")
    fac.get_by_test_id("facil-lock").click()
    expect(them.get_by_test_id("lock-banner")).to_have_count(0, timeout=TIMEOUT)

    # A hidden vote of 3 dots, at most 1 on a note, started from the bar's dialog.
    fac.get_by_test_id("facil-vote-start").click()
    dialog = fac.get_by_test_id("facil-vote-dialog")
    expect(dialog).to_be_visible()
    expect(fac.get_by_test_id("facil-vote-budget")).to_be_focused()
    assert not axe_problems(fac), axe_problems(fac)
    fac.keyboard.type("3")
    fac.get_by_test_id("facil-vote-per").fill("1")
    fac.get_by_test_id("facil-vote-hidden").check()
    fac.get_by_test_id("facil-vote-go").click()
    expect(dialog).to_have_count(0)
    expect(fac.get_by_test_id("facil-vote-start")).to_be_focused()  # focus came back
    expect(them.get_by_test_id("vote-status")).to_contain_text("3 of 3 votes left",
                                                               timeout=TIMEOUT)
    bikes = note(them, "Bike lanes")
    bikes.hover()
    bikes.get_by_test_id("note-vote").click()
    expect(them.get_by_test_id("vote-status")).to_contain_text("2 of 3 votes left",
                                                               timeout=TIMEOUT)
    bikes.get_by_test_id("note-vote").click()  # a second dot on one note: refused
    expect(them.get_by_test_id("toast")).to_be_visible(timeout=TIMEOUT)
    settled(them)
    expect(them.get_by_test_id("vote-status")).to_contain_text("2 of 3 votes left")
    fac.get_by_test_id("facil-vote-stop").click()
    expect(them.get_by_test_id("vote-status")).to_have_text("Voting closed", timeout=TIMEOUT)
    fac.get_by_test_id("facil-vote-reveal").click()
    expect(them.get_by_test_id("vote-status")).to_have_text("Results revealed",
                                                            timeout=TIMEOUT)
    expect(note(them, "Bike lanes").get_by_test_id("note-votes")).to_contain_text("1 vote")

    assert not axe_problems(fac), axe_problems(fac)
    for name, size in SIZES.items():
        fac.set_viewport_size({"width": size[0], "height": size[1]})
        fac.wait_for_timeout(300)
        shot(fac, f"board-bar-{name}")


def test_the_bar_folds_on_a_phone_and_switches_rooms(workshop, open_page, live_server):
    north = send_ops(live_server.ws, workshop.facilitator.token,
                     [("room.add", {"name": "North"})])[0]["room"]
    fac = open_page(board(workshop), workshop.facilitator, size=(390, 844))
    wait_online(fac)
    toggle = fac.get_by_test_id("facil-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(fac.get_by_test_id("facil-timer-start")).to_be_hidden()
    box = fac.get_by_test_id("facil-bar").bounding_box()
    assert box and box["height"] <= 50, box  # folded, it is one short row
    shot(fac, "board-bar-folded-390x844")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(fac.get_by_test_id("facil-timer-start")).to_be_visible()
    fac.get_by_test_id("facil-room").select_option(north["id"])
    expect(fac.get_by_test_id("room-name")).to_have_text("North", timeout=TIMEOUT)
    assert f"room={north['id']}" in fac.url
    shot(fac, "board-bar-open-390x844")


def test_next_round_after_end_round_goes_on_from_the_round_that_ended(
        workshop, open_page, live_server):
    send_ops(live_server.ws, workshop.facilitator.token, [
        ("agenda.set", {"rounds": [{"title": "Welcome", "seconds": 0},
                                   {"title": "Ideas", "seconds": 0},
                                   {"title": "Cluster", "seconds": 0}]}),
        ("round.start", {"index": 1}),  # the facilitator skipped the welcome
    ])
    fac = open_page(board(workshop), workshop.facilitator)
    wait_online(fac)
    expect(fac.get_by_test_id("round")).to_contain_text("Round 2/3")
    fac.get_by_test_id("facil-round-end").click()
    expect(fac.get_by_test_id("round")).to_be_hidden(timeout=TIMEOUT)
    expect(fac.get_by_test_id("facil-round-next")).to_have_attribute(
        "title", "Starts round 3: Cluster")
    fac.get_by_test_id("facil-round-next").click()
    expect(fac.get_by_test_id("round")).to_contain_text("Round 3/3: Cluster", timeout=TIMEOUT)


def test_the_vote_cards_limit_holds_for_a_vote_started_from_a_round(
        workshop, open_page, live_server):
    ana = workshop.join("Ana Tamm", "City")
    add_notes(live_server.ws, ana, ["Bike lanes"])
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    console.get_by_test_id("agenda-add").click()
    row = console.get_by_test_id("round-row").last
    row.get_by_test_id("round-title").fill("Dot vote")
    row.get_by_test_id("round-voting").check()
    row.get_by_test_id("round-vote-budget").fill("3")
    row.get_by_test_id("round-vote-per").fill("1")
    expect(row.get_by_test_id("round-vote-hidden")).to_be_checked()  # hidden by default
    row.get_by_test_id("round-vote-hidden").uncheck()
    for name, size in SIZES.items():
        console.set_viewport_size({"width": size[0], "height": size[1]})
        row.scroll_into_view_if_needed()
        shot(console, f"console-agenda-{name}")
    console.set_viewport_size({"width": 1366, "height": 768})
    console.get_by_test_id("agenda-save").click()
    expect(console.get_by_test_id("agenda-save")).to_be_disabled(timeout=TIMEOUT)
    card = console.get_by_test_id("voting-card")
    # Before it starts, the card says the round brings its own settings.
    expect(card.get_by_test_id("vote-source")).to_have_text(
        "Round 1, Dot vote, opens its own vote: 3 votes per person, at most 1 on one note"
        " (set in the agenda).")
    console.get_by_test_id("round-next").click()
    expect(card.get_by_test_id("vote-state")).to_contain_text("Voting is open", timeout=TIMEOUT)
    # The card shows the settings the round opened, not its own defaults ...
    expect(card.get_by_test_id("vote-budget")).to_have_value("3")
    expect(card.get_by_test_id("vote-per")).to_have_value("1")
    expect(card.get_by_test_id("vote-hidden")).not_to_be_checked()
    expect(card.get_by_test_id("vote-source")).to_have_text(
        "These are the settings of round 1: Dot vote")
    # ... and after a reload too.
    console.reload()
    wait_online(console)
    expect(card.get_by_test_id("vote-per")).to_have_value("1", timeout=TIMEOUT)
    expect(card.get_by_test_id("vote-budget")).to_have_value("3")

    them = open_page(board(workshop), ana)
    wait_online(them)
    expect(them.get_by_test_id("vote-status")).to_contain_text("3 of 3 votes left",
                                                               timeout=TIMEOUT)
    bikes = note(them, "Bike lanes")
    bikes.hover()
    bikes.get_by_test_id("note-vote").click()
    expect(them.get_by_test_id("vote-status")).to_contain_text("2 of 3 votes left",
                                                               timeout=TIMEOUT)
    bikes.get_by_test_id("note-vote").click()
    expect(them.get_by_test_id("toast")).to_have_text(
        "That note already has as many of your votes as allowed.", timeout=TIMEOUT)
    settled(them)
    expect(them.get_by_test_id("vote-status")).to_contain_text("2 of 3 votes left")
    # Not hidden, as the round said: the total is on the note at once.
    expect(bikes.get_by_test_id("note-votes")).to_contain_text("1 vote")


def test_ties_render_as_ties_on_board_wall_and_console(workshop, open_page, live_server):
    ana, ben = workshop.join("Ana Tamm", "City"), workshop.join("Ben Weber", "NGO")
    ids = add_notes(live_server.ws, ana, ["Bike lanes", "Night buses", "Car sharing",
                                          "Remote work"])
    fac = workshop.facilitator.token
    send_ops(live_server.ws, fac, [("voting.start", {"budget": 4, "max_per_note": 2})])
    send_ops(live_server.ws, ana.token, [("vote.add", {"note": ids[0]}),
                                         ("vote.add", {"note": ids[1]}),
                                         ("vote.add", {"note": ids[2]})])
    send_ops(live_server.ws, ben.token, [("vote.add", {"note": ids[0]}),
                                         ("vote.add", {"note": ids[1]}),
                                         ("vote.add", {"note": ids[2]}),
                                         ("vote.add", {"note": ids[3]})])
    send_ops(live_server.ws, fac, [("voting.stop", {})])
    wall_member = workshop.join("Wall", role="wall")
    wall = open_page(f"/wall.html?w={workshop.id}#t={wall_member.token}", size=(1920, 1080))
    wait_online(wall)
    ranks = wall.get_by_test_id("chart-rank")
    expect(ranks).to_have_count(4, timeout=TIMEOUT)
    expect(ranks).to_have_text(["1. tied", "1. tied", "1. tied", "4."])
    shot(wall, "wall-ties-1920x1080")
    for name in ("1366x768", "390x844"):
        wall.set_viewport_size({"width": SIZES[name][0], "height": SIZES[name][1]})
        wall.wait_for_timeout(300)
        shot(wall, f"wall-ties-{name}")

    them = open_page(board(workshop), ana)
    wait_online(them)
    expect(note(them, "Night buses").get_by_test_id("note-votes")).to_have_text(
        "Rank 1, tied · ● 2 votes (yours)", timeout=TIMEOUT)
    expect(note(them, "Remote work").get_by_test_id("note-votes")).to_have_text(
        "Rank 4 · 1 vote")

    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    results = console.get_by_test_id("vote-result")
    expect(results).to_have_count(4, timeout=TIMEOUT)
    assert [r.get_attribute("value") for r in results.all()] == ["1", "1", "1", "4"]
    expect(results.first).to_have_attribute("aria-label", "Rank 1, tied: Bike lanes, 2 votes")
    for name, size in SIZES.items():
        console.set_viewport_size({"width": size[0], "height": size[1]})
        console.wait_for_timeout(300)
        shot(console, f"console-ties-{name}")
    assert not axe_problems(console), axe_problems(console)

    report = open_page(f"/report.html?w={workshop.id}&room={workshop.plenary_room_id}",
                       workshop.facilitator)
    expect(report.get_by_test_id("report-rank")).to_have_text(
        ["Rank 1 · ", "Rank 1 · ", "Rank 1 · ", "Rank 4 · "], timeout=TIMEOUT)


def test_the_consoles_vote_count_follows_a_vote_taken_back(workshop, open_page, live_server):
    ana = workshop.join("Ana Tamm", "City")
    ids = add_notes(live_server.ws, ana, ["Bike lanes"])
    send_ops(live_server.ws, workshop.facilitator.token,
             [("voting.start", {"budget": 3, "hidden": True})])
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    state = console.get_by_test_id("voting-card").get_by_test_id("vote-state")
    send_ops(live_server.ws, ana.token, [("vote.add", {"note": ids[0]}),
                                         ("vote.add", {"note": ids[0]})])
    expect(state).to_contain_text("2 votes cast", timeout=TIMEOUT)
    send_ops(live_server.ws, ana.token, [("vote.remove", {"note": ids[0]})])
    expect(state).to_contain_text("1 vote cast", timeout=TIMEOUT)


def test_the_private_banner_goes_once_nothing_is_private(workshop, open_page, live_server):
    ana, ben = workshop.join("Ana Tamm", "City"), workshop.join("Ben Weber", "NGO")
    send_ops(live_server.ws, workshop.facilitator.token, [
        ("agenda.set", {"rounds": [{"title": "On your own", "seconds": 0, "private": True}]}),
        ("round.start", {}),
    ])
    fac = open_page(board(workshop), workshop.facilitator)
    them = open_page(board(workshop), ben)
    wait_online(fac)
    wait_online(them)
    add_notes(live_server.ws, ana, ["My secret idea"])
    expect(them.get_by_test_id("private-banner")).to_contain_text("1 hidden note",
                                                                  timeout=TIMEOUT)
    fac.get_by_test_id("facil-reveal-notes").click()
    expect(note(them, "My secret idea")).to_be_visible(timeout=TIMEOUT)
    expect(them.get_by_test_id("private-banner")).to_have_count(0)
    expect(fac.get_by_test_id("private-banner")).to_have_count(0)
    expect(fac.get_by_test_id("facil-reveal-notes")).to_be_disabled()
    them.reload()
    wait_online(them)
    expect(note(them, "My secret idea")).to_be_visible(timeout=TIMEOUT)
    expect(them.get_by_test_id("private-banner")).to_have_count(0)


def test_time_is_up_shows_speaks_and_locks_at_the_end(workshop, open_page, live_server):
    ana = workshop.join("Ana Tamm", "City")
    wall_member = workshop.join("Wall", role="wall")
    send_ops(live_server.ws, workshop.facilitator.token, [
        ("agenda.set", {"rounds": [{"title": "Write", "seconds": 3, "lock_at_end": True}]}),
    ])
    them = open_page(board(workshop), ana)
    wall = open_page(f"/wall.html?w={workshop.id}#t={wall_member.token}", size=(1920, 1080))
    loud = open_page(f"/wall.html?w={workshop.id}&chime=1#t={wall_member.token}",
                     size=(1366, 768))
    for page in (them, wall, loud):
        wait_online(page)
    expect(wall.get_by_test_id("chime-toggle")).to_have_text("Chime: off")  # the wall is quiet
    expect(loud.get_by_test_id("chime-toggle")).to_have_text("Chime: on")
    expect(them.get_by_test_id("chime-toggle")).to_have_attribute("aria-pressed", "true")
    them.get_by_test_id("add-note").focus()  # a gesture, so the browser lets audio start
    them.keyboard.press("Shift")
    send_ops(live_server.ws, workshop.facilitator.token, [("round.start", {})])
    expect(them.get_by_test_id("lock-banner")).to_have_count(0, timeout=TIMEOUT)
    banner = them.get_by_test_id("time-up-banner")
    expect(banner).to_have_text("Time is up: WriteDismiss", timeout=TIMEOUT)
    expect(banner).to_have_attribute("data-chime", "rang")
    expect(them.get_by_test_id("lock-banner")).to_be_visible(timeout=TIMEOUT)
    expect(them.locator("#live")).to_have_text("Time is up. The board is now locked.",
                                               timeout=TIMEOUT)
    expect(them.get_by_test_id("add-note")).to_be_disabled()
    expect(wall.get_by_test_id("wall-time-up")).to_have_text("Time is up: Write")
    expect(wall.get_by_test_id("wall-time-up")).to_have_attribute("data-chime", "silent")
    for name, size in SIZES.items():
        them.set_viewport_size({"width": size[0], "height": size[1]})
        them.wait_for_timeout(300)
        shot(them, f"board-time-up-{name}")
    shot(wall, "wall-time-up-1920x1080")
    assert not axe_problems(them), axe_problems(them)
    them.get_by_test_id("time-up-dismiss").click()
    expect(banner).to_have_count(0)

    # Muted, the next "time is up" shows and speaks without the chime.
    them.get_by_test_id("chime-toggle").click()
    expect(them.get_by_test_id("chime-toggle")).to_have_text("Chime: off")
    send_ops(live_server.ws, workshop.facilitator.token, [("timer.start", {"seconds": 1})])
    expect(banner).to_have_attribute("data-chime", "silent", timeout=TIMEOUT)
    them.reload()
    wait_online(them)
    expect(them.get_by_test_id("chime-toggle")).to_have_attribute("aria-pressed", "false")


@pytest.mark.parametrize(("locale", "label", "lock"), [
    ("et-EE", "Juhtimine", "Lukusta"), ("de-DE", "Moderation", "Sperren")])
def test_the_bar_reads_in_estonian_and_german_and_fits(workshop, open_page, locale, label,
                                                       lock):
    for name, size in SIZES.items():
        fac = open_page(board(workshop), workshop.facilitator, size=size, locale=locale,
                        extra_storage={"cocreate:facil-bar": "open"})
        wait_online(fac)
        expect(fac.get_by_test_id("facil-toggle")).to_have_text(f"▾ {label}")
        expect(fac.get_by_test_id("facil-lock")).to_have_text(lock)
        bar = fac.get_by_test_id("facil-bar").bounding_box()
        assert bar is not None
        if name != "390x844":  # at most two short rows: the board keeps the screen
            assert bar["height"] <= 90, (name, bar)
            assert bar["x"] + bar["width"] <= size[0], (name, bar)
        shot(fac, f"board-bar-{locale[:2]}-{name}")
        assert not axe_problems(fac), axe_problems(fac)
