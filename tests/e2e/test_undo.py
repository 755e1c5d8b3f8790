"""Undo and redo on the board: by keyboard and button, seen by everyone in the
room, refused when someone else changed the thing since."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from e2e_steps import (
    TIMEOUT,
    Member,
    Workshop,
    note,
    note_position,
    send_ops,
    settled,
    wait_online,
    wait_position,
)

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-undo")
SIZES = {"1366x768": (1366, 768), "390x844": (390, 844), "1920x1080": (1920, 1080)}


def axe_problems(page: Page) -> list[str]:
    result = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']}" for v in result.response["violations"]
            if v["impact"] in ("serious", "critical")]


def board_of(workshop) -> str:
    return f"/board.html?w={workshop.id}"


def exported(workshop: Workshop, member: Member) -> dict[str, dict[str, Any]]:
    """Note text -> the note as the server's export has it, plus "in": its cluster's title."""
    r = httpx.get(f"{workshop.base}/api/rooms/{workshop.plenary_room_id}/export",
                  params={"format": "json"}, headers={"Authorization": f"Bearer {member.token}"},
                  timeout=30, trust_env=False)
    assert r.status_code == 200, r.text
    doc = r.json()
    out = {n["text"]: {**n, "in": None} for n in doc["ungrouped"]}
    for c in doc["clusters"]:
        out.update({n["text"]: {**n, "in": c["title"]} for n in c["notes"]})
    return out


def inside(page: Page, text: str) -> bool:
    """Does the note lie within the (one) cluster frame on this page's canvas?"""
    box, frame = note(page, text).bounding_box(), page.get_by_test_id("cluster").bounding_box()
    assert box is not None and frame is not None
    return (frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
            and frame["y"] <= box["y"]
            and box["y"] + box["height"] <= frame["y"] + frame["height"])


def live_says(page: Page, text: str) -> None:
    expect(page.locator("#live")).to_have_text(text, timeout=TIMEOUT)


def write_note(page: Page, text: str) -> None:
    """N, type, Enter: a new note, focused once the server has it."""
    page.keyboard.press("n")
    expect(page.get_by_test_id("note-editor")).to_be_focused()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    settled(page)
    expect(note(page, text)).to_be_focused(timeout=TIMEOUT)


def test_undo_of_a_delete_brings_the_note_back_for_another_participant(workshop, open_page,
                                                                        live_server):
    ana, ben = workshop.join("Ana Tamm", "City"), workshop.join("Ben Weber", "NGO")
    cluster = send_ops(live_server.ws, ana.token, [
        ("cluster.add", {"title": "Night transport", "x": 20, "y": 40, "notes": []})])[0]
    send_ops(live_server.ws, ana.token, [
        ("note.add", {"text": "Night buses on weekends", "color": "pink", "x": 300, "y": 260,
                      "cluster": cluster["id"]}),
        ("note.add", {"text": "Safe taxi ranks", "color": "blue", "x": 520, "y": 260,
                      "cluster": cluster["id"]})])
    page = open_page(board_of(workshop), ana)
    other = open_page(board_of(workshop), ben)
    wait_online(page)
    wait_online(other)
    expect(note(other, "Night buses on weekends")).to_have_count(1, timeout=TIMEOUT)

    note(page, "Night buses on weekends").focus()
    page.keyboard.press("Delete")
    page.get_by_test_id("confirm-yes").press("Enter")
    expect(note(other, "Night buses on weekends")).to_have_count(0, timeout=TIMEOUT)
    settled(page)

    page.keyboard.press("Control+z")
    live_says(page, "Undone: deleting a note.")
    expect(note(page, "Night buses on weekends")).to_be_focused(timeout=TIMEOUT)
    back = note(other, "Night buses on weekends")
    expect(back).to_have_count(1, timeout=TIMEOUT)
    expect(back).to_have_attribute("data-color", "pink")
    expect(back).to_have_attribute("aria-label", "Pink note. Night buses on weekends."
                                   " Ana Tamm · City. in cluster Night transport", timeout=TIMEOUT)
    frame = other.get_by_test_id("cluster")
    expect(frame).to_have_attribute("aria-label", "Cluster Night transport, 2 notes")
    # The server's layout puts it in a slot of its frame (the text asked for x, y only
    # before the layout); the other participant sees it where the server has it.
    settled(page)
    restored = exported(workshop, ana)["Night buses on weekends"]
    assert (restored["in"], restored["color"]) == ("Night transport", "pink")
    wait_position(other, "Night buses on weekends", restored["x"], restored["y"])
    assert inside(other, "Night buses on weekends")

    # Redo deletes it again; undo brings it back again (the note now has a new id).
    settled(page)
    page.keyboard.press("Control+Shift+z")
    live_says(page, "Redone: deleting a note.")
    expect(note(other, "Night buses on weekends")).to_have_count(0, timeout=TIMEOUT)
    settled(page)
    page.keyboard.press("Meta+z")
    expect(note(other, "Night buses on weekends")).to_have_count(1, timeout=TIMEOUT)
    expect(frame).to_have_attribute("aria-label", "Cluster Night transport, 2 notes",
                                    timeout=TIMEOUT)


