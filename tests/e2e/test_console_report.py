"""The console's "Workshop report": chosen by keyboard, downloaded as a real file (the PDF
in German, the CSV of notes), checked with axe, photographed at three sizes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_pages import axe_problems

from e2e_steps import SCREENSHOTS, TIMEOUT, screenshot, send_ops, wait_online

pytestmark = pytest.mark.e2e

SIZES = {"1366x768": (1366, 768), "390x844": (390, 844), "1920x1080": (1920, 1080)}


def _photograph(page: Page, name: str) -> None:
    for size_name, size in SIZES.items():
        page.set_viewport_size({"width": size[0], "height": size[1]})
        card = page.get_by_test_id("workshop-report")
        card.scroll_into_view_if_needed()
        screenshot(page, f"{name}-{size_name}")
        card.screenshot(path=str(SCREENSHOTS / f"{name}-card-{size_name}.png"))
    page.set_viewport_size({"width": 1366, "height": 768})


def test_the_console_downloads_the_workshop_report(workshop, open_page, live_server, tmp_path):
    ana = workshop.join("Ana", "City")
    send_ops(live_server.ws, ana.token, [("note.add", {"text": "Straßenbahn für alle"})])
    send_ops(live_server.ws, workshop.facilitator.token, [
        ("action.add", {"title": "Größere Haltestellen", "owner_group": "City",
                        "due": "2027-05-04"})])
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    card = console.get_by_test_id("workshop-report")
    expect(card.get_by_role("heading", name="Workshop report")).to_be_visible()
    assert axe_problems(console) == []
    _photograph(console, "console-workshop-report")

    # By keyboard: the format, then the language, then the button.
    fmt = console.get_by_test_id("report-format")
    fmt.focus()
    fmt.select_option("pdf")
    console.keyboard.press("Tab")
    lang = console.get_by_test_id("report-lang")
    expect(lang).to_be_focused()
    lang.select_option("de")
    console.keyboard.press("Tab")
    expect(console.get_by_test_id("report-download")).to_be_focused()
    with console.expect_download(timeout=60_000) as info:
        console.keyboard.press("Enter")
    pdf = info.value
    assert pdf.suggested_filename == "Mobility in the city-report.pdf", pdf.suggested_filename
    data = Path(pdf.path()).read_bytes()
    assert data.startswith(b"%PDF-"), data[:20]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf.path(), "-"], capture_output=True,
                          text=True, timeout=60, check=True).stdout
    for expected in ("Herausforderung", "Straßenbahn für alle", "Größere Haltestellen",
                     "fällig am 2027-05-04", "No new taxes"):
        assert expected in " ".join(text.split()), (expected, text)
    expect(console.get_by_test_id("report-status")).to_have_text("The report is downloaded.",
                                                                 timeout=TIMEOUT)

    fmt.select_option("csv")
    with console.expect_download() as info:
        console.get_by_test_id("report-download").click()
    csv_file = info.value
    assert csv_file.suggested_filename.endswith("-report.csv"), csv_file.suggested_filename
    raw = Path(csv_file.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "Straßenbahn für alle" in raw.decode("utf-8-sig")
