"""The hackathon's jury in the browser: the console sets weighted criteria, lets
jurors join by the join code and makes a participant a juror; a participant
says which pitches they would join; a viable team goes to a room of its own
(teams.to_rooms); the juror scores on their board by keyboard
and clicks while the console sees only "k of n jurors have scored"; the console
closes the jury and the wall shows the weighted ranking. Axe and three sizes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_pages import axe_problems

from e2e_steps import TIMEOUT, send_ops, wait_online

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-ui")
BUS, CAFE, TRAINS = "A village bus twice a day", "A repair café in every library", "Night trains"

# Criteria impact 40, feasibility 30, collaboration 30; two jurors, Jan (in the
# browser) and Jo (over a socket). A pitch's score is Σ weight × mean / Σ weight
# over the criteria somebody scored:
#   bus:  Jan 4/3/5, Jo 5/2/4 -> means 4.5, 2.5, 4.5
#         (40×4.5 + 30×2.5 + 30×4.5) / 100 = (180 + 75 + 135) / 100 = 3.90
#   café: Jan 3/5/4, Jo 3/4/– -> means 3.0, 4.5, 4.0 (collaboration: Jan alone)
#         (40×3 + 30×4.5 + 30×4) / 100 = (120 + 135 + 120) / 100 = 3.75
#   night trains: nobody scored it -> no score, no rank, last.
JAN = {"impact": 4, "feasibility": 3, "collaboration": 5}
JAN_CAFE = {"impact": 3, "feasibility": 5, "collaboration": 4}


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _phase(console: Page, phase: str, label: str) -> None:
    select = console.get_by_test_id("hack-phase-select")
    select.focus()
    select.select_option(phase)
    expect(console.get_by_test_id("hack-phase").first).to_contain_text(label, timeout=TIMEOUT)


def _criterion(console: Page, name: str, weight: int) -> None:
    console.get_by_test_id("criterion-add").click()
    row = console.get_by_test_id("criterion-row").last
    expect(row.get_by_test_id("criterion-name")).to_be_focused()
    row.get_by_test_id("criterion-name").fill(name)
    row.get_by_test_id("criterion-weight").fill(str(weight))


def _pitch_card(page: Page, title: str):
    return page.get_by_test_id("pitch").filter(
        has=page.get_by_test_id("pitch-title-text").get_by_text(title, exact=True)
    )


def test_jurors_score_in_secret_and_the_wall_shows_the_weighted_ranking(
    workshop, open_page, live_server
):
    ws, fac = live_server.ws, workshop.facilitator.token
    cleo, nia, dan = (
        workshop.join("Cleo", "City"),
        workshop.join("Nia", "NGO"),
        workshop.join("Dan", "City"),
    )
    bo, jan, ned = (
        workshop.join("Bo", "Business"),
        workshop.join("Jan", "City"),
        workshop.join("Ned", "NGO"),
    )
    wall = workshop.join("Wall", role="wall")

    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    card = console.get_by_test_id("hackathon")
    # The criteria, in the console's editor.
    _criterion(console, "impact", 40)
    _criterion(console, "feasibility", 30)
    _criterion(console, "collaboration", 30)
    console.get_by_test_id("criteria-save").click()
    expect(console.get_by_test_id("toast")).to_have_text("Criteria saved.", timeout=TIMEOUT)
    # Jurors may join by the code; Jo does.
    console.get_by_test_id("jurors-join").check()
    expect(console.get_by_test_id("juror-link")).to_have_value(
        re.compile(rf"/\?join={workshop.join_code}&role=juror$"), timeout=TIMEOUT
    )
    jo = workshop.join("Jo", role="juror")

    # Pitches; Bo says which he would join, in order.
    _phase(console, "pitch", "Pitches")
    for who, title in ((cleo, BUS), (nia, CAFE), (dan, TRAINS)):
        send_ops(
            ws, who.token, [("pitch.add", {"title": title, "text": "Why: people ask for it."})]
        )
    expect(card.get_by_test_id("juror")).to_have_count(1, timeout=TIMEOUT)  # Jo
    expect(card.get_by_test_id("juror")).to_contain_text("Jo")
    pb = open_page(f"/board.html?w={workshop.id}", bo)
    wait_online(pb)
    expect(pb.get_by_test_id("pitch")).to_have_count(3, timeout=TIMEOUT)
    expect(pb.get_by_test_id("prefer-summary")).to_contain_text("Choose up to 3")
    _pitch_card(pb, CAFE).get_by_test_id("pitch-prefer").click()
    expect(pb.get_by_test_id("prefer-summary")).to_have_text(
        f"You'd join: 1. {CAFE}", timeout=TIMEOUT
    )
    bus_prefer = _pitch_card(pb, BUS).get_by_test_id("pitch-prefer")
    bus_prefer.focus()
    bus_prefer.press("Enter")
    expect(pb.get_by_test_id("prefer-summary")).to_have_text(
        f"You'd join: 1. {CAFE}, 2. {BUS}", timeout=TIMEOUT
    )
    expect(_pitch_card(pb, BUS).get_by_test_id("pitch-prefer")).to_have_attribute(
        "aria-pressed", "true"
    )
    pb.reload()  # from the welcome's own part (M)
    wait_online(pb)
    expect(pb.get_by_test_id("prefer-summary")).to_have_text(
        f"You'd join: 1. {CAFE}, 2. {BUS}", timeout=TIMEOUT
    )
    expect(_pitch_card(pb, CAFE).get_by_test_id("pitch-prefer")).to_have_text("My choice 1")
    assert axe_problems(pb) == []
    shot(pb, "participant-prefer-laptop")

    # Jan's board, as a participant; the console makes him a juror and his board follows.
    pj = open_page(f"/board.html?w={workshop.id}", jan)
    wait_online(pj)
    expect(pj.get_by_test_id("add-note")).to_be_visible()
    projector = open_page(
        f"/wall.html?w={workshop.id}&room={workshop.plenary_room_id}#t={wall.token}",
        size=(1920, 1080),
    )
    wait_online(projector)
    console.get_by_test_id("juror-pick").select_option(label="Jan · City")
    console.get_by_test_id("juror-make").click()
    expect(card.get_by_test_id("juror")).to_have_count(2, timeout=TIMEOUT)
    expect(pj.get_by_test_id("juror-banner")).to_be_visible(timeout=TIMEOUT)
    expect(pj.get_by_test_id("add-note")).to_be_hidden()
    expect(pj.get_by_test_id("juror-hint")).to_have_text(
        "You will score the pitches in the jury phase."
    )
    expect(pj.get_by_test_id("score-radio").first).to_be_disabled()

    # Teams: Bo and Ned join the bus, whose team is viable and gets a room of its own.
    _phase(console, "teams", "Teams")
    bus_id = _pid(pj, BUS)
    for who in (bo, ned):
        send_ops(ws, who.token, [("team.join", {"pitch": bus_id})])
    expect(_pitch_card(console, BUS).get_by_test_id("pitch-viability")).to_have_text(
        "viable", timeout=TIMEOUT
    )
    rooms = send_ops(ws, fac, [("teams.to_rooms", {})])[0]
    assert list(rooms["pitches"]) == [bus_id], rooms
    expect(pb.get_by_test_id("room-name")).to_have_text(
        BUS, timeout=TIMEOUT
    )  # Bo followed his team
    expect(pj.get_by_test_id("room-name")).to_have_text("Plenary")  # a juror is in no team

    _phase(console, "jury", "Jury")
    bus_on_wall = projector.get_by_test_id("wall-pitch").filter(has_text=BUS)
    expect(bus_on_wall.get_by_test_id("jury-scored")).to_have_text(
        "0 of 2 jurors have scored", timeout=TIMEOUT
    )
    # Jan scores the bus by keyboard: into a radio group, arrows to the score.
    bus = _pitch_card(pj, BUS)
    expect(bus.get_by_test_id("score-radio").first).to_be_enabled(timeout=TIMEOUT)
    assert axe_problems(pj) == []
    for criterion, score in JAN.items():
        first = bus.locator(f"[data-testid=score-radio][data-criterion={criterion}]").first
        first.focus()
        first.press("Space")
        for _ in range(score - 1):
            pj.keyboard.press("ArrowRight")
        expect(bus.locator(f"[data-criterion={criterion}]:checked")).to_have_value(str(score))
    expect(bus.get_by_test_id("score-saved")).to_have_text("Not saved yet.")
    bus.get_by_test_id("score-save").press("Enter")
    expect(_pitch_card(pj, BUS).get_by_test_id("score-saved")).to_have_text(
        "Saved.", timeout=TIMEOUT
    )
    # ... and the café by clicks on the numbers.
    cafe = _pitch_card(pj, CAFE)
    for criterion, score in JAN_CAFE.items():
        cafe.get_by_test_id("score-criterion").filter(has_text=criterion).get_by_text(
            str(score), exact=True
        ).click()
    cafe.get_by_test_id("score-save").click()
    expect(_pitch_card(pj, CAFE).get_by_test_id("score-saved")).to_have_text(
        "Saved.", timeout=TIMEOUT
    )
    send_ops(
        ws,
        jo.token,
        [
            (
                "jury.score",
                {
                    "pitch": _pid(pj, BUS),
                    "scores": {"impact": 5, "feasibility": 2, "collaboration": 4},
                },
            ),
            ("jury.score", {"pitch": _pid(pj, CAFE), "scores": {"impact": 3, "feasibility": 4}}),
        ],
    )

    # The console: k of n, never a score.
    for title, k in ((BUS, 2), (CAFE, 2), (TRAINS, 0)):
        expect(_pitch_card(console, title).get_by_test_id("jury-scored")).to_have_text(
            f"{k} of 2 jurors have scored", timeout=TIMEOUT
        )
    expect(bus_on_wall.get_by_test_id("jury-scored")).to_have_text(
        "2 of 2 jurors have scored", timeout=TIMEOUT
    )
    text = card.inner_text()
    assert not re.search(r"3[.,]90|3[.,]75|4[.,]50", text), text
    expect(console.get_by_test_id("jury-ranking")).to_have_count(0)
    expect(console.get_by_test_id("criteria-locked")).to_be_visible()
    assert axe_problems(console) == []
    card.screenshot(path=str(SHOTS / "console-card-jury-laptop.png"))
    shot(pj, "juror-board-laptop")
    shot(projector, "wall-jury-scoring-projector")

    # Jan's own scores come back to him alone, in his welcome.
    pj.reload()
    wait_online(pj)
    bus = _pitch_card(pj, BUS)
    for criterion, score in JAN.items():
        expect(bus.locator(f"[data-criterion={criterion}]:checked")).to_have_value(
            str(score), timeout=TIMEOUT
        )
    expect(bus.get_by_test_id("score-saved")).to_have_text("Your saved scores.")
    phone = open_page(f"/board.html?w={workshop.id}", jan, size=(390, 844))
    wait_online(phone)
    phone.get_by_test_id("people-toggle").click()
    expect(_pitch_card(phone, BUS).get_by_test_id("score-form")).to_be_visible(timeout=TIMEOUT)
    _pitch_card(phone, BUS).get_by_test_id("score-form").scroll_into_view_if_needed()
    shot(phone, "juror-board-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_problems(phone) == []

    # The close: a winners number, a confirm, then the ranking everywhere.
    winners = console.get_by_test_id("jury-winners")
    expect(winners).to_have_value("3")
    winners.fill("1")
    console.get_by_test_id("jury-close").click()
    console.get_by_test_id("confirm-yes").click()
    ranking = projector.get_by_test_id("wall-jury-result")
    expect(ranking).to_be_visible(timeout=TIMEOUT)
    rows = ranking.get_by_test_id("jury-rank-row")
    expect(rows).to_have_count(3)
    cells = [[c.strip() for c in rows.nth(i).locator("td, th").all_inner_texts()] for i in range(3)]
    assert cells == [
        ["1.", BUS, "3.90", "4.50", "2.50", "4.50", "2"],
        ["2.", CAFE, "3.75", "3.00", "4.50", "4.00", "2"],
        ["–", TRAINS, "–", "–", "–", "–", "0"],
    ], cells
    expect(ranking.locator("thead th")).to_have_text(
        [
            "Rank",
            "Pitch",
            "Score",
            "impact (40)",
            "feasibility (30)",
            "collaboration (30)",
            "Jurors",
        ]
    )
    # The winner is the workshop's action, its team's groups the parties.
    projector.wait_for_function(
        "t => [...window.cocreate.board.actions.values()].some(a => a.title === t"
        " && a.parties.join() === 'City,Business,NGO')",
        arg=BUS,
        timeout=TIMEOUT,
    )
    expect(console.get_by_test_id("jury-result").get_by_test_id("jury-score").first).to_have_text(
        "3.90"
    )
    expect(_pitch_card(pj, BUS).get_by_test_id("score-radio").first).to_be_disabled(timeout=TIMEOUT)
    expect(pj.get_by_test_id("jury-ranking")).to_be_visible()
    shot(projector, "wall-ranking-projector")
    assert axe_problems(projector) == []
    assert axe_problems(pj) == []
    card.screenshot(path=str(SHOTS / "console-card-closed-laptop.png"))
    assert axe_problems(console) == []

    # The other sizes: the wall on a laptop and a phone, the console on a phone and a projector.
    for size, name in (((1366, 768), "laptop"), ((390, 844), "phone")):
        w = open_page(
            f"/wall.html?w={workshop.id}&room={workshop.plenary_room_id}#t={wall.token}", size=size
        )
        expect(w.get_by_test_id("wall-jury-result")).to_be_visible(timeout=TIMEOUT)
        shot(w, f"wall-ranking-{name}")
    for size, name in (((390, 844), "phone"), ((1920, 1080), "projector")):
        c = open_page(f"/console.html?w={workshop.id}", workshop.facilitator, size=size)
        wait_online(c)
        hack = c.get_by_test_id("hackathon")
        expect(hack.get_by_test_id("jury-ranking")).to_be_visible(timeout=TIMEOUT)
        hack.screenshot(path=str(SHOTS / f"console-card-closed-{name}.png"))
        if name == "phone":
            assert c.evaluate("document.documentElement.scrollWidth") <= 390
    for size, name in (((1920, 1080), "projector"),):
        j = open_page(f"/board.html?w={workshop.id}", jan, size=size)
        wait_online(j)
        shot(j, f"juror-board-closed-{name}")


def _pid(page: Page, title: str) -> str:
    return _pitch_card(page, title).get_attribute("data-id")