def test_undo_and_redo_an_edit_and_a_move_by_keyboard(workshop, open_page):
    page = open_page(board_of(workshop), workshop.join("Kai Keyboard", "City"))
    wait_online(page)
    write_note(page, "Car-free school streets")
    x0, y0 = note_position(page, "Car-free school streets")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_position(page, "Car-free school streets", x0 + 60, y0)
    settled(page)

    page.keyboard.press("Enter")
    page.keyboard.press("Control+a")
    page.keyboard.type("Car-free streets")
    page.keyboard.press("Enter")
    expect(note(page, "Car-free streets")).to_be_focused(timeout=TIMEOUT)
    settled(page)

    # In the text field Ctrl+Z is the browser's own text undo, not the board's.
    page.keyboard.press("Enter")
    page.keyboard.type(" now")
    page.keyboard.press("Control+z")
    page.keyboard.press("Escape")
    expect(note(page, "Car-free streets")).to_be_focused()
    wait_position(page, "Car-free streets", x0 + 60, y0)

    page.keyboard.press("Control+z")
    live_says(page, "Undone: editing a note.")
    expect(note(page, "Car-free school streets")).to_have_count(1, timeout=TIMEOUT)
    settled(page)
    page.keyboard.press("Control+z")
    live_says(page, "Undone: moving a note.")
    wait_position(page, "Car-free school streets", x0, y0)
    settled(page)
    page.keyboard.press("Control+Shift+z")
    live_says(page, "Redone: moving a note.")
    wait_position(page, "Car-free school streets", x0 + 60, y0)
    settled(page)
    page.keyboard.press("Control+y")
    live_says(page, "Redone: editing a note.")
    expect(note(page, "Car-free streets")).to_have_count(1, timeout=TIMEOUT)
    settled(page)

    # It was the server's board that changed, not just this page.
    page.reload()
    wait_online(page)
    wait_position(page, "Car-free streets", x0 + 60, y0)
    page.get_by_test_id("canvas").focus()
    page.keyboard.press("Control+z")
    live_says(page, "Nothing to undo.")


