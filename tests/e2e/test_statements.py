"""The statements in the browser: every page links /accessibility and /privacy, by
keyboard; both pages pass axe at laptop, phone and projector size; the join page shows
the workshop's privacy notice in English, Estonian and German, with the note the
facilitator wrote in the console."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_pages import SIZES, axe_problems

from e2e_steps import TIMEOUT, screenshot, wait_online
from support.organisers import PASSWORD, add_organiser
from support.server import ServerProcess, fresh_sqlite_url

pytestmark = pytest.mark.e2e

EMAIL = "olga@example.org"
CONTROLLER = "Tartu City Government"
OPERATOR = {
    "COCREATE_CONTROLLER_NAME": CONTROLLER,
    "COCREATE_CONTROLLER_CONTACT": "privacy@tartu.example",
    "COCREATE_RETENTION_DAYS": "90",
    "COCREATE_A11Y_CONTACT": "a11y@tartu.example",
    # An organiser exists for the organiser page; anyone may still create (the fixtures do).
    "COCREATE_CREATE_POLICY": "open",
    "COCREATE_CREATES_PER_MINUTE": "10000",
}
HEADINGS = {"en": ("Accessibility statement", "Privacy statement"),
            "et": ("Ligipääsetavuse teatis", "Privaatsusteave"),
            "de": ("Erklärung zur Barrierefreiheit", "Datenschutzerklärung")}


@pytest.fixture(scope="module")
def live_server() -> Iterator[ServerProcess]:
    """This module's own server, with the operator's settings and an organiser."""
    url = fresh_sqlite_url()
    add_organiser(url, EMAIL)
    server = ServerProcess(database_url=url, extra_env=OPERATOR)
    server.start(timeout=60)
    yield server
    server.stop()
    if server.log_path is not None:
        server.log_path.unlink(missing_ok=True)
    shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)


def _follow_by_keyboard(page: Page, test_id: str, heading: str) -> None:
    """Focus the page's link, press Enter, and land on the statement."""
    link = page.get_by_test_id(test_id)
    # The page's script ran: the link asks for the page's language.
    expect(link).to_have_attribute("href", re.compile(r"\?lang=en$"), timeout=TIMEOUT)
    expect(link).to_be_visible()
    link.focus()
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading, timeout=TIMEOUT)


def test_every_page_links_both_statements_by_keyboard(workshop, open_page) -> None:
    wall = workshop.join("Wall", role="wall")
    ana = workshop.join("Ana Tamm", "City")
    room = workshop.plenary_room_id
    pages = {
        "landing": (f"/?join={workshop.join_code}", None),
        "board": (f"/board.html?w={workshop.id}", ana),
        "console": (f"/console.html?w={workshop.id}", workshop.facilitator),
        "wall": (f"/wall.html?w={workshop.id}&room={room}#t={wall.token}", None),
        "report": (f"/report.html?w={workshop.id}&room={room}", workshop.facilitator),
        "login": ("/login.html", None),
    }
    for name, (path, member) in pages.items():
        for test_id, heading in (("link-accessibility", "Accessibility statement"),
                                 ("link-privacy", "Privacy statement")):
            page = open_page(path, member, size=SIZES["1920x1080"] if name == "wall" else
                             SIZES["1366x768"])
            _follow_by_keyboard(page, test_id, heading)
            assert re.search(r"/(accessibility|privacy)\?lang=en$", page.url), (name, page.url)
    # On a phone the board's side panel, where the language is too, holds the links.
    page = open_page(pages["board"][0], ana, size=SIZES["390x844"])
    expect(page.get_by_test_id("link-privacy")).to_be_hidden(timeout=TIMEOUT)
    page.get_by_test_id("people-toggle").click()
    _follow_by_keyboard(page, "link-accessibility", "Accessibility statement")
    # The organiser's page, signed in.
    page = open_page("/login.html")
    expect(page.get_by_test_id("language")).to_be_visible(timeout=TIMEOUT)
    page.get_by_test_id("login-email").fill(EMAIL)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-password").press("Enter")
    expect(page.get_by_role("heading", name="My workshops")).to_be_visible(timeout=TIMEOUT)
    _follow_by_keyboard(page, "link-privacy", "Privacy statement")


