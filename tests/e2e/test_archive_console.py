"""The console's Export card downloads the whole workshop's archive; while a
hidden vote is not revealed it says why there is none instead."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect
from test_pages import axe_problems

from e2e_steps import TIMEOUT, send_ops, wait_online

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-archive")
SIZES = {"1366x768": (1366, 768), "390x844": (390, 844), "1920x1080": (1920, 1080)}


@pytest.mark.parametrize("size", SIZES)
def test_the_console_downloads_the_workshops_archive(workshop, open_page, live_server,
                                                     size: str) -> None:
    ana = workshop.join("Ana", "City")
    send_ops(live_server.ws, ana.token, [("note.add", {"text": "Shared e-scooters"})])
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator,
                        size=SIZES[size])
    wait_online(console)
    button = console.get_by_test_id("export-archive")
    button.scroll_into_view_if_needed()
    SHOTS.mkdir(exist_ok=True)
    console.get_by_test_id("export-archive").screenshot(path=str(SHOTS / f"button-{size}.png"))
    console.screenshot(path=str(SHOTS / f"console-{size}.png"))
    assert axe_problems(console) == []
    button.focus()
    with console.expect_download() as info:
        console.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == "Mobility-in-the-city-archive.json"
    archive = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert (archive["format"], archive["version"]) == ("cocreate-archive", 1)
    assert [n["text"] for n in archive["notes"]] == ["Shared e-scooters"]
    assert workshop.join_code not in json.dumps(archive)


def test_while_a_hidden_vote_is_unrevealed_the_console_says_why_there_is_no_archive(
        workshop, open_page, live_server) -> None:
    ana = workshop.join("Ana", "City")
    (note,) = send_ops(live_server.ws, ana.token, [("note.add", {"text": "Idea"})])
    send_ops(live_server.ws, workshop.facilitator.token,
             [("voting.start", {"budget": 2, "max_per_note": 2, "hidden": True})])
    send_ops(live_server.ws, ana.token, [("vote.add", {"note": note["id"]})])
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    console.get_by_test_id("export-archive").click()
    expect(console.get_by_test_id("toast")).to_contain_text("hidden vote", timeout=TIMEOUT)


def test_the_start_page_imports_an_archive_as_a_new_workshop(
        workshop, open_page, live_server, tmp_path: Path) -> None:
    ana = workshop.join("Ana", "City")
    send_ops(live_server.ws, ana.token, [("note.add", {"text": "Carried over"})])
    r = httpx.get(f"{workshop.base}/api/workshops/{workshop.id}/export",
                  params={"format": "archive"}, timeout=30, trust_env=False,
                  headers={"Authorization": f"Bearer {workshop.facilitator.token}"})
    assert r.status_code == 200, r.text
    good, bad = tmp_path / "workshop.json", tmp_path / "notes.json"
    good.write_bytes(r.content)
    bad.write_text(json.dumps({**r.json(), "version": 9}))
    for size, viewport in SIZES.items():
        page = open_page("/", size=viewport)
        page.get_by_test_id("import-file").scroll_into_view_if_needed()
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"landing-{size}.png"))
        assert axe_problems(page) == []
    page.get_by_test_id("import-file").set_input_files(str(bad))
    expect(page.get_by_test_id("import-error")).to_contain_text("version", timeout=TIMEOUT)
    page.get_by_test_id("import-file").set_input_files(str(good))
    page.wait_for_url(re.compile(r"/console\.html\?w="), timeout=TIMEOUT)
    new_id = page.url.split("w=", 1)[1].split("&", 1)[0]
    assert new_id != workshop.id
    wait_online(page)
    board = page.context.new_page()
    board.goto(f"/board.html?w={new_id}")
    expect(board.get_by_test_id("note-text")).to_have_text(["Carried over"], timeout=TIMEOUT)