def test_an_undo_someone_else_overtook_says_so_and_changes_nothing(workshop, open_page,
                                                                   live_server):
    page = open_page(board_of(workshop), workshop.join("Ana Tamm", "City"))
    wait_online(page)
    write_note(page, "Bike lanes")
    x0, y0 = note_position(page, "Bike lanes")
    page.keyboard.press("ArrowDown")
    wait_position(page, "Bike lanes", x0, y0 + 20)
    settled(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Control+a")
    page.keyboard.type("Protected bike lanes")
    page.keyboard.press("Enter")
    settled(page)

    # The facilitator rewrites the note meanwhile.
    note_id = note(page, "Protected bike lanes").get_attribute("data-id")
    send_ops(live_server.ws, workshop.facilitator.token,
             [("note.edit", {"id": note_id, "text": "Protected bike lanes on the ring"})])
    expect(note(page, "Protected bike lanes on the ring")).to_have_count(1, timeout=TIMEOUT)

    page.keyboard.press("Control+z")
    said = ("Can no longer undo editing a note: someone else has changed it since."
            " Nothing was changed.")
    expect(page.get_by_test_id("toast")).to_have_text(said)
    live_says(page, said)
    expect(note(page, "Protected bike lanes on the ring")).to_have_count(1)
    settled(page)
    # The move before it is still the person's own to undo.
    page.keyboard.press("Control+z")
    wait_position(page, "Protected bike lanes on the ring", x0, y0)


def test_a_drop_that_makes_a_cluster_is_one_undo_step_and_rename_keeps_focus(workshop, open_page):
    kai = workshop.join("Kai Keyboard", "City")
    page = open_page(board_of(workshop), kai)
    wait_online(page)
    write_note(page, "Walking buses")
    write_note(page, "School streets")
    fx, fy = note_position(page, "Walking buses")
    sx, sy = note_position(page, "School streets")
    page.keyboard.press("Space")
    steps_x, steps_y = round((fx - sx) / 20), round((fy - sy) / 20)
    for _ in range(abs(steps_x)):
        page.keyboard.press("ArrowRight" if steps_x > 0 else "ArrowLeft")
    for _ in range(abs(steps_y)):
        page.keyboard.press("ArrowDown" if steps_y > 0 else "ArrowUp")
    page.keyboard.press("Space")
    cluster = page.get_by_test_id("cluster")
    expect(cluster).to_have_attribute("aria-label", "Cluster Cluster 1, 2 notes", timeout=TIMEOUT)
    settled(page)

    expect(cluster).to_have_count(1)
    assert inside(page, "Walking buses") and inside(page, "School streets")

    # The drop was one cluster.add (the layout put both notes in its frame); its undo is
    # one cluster.delete: both notes are loose again, where the frame had them.
    page.keyboard.press("Control+z")
    live_says(page, "Undone: making a cluster.")
    expect(cluster).to_have_count(0, timeout=TIMEOUT)
    settled(page)
    board = exported(workshop, kai)
    assert [board[t]["in"] for t in ("Walking buses", "School streets")] == [None, None]
    for text in ("Walking buses", "School streets"):
        wait_position(page, text, board[text]["x"], board[text]["y"])
        expect(note(page, text)).not_to_have_attribute("aria-label", re.compile("in cluster"))
    page.keyboard.press("Control+Shift+z")
    expect(cluster).to_have_attribute("aria-label", "Cluster Cluster 1, 2 notes", timeout=TIMEOUT)
    settled(page)

    # Renamed with the keyboard, focus comes back to the cluster's Rename button.
    rename = cluster.get_by_test_id("cluster-rename")
    rename.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("prompt-input")).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("Safe ways to school")
    page.keyboard.press("Enter")
    expect(cluster.get_by_test_id("cluster-title")).to_have_text("Safe ways to school",
                                                                 timeout=TIMEOUT)
    settled(page)
    expect(rename).to_be_focused()
    expect(rename).to_have_attribute("aria-label", "Rename cluster Safe ways to school")
    page.keyboard.press("Control+z")
    expect(cluster.get_by_test_id("cluster-title")).to_have_text("Cluster 1", timeout=TIMEOUT)


def test_the_undo_buttons_at_three_sizes_and_in_three_languages(workshop, open_page, live_server):
    ana = workshop.join("Ana Tamm", "City")
    send_ops(live_server.ws, ana.token, [
        ("note.add", {"text": f"Idea {i}", "color": "yellow", "x": 40 + 230 * i, "y": 90})
        for i in range(3)])
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size_name, size in SIZES.items():
        page = open_page(board_of(workshop), ana, size=size)
        wait_online(page)
        phone = size_name == "390x844"
        place = "-list" if phone else ""
        undo, redo = page.get_by_test_id(f"undo{place}"), page.get_by_test_id(f"redo{place}")
        expect(undo).to_be_visible()
        expect(undo).to_have_attribute("aria-disabled", "true")
        expect(undo).to_have_text("↶ Undo")
        if not phone:  # there is room for the names in English
            expect(page.locator(".toolbar")).not_to_have_class(re.compile("undo-compact"))
        if phone:
            page.get_by_test_id("quick-add-text").fill(f"From the {size_name} screen")
            page.get_by_test_id("quick-add-submit").click()
        else:
            page.get_by_test_id("add-note").click()
            page.get_by_test_id("note-editor").fill(f"From the {size_name} screen")
            page.get_by_test_id("note-editor").press("Enter")
        settled(page)
        expect(undo).to_have_attribute("aria-disabled", "false")
        page.screenshot(path=str(SHOTS / f"board-undo-{size_name}.png"))
        assert axe_problems(page) == []
        page.get_by_test_id("help").dispatch_event("click")
        expect(page.get_by_test_id("help-dialog")).to_contain_text("undo your last change")
        page.screenshot(path=str(SHOTS / f"board-keys-{size_name}.png"))
        page.keyboard.press("Escape")
        undo.click()
        expect(note(page, f"From the {size_name} screen")).to_have_count(0, timeout=TIMEOUT)
        expect(redo).to_have_attribute("aria-disabled", "false")
        redo.click()
        expect(note(page, f"From the {size_name} screen")).to_have_count(1, timeout=TIMEOUT)
    for locale, undo_label, redo_label in (("et-EE", "Võta tagasi", "Tee uuesti"),
                                           ("de-DE", "Rückgängig", "Wiederholen")):
        page = open_page(board_of(workshop), ana, locale=locale)
        wait_online(page)
        expect(page.get_by_test_id("undo")).to_have_text(f"↶ {undo_label}")
        # Never a toolbar on two lines: in German the buttons show only their arrows.
        tops = page.locator(".toolbar > :visible").evaluate_all("els => els.map(e => e.offsetTop)")
        assert max(tops) - min(tops) < 30, tops
        expect(page.get_by_test_id("redo")).to_have_text(f"↷ {redo_label}")
        page.screenshot(path=str(SHOTS / f"board-undo-1366x768-{locale[:2]}.png"))


