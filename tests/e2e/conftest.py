"""Browser tests: a real `cocreate serve` on a fresh SQLite file, Debian's Chromium.

- `live_server`: one server process for the test module (each test makes its own
  workshop, so tests do not see each other's boards); its log is attached to
  the report of a failing test.
- `browser`: Chromium driven by Playwright (`/usr/bin/chromium`).
- `open_page(...)`: a page in a fresh browser context, signed in as a member
  (the token goes to localStorage, as the landing page would put it); every
  uncaught page error fails the test.
- `workshop`: a workshop with a facilitator, made over HTTP.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from e2e_steps import Member, Workshop
from support.server import ServerProcess, fresh_sqlite_url

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LOG_TAIL = 20_000

_SERVER_KEY = pytest.StashKey[ServerProcess]()


@pytest.fixture(scope="module")
def live_server(request: pytest.FixtureRequest) -> Iterator[ServerProcess]:
    url = fresh_sqlite_url()
    # A module's tests create more workshops from one address than a person would.
    server = ServerProcess(database_url=url,
                           extra_env={"COCREATE_CREATES_PER_MINUTE": "10000"})
    server.start(timeout=60)
    request.node.stash[_SERVER_KEY] = server
    yield server
    server.stop()
    if server.log_path is not None:
        server.log_path.unlink(missing_ok=True)
    shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.failed and item.module is not None:
        module = item.getparent(pytest.Module)
        server = module.stash.get(_SERVER_KEY, None) if module is not None else None
        if server is not None:
            log = server.output()[-LOG_TAIL:]
            report.sections.append((f"cocreate server on port {server.port}", log or "(no output)"))
    return report


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Module-scoped: Playwright's sync API keeps an event loop running in this
    thread while it is open, and later test modules call asyncio.run()."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def workshop(live_server: ServerProcess) -> Workshop:
    body = {"title": "Mobility in the city",
            "challenge": "How might we halve car trips into the centre by 2030?",
            "constraints": ["No new taxes", "Within this year's budget"],
            "groups": ["City", "NGO", "Business"], "facilitator_name": "Fran Facilitator"}
    r = httpx.post(live_server.http + "/api/workshops", json=body, timeout=30, trust_env=False)
    assert r.status_code == 201, r.text
    data = r.json()
    fac = Member(data["workshop"]["id"], data["facilitator"]["participant_id"],
                 data["facilitator"]["token"], "facilitator", "Fran Facilitator")
    return Workshop(live_server.http, data["workshop"]["id"], data["join_code"],
                    data["plenary_room_id"], fac, data)


class PageErrors(list[str]):
    pass


@pytest.fixture
def open_page(browser: Browser, live_server: ServerProcess) -> Iterator[Callable[..., Page]]:
    """Open `path` in a fresh context of `size`, signed in as `member` (or nobody)."""
    contexts: list[BrowserContext] = []
    errors = PageErrors()

    def open_(path: str, member: Member | None = None, size: tuple[int, int] = (1366, 768),
              locale: str = "en-GB", extra_storage: dict[str, str] | None = None) -> Page:
        ctx = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale=locale,
                                  base_url=live_server.http)
        contexts.append(ctx)
        storage = dict(member.storage() if member else {})
        storage.update(extra_storage or {})
        if storage:
            ctx.add_init_script(
                "(() => { const s = " + json.dumps(storage) + ";"
                " for (const [k, v] of Object.entries(s))"
                " if (localStorage.getItem(k) === null) localStorage.setItem(k, v); })()")
        page = ctx.new_page()
        page.on("pageerror", lambda e: errors.append(f"{path}: {e}"))
        page.on("dialog", lambda d: (errors.append(f"{path}: unexpected dialog {d.message!r}"),
                                     d.dismiss()))
        page.goto(path)
        return page

    yield open_
    for ctx in contexts:
        ctx.close()
    assert not errors, errors
