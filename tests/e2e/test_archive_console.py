"""The console's Export card downloads the whole workshop's archive; while a
hidden vote is not revealed it says why there is none instead."""

from __future__ import annotations

import json
from pathlib import Path

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