def test_the_statements_pass_axe_in_three_languages_and_sizes(open_page) -> None:
    problems: dict[str, list[str]] = {}
    for path in ("/accessibility", "/privacy"):
        for size_name, size in SIZES.items():
            page = open_page(path, size=size)
            expect(page.get_by_role("heading", level=1)).to_have_text(
                HEADINGS["en"][path == "/privacy"])
            screenshot(page, f"statement{path.replace('/', '-')}-{size_name}")
            found = axe_problems(page)
            if found:
                problems[f"{path} {size_name}"] = found
            # Nothing wider than the screen: the statement reflows on a phone.
            assert page.evaluate("document.documentElement.scrollWidth") <= size[0], path
    # The language links switch it; the other statement's link keeps the language.
    page = open_page("/accessibility", size=SIZES["390x844"])
    page.get_by_role("link", name="Eesti").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS["et"][0])
    expect(page.locator("html")).to_have_attribute("lang", "et")
    expect(page.get_by_text("a11y@tartu.example")).to_be_visible()
    page.get_by_role("link", name=HEADINGS["et"][1]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS["et"][1])
    expect(page.get_by_text("90 päeva pärast selle sulgemist")).to_be_visible()
    screenshot(page, "statement-privacy-et-390x844")
    assert not problems, problems


NOTICE = {
    # locale: (heading, who runs it, retention, the note's heading, the full statement)
    "en-GB": ("Privacy notice", f"This service is run by {CONTROLLER}.",
              "deleted 90 days after the workshop closes", "From the organisers:",
              "Full privacy statement"),
    "et-EE": ("Privaatsusteave", f"Teenust pakub {CONTROLLER}.",
              "kustutatakse 90 päeva pärast töötoa sulgemist", "Korraldajatelt:",
              "Täielik privaatsusteave"),
    "de-DE": ("Datenschutzhinweis", f"Verantwortlich für diesen Dienst ist {CONTROLLER}.",
              "90 Tage nach dem Schließen des Workshops gelöscht", "Von den Veranstaltenden:",
              "Vollständige Datenschutzerklärung"),
}


def test_the_join_page_shows_the_privacy_notice_in_three_languages(workshop, open_page) -> None:
    # The facilitator writes the workshop's own privacy note in the console's settings.
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    console.get_by_test_id("set-privacy-note").fill("Photos are taken during the plenary.")
    console.get_by_test_id("set-privacy-note").press("Tab")
    console.get_by_test_id("settings-save").click()
    expect(console.get_by_test_id("toast")).to_have_text("Saved.", timeout=TIMEOUT)
    problems: dict[str, list[str]] = {}
    for locale, (heading, who, kept, note_heading, full) in NOTICE.items():
        page = open_page(f"/?join={workshop.join_code}", locale=locale)
        notice = page.get_by_test_id("privacy-notice")
        expect(notice.get_by_role("heading")).to_have_text(heading, timeout=TIMEOUT)
        expect(notice).to_contain_text(who)
        expect(notice).to_contain_text("privacy@tartu.example")
        expect(notice).to_contain_text(kept)
        expect(notice).to_contain_text(note_heading)
        expect(page.get_by_test_id("privacy-note")).to_have_text(
            "Photos are taken during the plenary.")
        # Before the join button, where a participant reads it before joining.
        assert page.evaluate("""() => {
            const n = document.querySelector('[data-testid=privacy-notice]');
            const b = document.querySelector('[data-testid=join-submit]');
            return !!(n.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
        if locale == "et-EE":
            for size_name, size in SIZES.items():
                page.set_viewport_size({"width": size[0], "height": size[1]})
                screenshot(page, f"join-privacy-et-{size_name}")
                found = axe_problems(page)
                if found:
                    problems[f"join {size_name}"] = found
        found = axe_problems(page)
        if found:
            problems[f"join {locale}"] = found
        expect(page.get_by_test_id("privacy-full")).to_have_text(full)
        page.get_by_test_id("privacy-full").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            HEADINGS[locale[:2]][1], timeout=TIMEOUT)
        expect(page.locator("main")).to_contain_text(CONTROLLER)
    # Switching the language on the join page re-reads the notice in that language.
    page = open_page(f"/?join={workshop.join_code}")
    expect(page.get_by_test_id("privacy-notice")).to_contain_text(NOTICE["en-GB"][1],
                                                                   timeout=TIMEOUT)
    page.get_by_test_id("language").select_option("de")
    expect(page.get_by_test_id("privacy-notice")).to_contain_text(NOTICE["de-DE"][2])
    screenshot(page, "join-privacy-de-1366x768")
    assert not problems, problems