def test_undo_of_a_cluster_delete_brings_it_back_with_its_notes(workshop, open_page, live_server):
    ana, ben = workshop.join("Ana Tamm", "City"), workshop.join("Ben Weber", "NGO")
    made = send_ops(live_server.ws, ana.token, [
        ("note.add", {"text": "Tram every 5 minutes", "x": 40, "y": 100}),
        ("note.add", {"text": "One ticket for all", "x": 260, "y": 100})])
    ids = [d["id"] for d in made]
    send_ops(live_server.ws, ana.token,
             [("cluster.add", {"title": "Transport", "x": 20, "y": 40, "notes": ids})])
    page = open_page(board_of(workshop), ana)
    other = open_page(board_of(workshop), ben)
    wait_online(page)
    wait_online(other)
    frame, seen = page.get_by_test_id("cluster"), other.get_by_test_id("cluster")
    expect(seen).to_have_attribute("aria-label", "Cluster Transport, 2 notes", timeout=TIMEOUT)

    frame.get_by_test_id("cluster-rename").click()
    page.get_by_test_id("prompt-input").fill("Getting around")
    page.get_by_test_id("prompt-input").press("Enter")
    expect(seen).to_have_attribute("aria-label", "Cluster Getting around, 2 notes",
                                   timeout=TIMEOUT)
    settled(page)
    frame.get_by_test_id("cluster-delete").click()
    page.get_by_test_id("confirm-yes").click()
    expect(seen).to_have_count(0, timeout=TIMEOUT)
    settled(page)

    page.get_by_test_id("undo").click()
    live_says(page, "Undone: deleting a cluster.")
    expect(seen).to_have_attribute("aria-label", "Cluster Getting around, 2 notes",
                                   timeout=TIMEOUT)
    settled(page)
    # The older step named the cluster before it came back with a new id: it still applies.
    page.get_by_test_id("undo").click()
    live_says(page, "Undone: renaming a cluster.")
    expect(seen).to_have_attribute("aria-label", "Cluster Transport, 2 notes", timeout=TIMEOUT)
    # A new change of one's own ends what could be redone.
    settled(page)
    note(page, "Tram every 5 minutes").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    settled(page)
    redo = page.get_by_test_id("redo")
    expect(redo).to_have_attribute("aria-disabled", "true")
    redo.focus()
    page.keyboard.press("Enter")
    live_says(page, "Nothing to redo.")


def test_on_a_phone_the_list_undoes_a_change_of_cluster_in_one_step(workshop, open_page,
                                                                    live_server):
    ana = workshop.join("Ana Tamm", "City")
    send_ops(live_server.ws, ana.token, [
        ("cluster.add", {"title": "Transport", "x": 400, "y": 40, "notes": []}),
        ("note.add", {"text": "Night buses on Fridays", "x": 40, "y": 300})])
    page = open_page(board_of(workshop), ana, size=(390, 844))
    wait_online(page)
    card = note(page, "Night buses on Fridays")
    transport = page.get_by_test_id("list-cluster").filter(has_text="Transport")
    expect(card).to_have_count(1, timeout=TIMEOUT)

    card.get_by_test_id("note-edit").click()
    page.get_by_test_id("editor").get_by_test_id("note-cluster").select_option(label="Transport")
    page.get_by_test_id("note-save").click()
    expect(transport).to_contain_text("Night buses on Fridays", timeout=TIMEOUT)
    settled(page)

    # Picking the cluster is one note.group (the layout gives the note its slot): one tap
    # undoes it, and the layout puts the note beside the frame, ungrouped.
    page.get_by_test_id("undo-list").click()
    live_says(page, "Undone: putting a note into a cluster or taking it out.")
    expect(transport).not_to_contain_text("Night buses on Fridays", timeout=TIMEOUT)
    expect(page.get_by_test_id("list-cluster").filter(has_text="Not grouped")).to_contain_text(
        "Night buses on Fridays")
    settled(page)
    server = exported(workshop, ana)["Night buses on Fridays"]
    assert server["in"] is None
    assert page.evaluate("""() => { const n = [...window.cocreate.board.notes.values()]
        .find(n => n.text === 'Night buses on Fridays'); return [n.x, n.y, n.cluster]; }""") == [
        server["x"], server["y"], None]

    # Renamed with the keyboard, focus comes back to the cluster's Rename button here too.
    rename = transport.get_by_test_id("cluster-rename")
    rename.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Control+a")
    page.keyboard.type("Getting around")
    page.keyboard.press("Enter")
    renamed = page.get_by_test_id("list-cluster").filter(has_text="Getting around")
    expect(renamed).to_have_count(1, timeout=TIMEOUT)
    expect(renamed.get_by_test_id("cluster-rename")).to_be_focused()


