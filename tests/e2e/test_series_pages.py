"""The series in the browser: from the console a facilitator creates the next event (by
keyboard), its console opens with the carried action, and the series page lists both
events; the follow-up link is created, renders read-only without names at a laptop, a
phone and a projector, and says it no longer works once revoked. axe-clean throughout."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from test_pages import axe_problems

from e2e_steps import TIMEOUT, screenshot, send_ops, wait_online

SIZES = {"1366x768": (1366, 768), "390x844": (390, 844), "1920x1080": (1920, 1080)}


def _actions(workshop) -> None:
    """Two actions of the first event: one open (with a party's commitment), one done."""
    ana = workshop.join("Ana Secretname", "NGO")
    ws = workshop.base.replace("http", "ws", 1) + "/ws"
    bikes, count = send_ops(ws, workshop.facilitator.token, [
        ("action.add", {"title": "Bike lanes on Main Street", "owner_group": "City",
                        "parties": ["NGO"], "due": "2027-03-01", "owner_person": "Olga Owner"}),
        ("action.add", {"title": "Count cyclists", "owner_group": "NGO"}),
    ])
    send_ops(ws, workshop.facilitator.token, [
        ("action.update", {"id": bikes["id"], "status": "in_progress"}),
        ("action.progress", {"id": bikes["id"], "text": "Design approved"}),
        ("action.update", {"id": count["id"], "status": "done"}),
    ])
    send_ops(ws, ana.token, [("action.commit", {"id": bikes["id"]})])


def _press(page: Page, testid: str) -> None:
    button = page.get_by_test_id(testid)
    button.focus()
    button.press("Enter")


def test_the_next_event_and_the_series_page(workshop, open_page) -> None:
    _actions(workshop)
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    card = console.get_by_test_id("series")
    expect(console.get_by_test_id("next-title")).to_have_value(
        "Mobility in the city (follow-up)", timeout=TIMEOUT)
    card.scroll_into_view_if_needed()
    assert axe_problems(console) == []
    console.get_by_test_id("next-title").fill("Mobility, second meeting")
    _press(console, "next-create")
    expect(console.get_by_test_id("next-made")).to_contain_text(
        "Next event created: Mobility, second meeting", timeout=TIMEOUT)
    screenshot(console, "console-series-laptop")

    console.get_by_test_id("next-series").click()
    expect(console.get_by_test_id("series-event")).to_have_count(2, timeout=TIMEOUT)
    expect(console.get_by_test_id("series-event").first).to_contain_text("Mobility in the city")
    expect(console.get_by_test_id("series-event").last).to_contain_text(
        "Mobility, second meeting")
    rows = console.get_by_test_id("series-action")
    expect(rows).to_have_count(2)
    bikes = rows.filter(has_text="Bike lanes on Main Street")
    expect(bikes.locator("td")).to_contain_text(["In progress · 50 % done"] * 2)
    expect(bikes.locator("td").last).to_contain_text("due 2027-03-01")
    expect(rows.filter(has_text="Count cyclists").locator("td")).to_have_text(
        ["Done · 100 % done", "—"])
    assert axe_problems(console) == []
    for size_name, size in SIZES.items():
        console.set_viewport_size({"width": size[0], "height": size[1]})
        screenshot(console, f"series-{size_name}")

    # The next event's console (linked from the series page): its agenda starts with the
    # review round, and the open action is there.
    console.get_by_test_id("series-event").last.get_by_role("link").click()
    wait_online(console)
    expect(console.get_by_test_id("workshop-title")).to_have_text("Mobility, second meeting",
                                                                   timeout=TIMEOUT)
    expect(console.get_by_test_id("round-title").first).to_have_value("Review open actions")
    expect(console.get_by_test_id("action-title-text")).to_have_text(
        ["Bike lanes on Main Street"])
    expect(console.get_by_test_id("series-link")).to_be_visible()


def test_the_followup_link_renders_and_stops_when_revoked(workshop, open_page) -> None:
    _actions(workshop)
    console = open_page(f"/console.html?w={workshop.id}", workshop.facilitator)
    wait_online(console)
    _press(console, "followup-create")
    link = console.get_by_test_id("followup-link")
    console.wait_for_function(
        "() => document.querySelector('[data-testid=followup-link]').value.includes('#')",
        timeout=TIMEOUT)
    url = link.input_value()
    assert "/followup.html#" in url
    for size_name, size in SIZES.items():
        page = open_page(url, size=size)
        expect(page.get_by_test_id("followup-title")).to_have_text("Mobility in the city",
                                                                   timeout=TIMEOUT)
        actions = page.get_by_test_id("followup-action")
        expect(actions).to_have_count(2)
        bikes = actions.filter(has_text="Bike lanes on Main Street")
        expect(bikes).to_contain_text("In progress · 50 % done")
        expect(bikes).to_contain_text("NGO: committed")
        expect(bikes).to_contain_text("Design approved")
        expect(page.get_by_test_id("followup-boundaries")).to_contain_text("No new taxes")
        text = page.locator("main").inner_text()
        for name in ("Ana", "Secretname", "Fran", "Olga"):
            assert name not in text, name
        assert axe_problems(page) == []
        screenshot(page, f"followup-{size_name}")

    _press(console, "followup-revoke")
    console.get_by_test_id("confirm-yes").press("Enter")
    expect(console.get_by_test_id("toast")).to_contain_text("no longer works", timeout=TIMEOUT)
    expect(link).to_have_value("")
    gone = open_page(url, size=(390, 844))
    expect(gone.get_by_test_id("followup-gone")).to_contain_text("This link no longer works",
                                                                 timeout=TIMEOUT)
    assert axe_problems(gone) == []
    screenshot(gone, "followup-gone-390x844")
