"""The Content-Security-Policy in a real Chromium: every page works under it with no
violation reported, inline code is refused, no page sends a Referer, and the wall
can only be framed by the origins COCREATE_FRAME_ANCESTORS names."""

from __future__ import annotations

import html
import json
import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect

from e2e_steps import TIMEOUT, Member, Workshop, send_ops, wait_online
from support.server import ServerProcess, fresh_sqlite_url

pytestmark = pytest.mark.e2e

HEADERS = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}

# Runs before any page script: every violation the page reports lands in window.__csp.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
  + ` in ${e.sourceFile}:${e.lineNumber}`));
"""


class Opened:
    """A page opened in its own context, with what it reported about the policy."""

    def __init__(self, page: Page, response: Response | None, console: list[str],
                 errors: list[str], requests: list[dict[str, str]]) -> None:
        self.page, self.response = page, response
        self.console, self.errors, self.requests = console, errors, requests

    def violations(self) -> list[str]:
        found: list[str] = self.page.evaluate("window.__csp")
        return found + [m for m in self.console
                        if "Content Security Policy" in m or "Refused to" in m]


@pytest.fixture
def visit(browser: Browser, live_server: ServerProcess) -> Iterator[Callable[..., Opened]]:
    contexts: list[BrowserContext] = []

    def open_(path: str, member: Member | None = None, size: tuple[int, int] = (1366, 768),
              base: str | None = None) -> Opened:
        ctx = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                  locale="en-GB", base_url=base or live_server.http)
        contexts.append(ctx)
        ctx.add_init_script(WATCH_CSP)
        if member is not None:
            ctx.add_init_script(
                "(() => { const s = " + json.dumps(member.storage()) + ";"
                " for (const [k, v] of Object.entries(s)) localStorage.setItem(k, v); })()")
        page = ctx.new_page()
        console: list[str] = []
        errors: list[str] = []
        requests: list[dict[str, str]] = []
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append({"url": r.url, **r.all_headers()}))
        response = page.goto(path)
        return Opened(page, response, console, errors, requests)

    yield open_
    for ctx in contexts:
        ctx.close()


def pages_of(workshop: Workshop, live_server: ServerProcess) -> dict[str, tuple[str, Any]]:
    ana = workshop.join("Ana Tamm", "City")
    wall = workshop.join("Wall", role="wall")
    room = workshop.plenary_room_id
    send_ops(live_server.ws, ana.token, [
        ("note.add", {"text": "Bike lanes", "color": "yellow", "x": 40, "y": 90}),
        ("note.add", {"text": "Night buses", "color": "green", "x": 340, "y": 90})])
    send_ops(live_server.ws, workshop.facilitator.token, [
        ("cluster.add", {"title": "Transport", "x": 20, "y": 40}),
        ("action.add", {"title": "Bike lanes on Main Street", "owner_group": "City"})])
    bearer = {"Authorization": f"Bearer {workshop.facilitator.token}"}
    followup = httpx.post(f"{live_server.http}/api/workshops/{workshop.id}/followup", json={},
                          headers=bearer, timeout=30, trust_env=False).json()["token"]
    series = httpx.post(f"{live_server.http}/api/workshops", json={"series_of": workshop.id},
                        headers=bearer, timeout=30, trust_env=False).json()["series_id"]
    return {
        "landing": ("/", None),
        "join": (f"/?join={workshop.join_code}", None),
        "board": (f"/board.html?w={workshop.id}", ana),
        "board on a phone": (f"/board.html?w={workshop.id}", ana),
        "console": (f"/console.html?w={workshop.id}", workshop.facilitator),
        "wall": (f"/wall.html?w={workshop.id}&room={room}#t={wall.token}", None),
        "report": (f"/report.html?w={workshop.id}&room={room}", workshop.facilitator),
        "follow-up": (f"/followup.html#{followup}", None),
        "series": (f"/series.html?s={series}&w={workshop.id}", workshop.facilitator),
    }


def test_every_page_works_under_the_policy_and_reports_no_violation(
        workshop: Workshop, live_server: ServerProcess, visit: Callable[..., Opened]) -> None:
    problems: dict[str, Any] = {}
    for name, (path, member) in pages_of(workshop, live_server).items():
        opened = visit(path, member, size=(390, 844) if "phone" in name else (1366, 768))
        page = opened.page
        assert opened.response is not None and opened.response.ok, name
        headers = opened.response.headers
        csp = headers.get("content-security-policy", "")
        if ("script-src 'self';" not in csp or "frame-ancestors 'none'" not in csp
                or "unsafe" in csp):
            problems[f"{name}: Content-Security-Policy"] = csp or "(none)"
        for header, value in HEADERS.items():
            if headers.get(header) != value:
                problems[f"{name}: {header}"] = headers.get(header, "(none)")
        # The page did what it is for, so its scripts, styles and socket were allowed.
        if name.startswith("board") or name in ("console", "wall"):
            wait_online(page)
        if name.startswith("board"):
            expect(page.get_by_test_id("note")).to_have_count(2, timeout=TIMEOUT)
        if name == "wall":
            expect(page.get_by_test_id("wall-note")).to_have_count(2, timeout=TIMEOUT)
            page.wait_for_function("() => document.getElementById('wall-qr').naturalWidth > 0")
        if name == "console":
            expect(page.get_by_test_id("overview-row")).to_have_count(1, timeout=TIMEOUT)
            page.wait_for_function(
                "() => document.querySelector('[data-testid=join-qr]').naturalWidth > 0")
        if name == "report":
            expect(page.get_by_test_id("report-note")).to_have_count(2, timeout=TIMEOUT)
        if name == "follow-up":
            expect(page.get_by_test_id("followup-action")).to_have_count(1, timeout=TIMEOUT)
        if name == "series":
            expect(page.get_by_test_id("series-event")).to_have_count(2, timeout=TIMEOUT)
        if name == "join":
            expect(page.get_by_test_id("join-code")).to_have_value(workshop.join_code)
        if name == "landing":
            expect(page.locator("h1")).to_be_visible()
        page.wait_for_timeout(300)
        found = opened.violations() + opened.errors
        if found:
            problems[name] = found
        # No request this page made told the server (or anyone) where it came from.
        leaked = [f"{r['url']} (Referer: {r['referer']})" for r in opened.requests
                  if r.get("referer")]
        if leaked:
            problems[f"{name}: Referer sent"] = leaked
    assert not problems, problems


def test_inline_script_inline_style_and_eval_are_refused(
        workshop: Workshop, visit: Callable[..., Opened]) -> None:
    page = visit(f"/?join={workshop.join_code}").page
    expect(page.get_by_test_id("join-code")).to_have_value(workshop.join_code)
    # Inside page.evaluate itself DevTools may run eval; a later task of the page may not.
    outcome = page.evaluate("""() => new Promise((done) => setTimeout(() => {
      const s = document.createElement("script");
      s.textContent = "window.__inlineRan = true";
      document.head.append(s);
      const b = document.createElement("button");
      b.setAttribute("onclick", "window.__handlerRan = true");
      document.body.append(b);
      b.click();
      const d = document.createElement("div");
      d.setAttribute("style", "color: rgb(255, 0, 0)");
      document.body.append(d);
      let evalRan = false;
      try { evalRan = eval("true"); } catch (e) { evalRan = false; }
      done({ inline: window.__inlineRan === true, handler: window.__handlerRan === true,
             styled: getComputedStyle(d).color === "rgb(255, 0, 0)", eval: evalRan });
    }, 0))""")
    assert outcome == {"inline": False, "handler": False, "styled": False, "eval": False}
    page.wait_for_timeout(200)
    reported: list[str] = page.evaluate("window.__csp")
    kinds = {v.split(" ")[0] for v in reported}
    assert {"script-src-elem", "script-src-attr", "style-src-attr", "script-src"} <= kinds, reported


class _Embedder(BaseHTTPRequestHandler):
    """An intranet page that frames `?src=URL` (another origin on this host)."""

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        src = parse_qs(urlsplit(self.path).query).get("src", [""])[0]
        body = (f'<!doctype html><title>intranet</title>'
                f'<iframe src="{html.escape(src)}"></iframe>').encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def embedder() -> Iterator[int]:
    """A plain HTTP server on loopback (Chromium lets loopback pages frame loopback)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Embedder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def embeddable_server(embedder: int) -> Iterator[ServerProcess]:
    url = fresh_sqlite_url()
    server = ServerProcess(database_url=url, extra_env={
        "COCREATE_FRAME_ANCESTORS": f"'self' http://localhost:{embedder}"})
    server.start(timeout=60)
    yield server
    server.stop()
    if server.log_path is not None:
        server.log_path.unlink(missing_ok=True)
    shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)


def _framed(browser: Browser, embedder: str, target: str) -> bool:
    """Open a page of `embedder` that frames `target`; True when the target's page loaded."""
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.goto(f"{embedder}/?src={quote(target)}")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        frames = [f for f in page.frames if f != page.main_frame]
        assert len(frames) == 1, [f.url for f in page.frames]
        if frames[0].url != target:  # Chromium's error page instead of the wall
            return False
        return bool(frames[0].evaluate("() => !!document.getElementById('wall-code')"))
    finally:
        ctx.close()


def test_the_wall_is_framed_only_where_the_operator_allows_it(
        browser: Browser, live_server: ServerProcess, embeddable_server: ServerProcess,
        embedder: int) -> None:
    allowed, other = f"http://localhost:{embedder}", f"http://127.0.0.1:{embedder}"
    # Default: nobody may frame any page.
    assert not _framed(browser, allowed, f"{live_server.http}/wall.html")
    # Configured: the named origin may, any other still may not.
    assert _framed(browser, allowed, f"{embeddable_server.http}/wall.html")
    assert not _framed(browser, other, f"{embeddable_server.http}/wall.html")