def test_two_quick_undos_bring_back_a_cluster_and_a_note_deleted_from_it(workshop, open_page,
                                                                         live_server):
    ana, ben = workshop.join("Ana Tamm", "City"), workshop.join("Ben Weber", "NGO")
    made = send_ops(live_server.ws, ana.token, [
        ("note.add", {"text": "Tram every 5 minutes", "x": 40, "y": 100}),
        ("note.add", {"text": "One ticket for all", "x": 260, "y": 100})])
    ids = [d["id"] for d in made]
    send_ops(live_server.ws, ana.token,
             [("cluster.add", {"title": "Transport", "x": 20, "y": 40, "notes": ids})])
    page = open_page(board_of(workshop), ana)
    other = open_page(board_of(workshop), ben)
    wait_online(page)
    wait_online(other)
    seen = other.get_by_test_id("cluster")
    expect(seen).to_have_attribute("aria-label", "Cluster Transport, 2 notes", timeout=TIMEOUT)

    note(page, "One ticket for all").focus()
    page.keyboard.press("Delete")
    page.get_by_test_id("confirm-yes").press("Enter")
    settled(page)
    page.get_by_test_id("cluster-delete").click()
    page.get_by_test_id("confirm-yes").click()
    expect(seen).to_have_count(0, timeout=TIMEOUT)
    settled(page)

    # The second undo waits for the cluster to be back, so the note goes into it.
    page.get_by_test_id("canvas").focus()
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+z")
    expect(seen).to_have_attribute("aria-label", "Cluster Transport, 2 notes", timeout=TIMEOUT)
    expect(note(other, "One ticket for all")).to_have_attribute(
        "aria-label", re.compile("in cluster Transport"))


def test_undo_of_carrying_a_note_out_of_its_cluster_puts_it_back(workshop, open_page,
                                                                   live_server):
    ana = workshop.join("Ana Tamm", "City")
    made = send_ops(live_server.ws, ana.token, [
        ("note.add", {"text": text, "x": 100, "y": 100})
        for text in ("Night buses", "Bike lanes", "Car-free Sundays")])
    send_ops(live_server.ws, ana.token, [("cluster.add", {"title": "Transport", "x": 80, "y": 40,
                                                          "notes": [d["id"] for d in made]})])
    page = open_page(board_of(workshop), ana)
    wait_online(page)
    frame = page.get_by_test_id("cluster")
    expect(frame).to_have_attribute("aria-label", "Cluster Transport, 3 notes", timeout=TIMEOUT)
    before = {t: (n["x"], n["y"], n["in"]) for t, n in exported(workshop, ana).items()}

    # Carried out of the frame with the keyboard: one note.move that ungroups it.
    note(page, "Night buses").focus()
    page.keyboard.press("Space")
    for _ in range(5):
        page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Space")
    expect(frame).to_have_attribute("aria-label", "Cluster Transport, 2 notes", timeout=TIMEOUT)
    settled(page)
    out = {t: (n["x"], n["y"], n["in"]) for t, n in exported(workshop, ana).items()}
    assert out["Night buses"][2] is None

    page.keyboard.press("Control+z")
    live_says(page, "Undone: moving a note.")
    expect(frame).to_have_attribute("aria-label", "Cluster Transport, 3 notes", timeout=TIMEOUT)
    settled(page)
    # Back in its frame, in one of its slots (the server's layout picks which), as the
    # server has it; nothing else left the cluster.
    back = exported(workshop, ana)
    assert {t: n["in"] for t, n in back.items()} == {t: c for t, (_, _, c) in before.items()}
    assert sorted((n["x"], n["y"]) for n in back.values()) == sorted(
        (x, y) for x, y, _ in before.values())
    for text, n in back.items():
        wait_position(page, text, n["x"], n["y"])
        assert inside(page, text)

    page.keyboard.press("Control+Shift+z")
    live_says(page, "Redone: moving a note.")
    expect(frame).to_have_attribute("aria-label", "Cluster Transport, 2 notes", timeout=TIMEOUT)
    settled(page)
    assert exported(workshop, ana)["Night buses"]["in"] is None
