"""Clusters and layout in Chromium: dragging a note out of its cluster (pointer and
keyboard) ungroups it, dropping on a note shows the target first, and twelve private
notes written at one spot are revealed side by side."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import httpx
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from e2e_steps import TIMEOUT, Member, Workshop, note, send_ops, settled, wait_online

SHOTS = Path("/tmp/shots-layout")
SIZES = {"1366x768": (1366, 768), "390x844": (390, 844), "1920x1080": (1920, 1080)}


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def export(workshop: Workshop, member: Member) -> dict[str, Any]:
    r = httpx.get(f"{workshop.base}/api/rooms/{workshop.plenary_room_id}/export",
                  params={"format": "json"}, headers={"Authorization": f"Bearer {member.token}"},
                  timeout=30, trust_env=False)
    assert r.status_code == 200, r.text
    doc: dict[str, Any] = r.json()
    return doc


def grouping(doc: dict[str, Any]) -> dict[str, str | None]:
    """Note text -> the title of its cluster (None: ungrouped), as the export says."""
    out: dict[str, str | None] = {n["text"]: None for n in doc["ungrouped"]}
    for c in doc["clusters"]:
        out.update({n["text"]: c["title"] for n in c["notes"]})
    return out


def cluster_of_three(workshop: Workshop, ws_url: str) -> None:
    fac = workshop.facilitator.token
    made = send_ops(ws_url, fac, [("note.add", {"text": text, "x": 100, "y": 100})
                                  for text in ("Night buses", "Bike lanes", "Car-free Sundays")])
    send_ops(ws_url, fac, [("cluster.add", {"title": "Transport", "x": 80, "y": 40,
                                            "notes": [d["id"] for d in made]})])


def no_overlaps(page: Page) -> list[tuple[str, str]]:
    boxes = page.evaluate("""() => [...document.querySelectorAll('[data-testid=note]')]
        .map(el => { const r = el.getBoundingClientRect();
                     return [el.dataset.id, r.x, r.y, r.right, r.bottom]; })""")
    return [(a[0], b[0]) for a, b in itertools.combinations(boxes, 2)
            if a[1] < b[3] - 1 and b[1] < a[3] - 1 and a[2] < b[4] - 1 and b[2] < a[4] - 1]


def test_dragging_a_note_out_of_its_cluster_ungroups_it(workshop, open_page, live_server):
    cluster_of_three(workshop, live_server.ws)
    ana = workshop.join("Ana", "City")
    page = open_page(f"/board.html?w={workshop.id}", ana)
    wait_online(page)
    expect(page.get_by_test_id("note")).to_have_count(3, timeout=TIMEOUT)
    frame = page.get_by_test_id("cluster").bounding_box()
    box = note(page, "Bike lanes").bounding_box()
    assert frame is not None and box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(frame["x"] + frame["width"] + 60, box["y"] + 40, steps=6)
    page.mouse.move(frame["x"] + frame["width"] + 200, box["y"] + 50, steps=6)
    page.mouse.up()
    settled(page)
    expect(page.get_by_test_id("cluster")).to_have_attribute(
        "aria-label", "Cluster Transport, 2 notes", timeout=TIMEOUT)
    assert grouping(export(workshop, ana)) == {
        "Night buses": "Transport", "Car-free Sundays": "Transport", "Bike lanes": None}
    assert no_overlaps(page) == []
    shot(page, "dragged-out-1366x768")
    # Dragged back over the frame, the frame lights up, and the drop puts it in.
    box = note(page, "Bike lanes").bounding_box()
    frame = page.get_by_test_id("cluster").bounding_box()
    assert box is not None and frame is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 2, steps=8)
    expect(page.get_by_test_id("cluster")).to_have_class(re.compile(r"\bdrop-target\b"))
    shot(page, "over-frame-1366x768")
    page.mouse.up()
    settled(page)
    expect(page.get_by_test_id("cluster")).to_have_attribute(
        "aria-label", "Cluster Transport, 3 notes", timeout=TIMEOUT)
    assert grouping(export(workshop, ana))["Bike lanes"] == "Transport"
    assert no_overlaps(page) == []


def test_carrying_a_note_out_with_the_keyboard_ungroups_it(workshop, open_page, live_server):
    cluster_of_three(workshop, live_server.ws)
    ana = workshop.join("Ana", "City")
    page = open_page(f"/board.html?w={workshop.id}", ana)
    wait_online(page)
    expect(page.get_by_test_id("note")).to_have_count(3, timeout=TIMEOUT)
    moving = note(page, "Night buses")
    moving.focus()
    page.keyboard.press("Space")
    for _ in range(5):
        page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Space")
    settled(page)
    expect(page.get_by_test_id("cluster")).to_have_attribute(
        "aria-label", "Cluster Transport, 2 notes", timeout=TIMEOUT)
    expect(moving).to_be_focused()
    assert grouping(export(workshop, ana)) == {
        "Night buses": None, "Car-free Sundays": "Transport", "Bike lanes": "Transport"}
    # And back in: carried onto the frame, it joins again.
    page.keyboard.press("Space")
    for _ in range(5):
        page.keyboard.press("Shift+ArrowUp")
    page.keyboard.press("Space")
    settled(page)
    expect(page.get_by_test_id("cluster")).to_have_attribute(
        "aria-label", "Cluster Transport, 3 notes", timeout=TIMEOUT)
    assert grouping(export(workshop, ana))["Night buses"] == "Transport"


def test_a_note_dragged_onto_a_note_highlights_it_then_makes_one_cluster(
        workshop, open_page, live_server):
    send_ops(live_server.ws, workshop.facilitator.token,
             [("note.add", {"text": "Free buses", "x": 100, "y": 100}),
              ("note.add", {"text": "Cheaper tickets", "x": 600, "y": 100})])
    ana = workshop.join("Ana", "City")
    for size_name, size in SIZES.items():
        page = open_page(f"/board.html?w={workshop.id}", ana, size=size)
        wait_online(page)
        expect(page.get_by_test_id("note")).to_have_count(2, timeout=TIMEOUT)
        if size_name == "390x844":  # a phone shows the list, where a menu groups notes
            shot(page, f"list-{size_name}")
            continue
        source = note(page, "Cheaper tickets").bounding_box()
        target = note(page, "Free buses").bounding_box()
        assert source is not None and target is not None
        page.mouse.move(source["x"] + 20, source["y"] + 20)
        page.mouse.down()
        page.mouse.move(target["x"] + 30, target["y"] + 30, steps=8)
        page.mouse.move(target["x"] + 20, target["y"] + 20, steps=2)
        # Before the drop, the note it would group with says so.
        expect(note(page, "Free buses")).to_have_class(re.compile(r"\bdrop-target\b"))
        label = note(page, "Free buses").evaluate(
            "el => getComputedStyle(el, '::after').content")
        assert label == '"Drop to group"'
        shot(page, f"drop-target-{size_name}")
        if size_name != "1920x1080":
            page.mouse.move(source["x"] + 20, source["y"] + 20, steps=4)  # changed my mind
            page.mouse.up()
            settled(page)
            continue
        problems = [v["id"] for v in Axe().run(page).response["violations"]
                    if v["impact"] in ("serious", "critical")]
        assert problems == []
        page.mouse.up()
        settled(page)
        expect(page.get_by_test_id("cluster")).to_have_count(1, timeout=TIMEOUT)
        shot(page, f"new-cluster-{size_name}")
    assert grouping(export(workshop, ana)) == {"Free buses": "Cluster 1",
                                               "Cheaper tickets": "Cluster 1"}


def test_twelve_private_notes_at_one_spot_are_revealed_side_by_side(
        workshop, open_page, live_server):
    fac = workshop.facilitator.token
    send_ops(live_server.ws, fac, [
        ("note.add", {"text": "Already there", "x": 300, "y": 200}),
        ("agenda.set", {"rounds": [{"title": "Silent", "seconds": 600, "private": True}]}),
        ("round.start", {})])
    people = [workshop.join(f"P{i}", "City") for i in range(12)]
    for i, person in enumerate(people):
        send_ops(live_server.ws, person.token,
                 [("note.add", {"text": f"Secret idea {i + 1}", "x": 300, "y": 200})])
    pages = {name: open_page(f"/board.html?w={workshop.id}", people[0], size=size)
             for name, size in SIZES.items()}
    for page in pages.values():
        wait_online(page)
        expect(page.get_by_test_id("note")).to_have_count(2, timeout=TIMEOUT)  # own + public
    send_ops(live_server.ws, fac, [("notes.reveal", {})])
    for name, page in pages.items():
        expect(page.get_by_test_id("note")).to_have_count(13, timeout=TIMEOUT)
        page.get_by_test_id("canvas").focus()
        page.keyboard.press("0")  # fit the board into view
        page.wait_for_timeout(300)
        assert no_overlaps(page) == [], name
        shot(page, f"revealed-{name}")


def test_votes_never_change_a_notes_height(workshop, open_page, live_server):
    fac = workshop.facilitator.token
    made = send_ops(live_server.ws, fac, [
        ("note.add", {"text": "Short", "x": 100, "y": 100}),
        ("note.add", {"text": "A longer idea that runs over several lines of the note and "
                              "then some more, so that the text alone would fill it", "x": 100,
                      "y": 270}),
        ("voting.start", {"budget": 5, "hidden": False})])
    ana = workshop.join("Ana", "City")
    send_ops(live_server.ws, ana.token, [("vote.add", {"note": made[0]["id"]})] * 3)
    page = open_page(f"/board.html?w={workshop.id}", ana)
    wait_online(page)
    expect(note(page, "Short").get_by_test_id("note-votes")).to_be_visible(timeout=TIMEOUT)
    heights = page.evaluate("""() => [...document.querySelectorAll('[data-testid=note]')]
        .map(el => el.offsetHeight)""")
    assert heights == [150, 150]
    assert no_overlaps(page) == []
    shot(page, "votes-1366x768")


def test_the_console_tidies_the_board_in_one_op(workshop, open_page, live_server):
    fac = workshop.facilitator.token
    made = send_ops(live_server.ws, fac, [("note.add", {"text": f"Idea {i}", "x": 0, "y": 0})
                                          for i in range(8)])
    # Piled up by hand, the way a busy board gets.
    send_ops(live_server.ws, fac, [("note.move", {"id": d["id"], "x": 10 * i, "y": 10 * i})
                                   for i, d in enumerate(made)])
    for size_name, size in SIZES.items():
        console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator, size=size)
        wait_online(console)
        tidy = console.get_by_test_id("console-tidy")
        expect(tidy).to_be_enabled(timeout=TIMEOUT)
        shot(console, f"console-{size_name}")
    tidy.focus()
    console.keyboard.press("Enter")
    expect(console.locator("#live")).to_contain_text("Board laid out", timeout=TIMEOUT)
    board = open_page(f"/board.html?w={workshop.id}", workshop.join("Ana", "City"))
    wait_online(board)
    expect(board.get_by_test_id("note")).to_have_count(8, timeout=TIMEOUT)
    assert no_overlaps(board) == []


def test_the_drop_target_speaks_estonian_and_german(workshop, open_page, live_server):
    send_ops(live_server.ws, workshop.facilitator.token,
             [("note.add", {"text": "Tasuta bussid", "x": 100, "y": 100}),
              ("note.add", {"text": "Kostenlose Busse", "x": 600, "y": 100})])
    ana = workshop.join("Ana", "City")
    for locale, label in (("et-EE", "Lase lahti, et rühmitada"),
                          ("de-DE", "Loslassen zum Gruppieren")):
        page = open_page(f"/board.html?w={workshop.id}", ana, locale=locale)
        wait_online(page)
        expect(page.get_by_test_id("note")).to_have_count(2, timeout=TIMEOUT)
        source = note(page, "Kostenlose Busse").bounding_box()
        target = note(page, "Tasuta bussid").bounding_box()
        assert source is not None and target is not None
        page.mouse.move(source["x"] + 20, source["y"] + 20)
        page.mouse.down()
        page.mouse.move(target["x"] + 40, target["y"] + 40, steps=8)
        expect(note(page, "Tasuta bussid")).to_have_class(re.compile(r"\bdrop-target\b"))
        assert note(page, "Tasuta bussid").evaluate(
            "el => getComputedStyle(el, '::after').content") == f'"{label}"'
        shot(page, f"drop-target-{locale}-1366x768")
        page.mouse.move(source["x"] + 20, source["y"] + 20, steps=4)
        page.mouse.up()
        settled(page)
