"""An organiser in the browser: sign in, "My workshops", back into a console by a new
link, a co-facilitator's link that works until it is revoked; axe, three languages,
phone and projector."""

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


@pytest.fixture(scope="module")
def live_server() -> Iterator[ServerProcess]:
    """This module's own server, with an organiser: creating is for organisers only."""
    url = fresh_sqlite_url()
    add_organiser(url, EMAIL)
    server = ServerProcess(database_url=url)
    server.start(timeout=60)
    yield server
    server.stop()
    if server.log_path is not None:
        server.log_path.unlink(missing_ok=True)
    shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)


def _sign_in(page: Page, password: str = PASSWORD) -> None:
    expect(page.get_by_test_id("language")).to_be_visible(timeout=TIMEOUT)  # the script ran
    page.get_by_test_id("login-email").fill(EMAIL)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-password").press("Enter")


def test_sign_in_my_workshops_and_back_into_the_console(open_page) -> None:
    page = open_page("/")
    # Anonymous: the server refuses, and the page says why and where to sign in.
    page.get_by_test_id("create-title").fill("Parks for everyone")
    page.get_by_test_id("create-submit").click()
    expect(page.get_by_test_id("create-error")).to_contain_text("Only organisers")
    page.get_by_test_id("create-sign-in").click()
    expect(page).to_have_url(re.compile(r"/login\.html$"))
    _sign_in(page, "not the password")
    expect(page.get_by_test_id("login-error")).to_have_text("Wrong email or password.")
    expect(page.get_by_test_id("login-password")).to_be_focused()
    _sign_in(page)
    expect(page.get_by_role("heading", name="My workshops")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("organiser-email")).to_have_text(EMAIL)
    expect(page.get_by_test_id("organiser-empty")).to_be_visible()
    # Signed in, the landing page creates the workshop and opens its console.
    page.get_by_test_id("new-workshop").click()
    page.get_by_test_id("create-title").fill("Parks for everyone")
    page.get_by_test_id("create-submit").click()
    expect(page.get_by_test_id("workshop-title")).to_have_text("Parks for everyone",
                                                               timeout=TIMEOUT)
    wait_online(page)
    # On another device (a fresh browser, signed in): my workshops, then its console.
    other = open_page("/login.html", size=SIZES["1920x1080"])
    _sign_in(other)
    item = other.get_by_test_id("organiser-workshop")
    expect(item).to_have_count(1, timeout=TIMEOUT)
    expect(item).to_contain_text("Parks for everyone")
    other.wait_for_timeout(300)
    screenshot(other, "organiser-workshops-1920x1080")
    assert axe_problems(other) == []
    item.get_by_test_id("open-console").focus()
    other.keyboard.press("Enter")
    expect(other.get_by_test_id("workshop-title")).to_have_text("Parks for everyone",
                                                                timeout=TIMEOUT)
    wait_online(other)
    # The first browser's link was the old one: reloaded, its console is refused.
    page.reload()
    expect(page.get_by_test_id("no-access")).to_be_visible(timeout=TIMEOUT)


def test_a_co_facilitator_link_and_its_revocation(open_page) -> None:
    page = open_page("/login.html", size=SIZES["390x844"])
    _sign_in(page)
    expect(page.get_by_role("heading", name="My workshops")).to_be_visible(timeout=TIMEOUT)
    page.goto("/")
    page.get_by_test_id("create-title").fill("Two hands")
    page.get_by_test_id("create-submit").click()
    expect(page.get_by_test_id("workshop-title")).to_have_text("Two hands", timeout=TIMEOUT)
    page.goto("/organiser.html")
    item = page.get_by_test_id("organiser-workshop").filter(has_text="Two hands")
    item.get_by_label("Colleague's name").fill("Cem Colleague")
    item.get_by_label("Colleague's name").press("Enter")
    link = item.get_by_test_id("co-url")
    expect(link).to_be_focused(timeout=TIMEOUT)
    url = link.input_value()
    assert "/console.html?w=" in url and "#t=" in url
    expect(item.get_by_test_id("co-list")).to_contain_text("Cem Colleague")
    page.wait_for_timeout(300)
    screenshot(page, "organiser-co-facilitator-390x844")
    assert axe_problems(page) == []
    colleague = open_page(url)
    expect(colleague.get_by_test_id("workshop-title")).to_have_text("Two hands",
                                                                    timeout=TIMEOUT)
    wait_online(colleague)
    item.get_by_role("button", name="Revoke the link of Cem Colleague").click()
    page.get_by_test_id("confirm-yes").click()
    expect(page.get_by_test_id("toast")).to_contain_text("no longer works")
    expect(item.get_by_test_id("co-list")).to_have_count(0)
    # The colleague's open console is closed at once.
    expect(colleague.get_by_test_id("no-access")).to_be_visible(timeout=TIMEOUT)


@pytest.mark.parametrize(("locale", "heading", "button"), [
    ("en-GB", "Organiser sign-in", "Sign in"),
    ("et-EE", "Korraldaja sisselogimine", "Logi sisse"),
    ("de-DE", "Anmeldung für Organisierende", "Anmelden"),
])
def test_the_sign_in_page_in_three_languages_on_phone_and_projector(
        open_page, locale: str, heading: str, button: str) -> None:
    for size_name in ("390x844", "1920x1080", "1366x768"):
        page = open_page("/login.html", size=SIZES[size_name], locale=locale)
        expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_test_id("login-submit")).to_have_text(button)
        expect(page.get_by_test_id("login-email")).to_be_focused()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= SIZES[size_name][0], (size_name, width)
        page.wait_for_timeout(200)
        screenshot(page, f"login-{locale[:2]}-{size_name}")
        assert axe_problems(page) == []
