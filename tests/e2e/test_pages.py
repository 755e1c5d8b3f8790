"""Every page: accessibility (axe), screenshots at three sizes, the wall's
timer driven from the console, the phone list, languages, breakout rooms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from e2e_steps import TIMEOUT, Member, Workshop, note, screenshot, send_ops, settled, wait_online

pytestmark = pytest.mark.e2e

SIZES = {"1366x768": (1366, 768), "390x844": (390, 844), "1920x1080": (1920, 1080)}
NOTES = [
    ("Protected bike lanes on the ring road", "yellow", "cycling"),
    ("Bike parking at every tram stop", "green", "cycling"),
    ("Winter maintenance of cycle paths first", "blue", "cycling"),
    ("Free buses for under-19s", "pink", "transit"),
    ("A tram every 5 minutes at rush hour", "yellow", "transit"),
    ("One ticket for trains, buses and bikes", "orange", "transit"),
    ("Car-free streets around schools", "purple", None),
    ("Ask employers about flexible hours", "white", None),
]


def populate(workshop: Workshop, ws_url: str) -> dict[str, Member]:
    people = {
        "ana": workshop.join("Ana Tamm", "City"),
        "ben": workshop.join("Ben Weber", "NGO", site="remote"),
        "cem": workshop.join("Cem Kaya", "Business"),
    }
    writers = list(people.values())
    ids: dict[str, list[str]] = {"cycling": [], "transit": [], None: []}  # type: ignore[dict-item]
    for i, (text, color, group) in enumerate(NOTES):
        col = {"cycling": 0, "transit": 1, None: 2}[group]
        row = len(ids[group])
        data = send_ops(ws_url, writers[i % 3].token, [("note.add", {
            "text": text, "color": color, "x": 40 + col * 300, "y": 90 + row * 150})])[0]
        ids[group].append(data["id"])
    fac = workshop.facilitator.token
    send_ops(ws_url, fac, [
        ("cluster.add", {"title": "Safe cycling", "x": 20, "y": 40, "notes": ids["cycling"]}),
        ("cluster.add", {"title": "Public transport", "x": 320, "y": 40, "notes": ids["transit"]}),
        ("agenda.set", {"rounds": [
            {"title": "Ideas on your own", "seconds": 600, "private": True},
            {"title": "Share and cluster", "seconds": 900},
            {"title": "Dot vote", "seconds": 300, "lock": True,
             "voting": {"budget": 5, "max_per_note": 3}},
        ]}),
        ("round.start", {"index": 1}),
        ("voting.start", {"budget": 5, "max_per_note": 3, "hidden": False}),
    ])
    votes = [(people["ana"], ids["transit"][0]), (people["ana"], ids["transit"][0]),
             (people["ben"], ids["transit"][0]), (people["ben"], ids["cycling"][0]),
             (people["cem"], ids["cycling"][0]), (people["cem"], ids["transit"][1]),
             (people["ana"], ids[None][0])]
    for member, note_id in votes:
        send_ops(ws_url, member.token, [("vote.add", {"note": note_id})])
    return people


def axe_problems(page: Page) -> list[str]:
    result = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:4]}"
            for v in result.response["violations"] if v["impact"] in ("serious", "critical")]


def test_every_page_passes_axe_and_is_photographed(workshop, open_page, live_server):
    people = populate(workshop, live_server.ws)
    wall = workshop.join("Wall", role="wall")
    room = workshop.plenary_room_id
    pages = {
        "landing": (f"/?join={workshop.join_code}", None),
        "board": (f"/board.html?w={workshop.id}", people["ana"]),
        "console": (f"/console.html?w={workshop.id}", workshop.facilitator),
        "wall": (f"/wall.html?w={workshop.id}&room={room}#t={wall.token}", None),
        "report": (f"/report.html?w={workshop.id}&room={room}", workshop.facilitator),
    }
    problems: dict[str, list[str]] = {}
    # Ben is on the board too; his pointer shows on Ana's screen in the pictures.
    ben = open_page(pages["board"][0], people["ben"])
    wait_online(ben)
    for name, (path, member) in pages.items():
        # The wall is also shown on the small projector.
        sizes = dict(SIZES, **({"1280x720": (1280, 720)} if name == "wall" else {}))
        for size_name, size in sizes.items():
            page = open_page(path, member, size=size)
            if name in ("board", "console", "wall"):
                wait_online(page)
            if name == "board":
                expect(page.get_by_test_id("note")).to_have_count(len(NOTES), timeout=TIMEOUT)
                if size_name != "390x844":
                    target = note(ben, "One ticket for trains, buses and bikes").bounding_box()
                    assert target is not None
                    ben.mouse.move(target["x"] + 150, target["y"] + 90)
                    ben.mouse.move(target["x"] + 160, target["y"] + 95, steps=3)
                    expect(page.get_by_test_id("cursor")).to_be_visible(timeout=TIMEOUT)
            if name == "wall":
                expect(page.get_by_test_id("wall-note")).to_have_count(len(NOTES), timeout=TIMEOUT)
                page.wait_for_function("() => document.getElementById('wall-qr').naturalWidth > 0")
            if name == "report":
                expect(page.get_by_test_id("report-note")).to_have_count(len(NOTES),
                                                                         timeout=TIMEOUT)
            if name == "console":
                expect(page.get_by_test_id("overview-row")).to_have_count(1, timeout=TIMEOUT)
            page.wait_for_timeout(400)
            screenshot(page, f"{name}-{size_name}")
            found = axe_problems(page)
            if found:
                problems[f"{name} {size_name}"] = found

    # The wall after the vote: a bar chart of the results.
    send_ops(live_server.ws, workshop.facilitator.token, [("voting.stop", {})])
    for size_name in ("1920x1080", "1366x768"):
        page = open_page(pages["wall"][0], None, size=SIZES[size_name])
        expect(page.get_by_test_id("wall-chart")).to_be_visible(timeout=TIMEOUT)
        page.wait_for_function("() => document.getElementById('wall-qr').naturalWidth > 0")
        expect(page.get_by_test_id("chart-row").first).to_contain_text("Free buses for under-19s")
        expect(page.get_by_test_id("chart-row").first).to_contain_text("3 votes")
        screenshot(page, f"wall-results-{size_name}")
        found = axe_problems(page)
        if found:
            problems[f"wall results {size_name}"] = found
    assert not problems, problems


def test_the_wall_shows_the_timer_started_in_the_console(workshop, open_page):
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    # The console makes the wall link; the projector's browser opens it.
    console.get_by_test_id("open-wall").click()
    link = console.get_by_test_id("wall-open-link").get_attribute("href")
    assert link and "#t=" in link, link
    pw = open_page(link.replace(workshop.base, ""), size=(1920, 1080))
    wait_online(pw)
    # The token left the address bar at once.
    assert "#t=" not in pw.url
    expect(pw.get_by_test_id("wall-code")).to_have_text(workshop.join_code)
    expect(pw.get_by_test_id("timer")).to_have_attribute("data-status", "idle")

    console.get_by_test_id("timer-minutes").fill("2")
    console.get_by_test_id("timer-label-input").fill("Ideas on your own")
    console.get_by_test_id("timer-start").click()
    expect(pw.get_by_test_id("timer")).to_have_attribute("data-status", "running", timeout=TIMEOUT)
    expect(pw.get_by_test_id("timer-label")).to_have_text("Ideas on your own")
    expect(pw.get_by_test_id("timer-time")).to_have_text(re.compile(r"^(2:00|1:5\d)$"))
    pw.wait_for_timeout(1300)
    expect(pw.get_by_test_id("timer-time")).to_have_text(re.compile(r"^1:5\d$"))

    console.get_by_test_id("timer-pause").click()
    expect(pw.get_by_test_id("timer")).to_have_attribute("data-status", "paused", timeout=TIMEOUT)
    console.get_by_test_id("timer-plus").click()
    expect(pw.get_by_test_id("timer-time")).to_have_text(re.compile(r"^2:5\d$"), timeout=TIMEOUT)
    console.get_by_test_id("timer-stop").click()
    expect(pw.get_by_test_id("timer")).to_have_attribute("data-status", "idle", timeout=TIMEOUT)


def test_the_phone_shows_a_list_with_add_edit_and_vote(workshop, open_page, live_server):
    ana = workshop.join("Ana", "City")
    send_ops(live_server.ws, workshop.facilitator.token,
             [("cluster.add", {"title": "Transport", "x": 0, "y": 0})])
    page = open_page(f"/board.html?w={workshop.id}", ana, size=(390, 844))
    wait_online(page)
    expect(page.get_by_test_id("list-view")).to_be_visible()
    expect(page.get_by_test_id("canvas")).to_be_hidden()

    page.get_by_test_id("quick-add-text").fill("Night buses on Fridays")
    page.locator("#qa-cluster").select_option(label="Transport")
    page.get_by_test_id("quick-add-submit").click()
    card = note(page, "Night buses on Fridays")
    expect(card).to_have_count(1, timeout=TIMEOUT)
    expect(page.get_by_test_id("list-cluster").filter(has_text="Transport")).to_contain_text(
        "Night buses on Fridays")
    settled(page)

    card.get_by_test_id("note-edit").click()
    page.get_by_test_id("note-editor").fill("Night buses on Fridays and Saturdays")
    page.get_by_test_id("note-save").click()
    edited = note(page, "Night buses on Fridays and Saturdays")
    expect(edited).to_have_count(1, timeout=TIMEOUT)

    send_ops(live_server.ws, workshop.facilitator.token, [("voting.start", {"budget": 3})])
    edited.get_by_test_id("note-vote").click()
    expect(edited.get_by_test_id("note-votes")).to_have_text("● 1 vote (yours)", timeout=TIMEOUT)
    expect(page.get_by_test_id("vote-status")).to_contain_text("2 of 3 votes left")


def test_language_follows_the_browser_and_can_be_switched(workshop, open_page):
    page = open_page("/", locale="de-DE")
    expect(page.locator("h1")).to_have_text("Gemeinsam an einer Herausforderung arbeiten")
    page.get_by_test_id("language").select_option("et")
    expect(page.locator("h1")).to_have_text("Töötame ühe väljakutse kallal koos")
    expect(page.locator("html")).to_have_attribute("lang", "et")
    page.reload()
    expect(page.locator("h1")).to_have_text("Töötame ühe väljakutse kallal koos")
    ana = workshop.join("Ana", "City")
    board = open_page(f"/board.html?w={workshop.id}", ana, locale="et-EE")
    wait_online(board)
    expect(board.get_by_test_id("connection")).to_have_text("Ühendatud")
    board.locator(".topbar").get_by_test_id("language").select_option("de")
    expect(board.get_by_test_id("connection")).to_have_text("Verbunden")


def test_breakout_rooms_move_people_and_bring_them_back(workshop, open_page):
    ana, ben = workshop.join("Ana", "City"), workshop.join("Ben", "NGO")
    pa = open_page(f"/board.html?w={workshop.id}", ana)
    pb = open_page(f"/board.html?w={workshop.id}", ben)
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    for p in (pa, pb, console):
        wait_online(p)
    expect(console.get_by_test_id("person-chip")).to_have_count(2, timeout=TIMEOUT)

    console.get_by_test_id("split-count").fill("2")
    console.get_by_test_id("rooms-split").click()
    console.get_by_test_id("confirm-yes").click()
    expect(pa.get_by_test_id("room-name")).to_have_text(re.compile(r"^Room [12]$"), timeout=TIMEOUT)
    expect(pb.get_by_test_id("room-name")).to_have_text(re.compile(r"^Room [12]$"), timeout=TIMEOUT)
    assert (pa.get_by_test_id("room-name").text_content()
            != pb.get_by_test_id("room-name").text_content())
    wait_online(pa)
    pa.get_by_test_id("add-note").click()
    pa.get_by_test_id("note-editor").fill("Idea from a breakout room")
    pa.get_by_test_id("note-editor").press("Enter")
    expect(note(pa, "Idea from a breakout room")).to_have_count(1, timeout=TIMEOUT)
    expect(note(pb, "Idea from a breakout room")).to_have_count(0)
    expect(console.get_by_test_id("overview-row")).to_have_count(3, timeout=TIMEOUT)

    # Announce reaches every room.
    console.get_by_test_id("announce-text").fill("Five minutes left, then back to the plenary")
    console.get_by_test_id("announce-send").click()
    for p in (pa, pb):
        expect(p.get_by_test_id("announcement")).to_contain_text("Five minutes left",
                                                                 timeout=TIMEOUT)

    # Move Ben by the select into Ana's room, then recall everyone.
    ana_room = pa.get_by_test_id("room-name").text_content()
    ben_chip = console.get_by_test_id("person-chip").filter(has_text="Ben")
    ben_chip.get_by_test_id("move-select").select_option(label=ana_room)
    expect(pb.get_by_test_id("room-name")).to_have_text(ana_room, timeout=TIMEOUT)
    expect(note(pb, "Idea from a breakout room")).to_have_count(1, timeout=TIMEOUT)
    console.get_by_test_id("rooms-recall").click()
    console.get_by_test_id("confirm-yes").click()
    for p in (pa, pb):
        expect(p.get_by_test_id("room-name")).to_have_text("Plenary", timeout=TIMEOUT)


def test_the_console_exports_the_board(workshop, open_page, live_server):
    ana = workshop.join("Ana", "City")
    send_ops(live_server.ws, ana.token, [("note.add", {"text": "Shared e-scooters at stations"})])
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    for testid, suffix in (("export-md", ".md"), ("export-csv", ".csv"), ("export-json", ".json")):
        with console.expect_download() as info:
            console.get_by_test_id(testid).click()
        download = info.value
        assert download.suggested_filename.endswith(suffix), download.suggested_filename
        text = Path(download.path()).read_text(encoding="utf-8")
        assert "Shared e-scooters at stations" in text, text
    with console.context.expect_page() as info:
        console.get_by_test_id("export-print").click()
    report = info.value
    expect(report.get_by_test_id("report-note")).to_have_text(
        ["Shared e-scooters at stations (Ana)"], timeout=TIMEOUT)


def test_private_notes_and_hidden_votes_show_only_when_revealed(workshop, open_page, live_server):
    ana, ben = workshop.join("Ana", "City"), workshop.join("Ben", "NGO")
    wall = workshop.join("Wall", role="wall")
    fac = workshop.facilitator.token
    send_ops(live_server.ws, fac, [
        ("agenda.set", {"rounds": [{"title": "Silent ideas", "seconds": 300, "private": True}]}),
        ("round.start", {"index": 0}),
    ])
    pa = open_page(f"/board.html?w={workshop.id}", ana)
    pb = open_page(f"/board.html?w={workshop.id}", ben)
    pw = open_page(f"/wall.html?w={workshop.id}#t={wall.token}", size=(1920, 1080))
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    for p in (pa, pb, pw, console):
        wait_online(p)
    expect(pb.get_by_test_id("private-banner")).to_be_visible()
    add_text = "Congestion charge, but only for through traffic"
    pa.get_by_test_id("add-note").click()
    pa.get_by_test_id("note-editor").fill(add_text)
    pa.get_by_test_id("note-editor").press("Enter")
    expect(note(pa, add_text).get_by_test_id("note-private")).to_be_visible(timeout=TIMEOUT)
    expect(pb.get_by_test_id("private-banner")).to_contain_text("1 hidden note", timeout=TIMEOUT)
    expect(note(pb, add_text)).to_have_count(0)
    expect(pw.get_by_test_id("wall-empty")).to_contain_text("1 private note", timeout=TIMEOUT)
    # A wall opened with the facilitator's own sign-in hides private notes all the same.
    facilitator_wall = open_page(f"/wall.html?w={workshop.id}", workshop.facilitator)
    expect(facilitator_wall.get_by_test_id("wall-empty")).to_contain_text("1 private note",
                                                                          timeout=TIMEOUT)
    expect(facilitator_wall.get_by_test_id("wall-note")).to_have_count(0)

    console.get_by_test_id("reveal-notes").click()
    expect(note(pb, add_text)).to_have_count(1, timeout=TIMEOUT)
    expect(pw.get_by_test_id("wall-note")).to_have_text(add_text, timeout=TIMEOUT)

    # A hidden vote: nobody sees totals until the facilitator reveals them.
    console.get_by_test_id("vote-hidden").check()
    console.get_by_test_id("vote-start").click()
    expect(pb.get_by_test_id("vote-status")).to_contain_text("5 of 5 votes left", timeout=TIMEOUT)
    note(pb, add_text).get_by_test_id("note-vote").click()
    expect(note(pb, add_text).get_by_test_id("note-votes")).to_have_text("● your vote",
                                                                         timeout=TIMEOUT)
    expect(note(pa, add_text).get_by_test_id("note-votes")).to_have_count(0)
    console.get_by_test_id("vote-stop").click()
    expect(pw.get_by_test_id("wall-chart")).to_have_count(0)
    console.get_by_test_id("vote-reveal").click()
    expect(pw.get_by_test_id("wall-chart")).to_be_visible(timeout=TIMEOUT)
    expect(pw.get_by_test_id("chart-row")).to_have_text(
        [re.compile(r"1\.\s*Congestion charge.*1 vote")])
    # the closed vote's result, ranked (the only voted note is first)
    expect(note(pa, add_text).get_by_test_id("note-votes")).to_have_text("Rank 1 · 1 vote",
                                                                         timeout=TIMEOUT)


def test_the_console_switches_language_and_keeps_it(workshop, open_page):
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    expect(console.locator("#share-h")).to_have_text("Invite people")
    console.get_by_test_id("language").select_option("de")
    expect(console.locator("#share-h")).to_have_text("Leute einladen", timeout=TIMEOUT)
    wait_online(console)
    expect(console.get_by_test_id("timer-start")).to_have_text("Timer starten")
    console.get_by_test_id("language").select_option("et")
    expect(console.get_by_test_id("timer-start")).to_have_text("Käivita taimer", timeout=TIMEOUT)


def test_the_join_page_offers_the_workshops_groups(workshop, open_page):
    page = open_page(f"/?join={workshop.join_code}")
    expect(page.get_by_test_id("join-title")).to_have_text("Workshop: Mobility in the city",
                                                           timeout=TIMEOUT)
    group = page.get_by_test_id("join-group")
    expect(group.locator("option")).to_have_text(["(none)", "City", "NGO", "Business"])
    page.get_by_test_id("join-name").fill("Gert")
    group.select_option("NGO")
    page.get_by_test_id("join-remote").check()
    page.get_by_test_id("join-submit").click()
    page.wait_for_url("**/board.html?w=*")
    wait_online(page)
    expect(page.get_by_test_id("people")).to_contain_text("NGO")
    expect(page.get_by_test_id("people")).to_contain_text("Remote")


def test_the_agenda_runs_rounds_that_set_timer_privacy_and_lock(workshop, open_page):
    ana = workshop.join("Ana", "City")
    board = open_page(f"/board.html?w={workshop.id}", ana)
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(board)
    wait_online(console)
    console.get_by_test_id("agenda-suggest").click()
    expect(console.get_by_test_id("round-row")).to_have_count(5)
    console.get_by_test_id("agenda-save").click()
    expect(console.get_by_test_id("agenda-status")).to_have_text("No round running.",
                                                                 timeout=TIMEOUT)

    console.get_by_test_id("round-next").click()
    expect(board.get_by_test_id("round")).to_have_text("Round 1/5", timeout=TIMEOUT)
    expect(board.get_by_test_id("timer-label")).to_have_text("Welcome and the challenge")
    expect(console.get_by_test_id("round-row").nth(0)).to_have_class(re.compile(r"\bcurrent\b"))

    console.get_by_test_id("round-next").click()  # ends round 1, starts the private round 2
    expect(board.get_by_test_id("round")).to_have_text("Round 2/5", timeout=TIMEOUT)
    expect(board.get_by_test_id("private-banner")).to_be_visible()
    first_round = console.get_by_test_id("round-row").nth(0)
    expect(first_round.get_by_test_id("round-marker")).to_have_text("✓ 1.")

    console.get_by_test_id("round-start").nth(3).click()  # the dot vote: locked, voting open
    expect(board.get_by_test_id("lock-banner")).to_be_visible(timeout=TIMEOUT)
    expect(board.get_by_test_id("vote-status")).to_contain_text("5 of 5 votes left")
    expect(board.get_by_test_id("add-note")).to_be_disabled()
    console.get_by_test_id("round-end").click()
    expect(board.get_by_test_id("lock-banner")).to_have_count(0, timeout=TIMEOUT)
    expect(board.get_by_test_id("round")).to_be_hidden()
    expect(console.get_by_test_id("agenda-status")).to_have_text("No round running.")


def test_the_facilitator_tidies_a_messy_board_into_columns(workshop, open_page, live_server):
    fac = workshop.facilitator.token
    made = send_ops(live_server.ws, fac,
                    [("note.add", {"text": f"Idea {i}", "x": (i * 97) % 500, "y": (i * 53) % 300})
                     for i in range(12)])
    ids = [d["id"] for d in made]
    send_ops(live_server.ws, fac, [("cluster.add", {"title": "First", "notes": ids[:4]}),
                                   ("cluster.add", {"title": "Second", "notes": ids[4:8]})])
    board = open_page(f"/board.html?w={workshop.id}", workshop.facilitator)
    wait_online(board)
    expect(board.get_by_test_id("note")).to_have_count(12, timeout=TIMEOUT)
    board.get_by_test_id("tidy").click()
    board.get_by_test_id("confirm-yes").click()
    settled(board)
    board.wait_for_timeout(300)
    boxes = board.evaluate("""() =>
        [...document.querySelectorAll('[data-testid=note], [data-testid=cluster]')]
        .map(el => { const r = el.getBoundingClientRect();
                     return {kind: el.dataset.testid, id: el.dataset.id,
                             cluster: el.closest('[data-testid=cluster]') ? 1 : 0,
                             x: r.x, y: r.y, x2: r.right, y2: r.bottom}; })""")
    notes = [b for b in boxes if b["kind"] == "note"]
    clusters = [b for b in boxes if b["kind"] == "cluster"]

    def overlap(a, b):
        return (a["x"] < b["x2"] - 1 and b["x"] < a["x2"] - 1
                and a["y"] < b["y2"] - 1 and b["y"] < a["y2"] - 1)

    assert not [(a["id"], b["id"])
                for i, a in enumerate(notes) for b in notes[i + 1:] if overlap(a, b)]
    assert not overlap(clusters[0], clusters[1])
    # Another browser sees the same tidy board.
    other = open_page(f"/board.html?w={workshop.id}", workshop.join("Ana", "City"))
    wait_online(other)
    first = board.get_by_test_id("note").first
    text = first.get_by_test_id("note-text").text_content()
    pos = first.evaluate("el => [el.style.left, el.style.top]")
    expect(note(other, text)).to_have_attribute(
        "style", re.compile(f"left: {pos[0]}; top: {pos[1]}"), timeout=TIMEOUT)
