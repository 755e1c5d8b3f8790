"""Security headers on every HTTP answer, join links that a forged Host cannot
redirect, and `/metrics` behind a token or on a port of its own; all against
real `cocreate serve` processes."""

from __future__ import annotations

import re
import socket
from collections.abc import Callable

import httpx
import pytest

from support.api import Api, assert_error
from support.server import ServerProcess, free_port
from support.ws import connect, run

CSP_DEFAULT = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
               "form-action 'self'; object-src 'none'")
FIXED = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}
PAGES = ["/", "/index.html", "/board.html", "/console.html", "/wall.html", "/report.html",
         "/js/landing.js", "/css/base.css", "/i18n/en.json", "/favicon.svg", "/sw.js"]


def assert_secured(response: httpx.Response, csp: str = CSP_DEFAULT) -> None:
    what = f"{response.request.method} {response.request.url.path} -> {response.status_code}"
    assert response.headers.get("content-security-policy") == csp, (what, response.headers)
    assert response.headers.get_list("content-security-policy") == [csp], what
    for name, value in FIXED.items():
        assert response.headers.get(name) == value, (what, name, response.headers)


def qr_link(response: httpx.Response) -> str:
    """The link a join QR code carries (segno writes it into the SVG's <title>)."""
    assert response.status_code == 200, response.text
    found = re.search(r"QR code to join the workshop: (\S+?)</title>", response.text)
    assert found, response.text[:400]
    return found.group(1)


def test_every_kind_of_http_answer_carries_the_security_headers(server: ServerProcess,
                                                                api: Api) -> None:
    ws = api.workshop()
    seen: list[httpx.Response] = [api.get(path) for path in PAGES]
    assert all(r.status_code == 200 for r in seen), [(r.url, r.status_code) for r in seen]
    created = api.create_workshop()
    assert created.status_code == 201
    answers = [
        created,
        api.get("/api/join/" + ws.join_code),
        api.get(f"/api/workshops/{ws.id}", token=ws.facilitator.token),
        api.get(f"/api/rooms/{ws.plenary_room_id}/export", token=ws.facilitator.token),
        api.get("/api/qr.svg", params={"code": ws.join_code}),
        api.get("/healthz"),
        api.get("/metrics"),
    ]
    assert all(r.status_code in (200, 201) for r in answers), [
        (r.url, r.status_code) for r in answers]
    errors = [
        (api.get(f"/api/workshops/{ws.id}"), 401),                  # no token
        (api.post("/api/workshops", content=b"not json"), 422),     # bad body
        (api.get("/api/join/NOSUCHCODE"), 404),                     # API 404
        (api.get("/no/such/page.html"), 404),                       # static 404
        (api.http.delete("/api/workshops"), 405),                   # wrong method
        (api.get("/ws"), 404),                                      # plain GET of the socket
    ]
    for r, status in errors:
        assert r.status_code == status, (r.url, r.status_code, r.text)
    for r in seen + answers + [r for r, _ in errors]:
        assert_secured(r)
    # HEAD and a conditional GET of a static file (304) too.
    assert_secured(api.http.head("/wall.html"))
    etag = seen[0].headers["etag"]
    not_modified = api.get("/", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert_secured(not_modified)


def test_the_script_policy_allows_no_inline_script_or_eval(api: Api) -> None:
    csp = api.get("/").headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe" not in csp and "*" not in csp and "http:" not in csp, csp


def test_the_websocket_still_opens_through_the_header_middleware(server: ServerProcess,
                                                                 api: Api) -> None:
    ws = api.workshop()

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token) as client:
            assert client.welcome is not None and client.welcome["type"] == "welcome"
            await client.ack("note.add", {"text": "still works", "x": 0, "y": 0})

    run(scenario())


def test_frame_ancestors_comes_from_the_setting(start_server: Callable[..., ServerProcess]
                                                ) -> None:
    embed = "https://intranet.example.org 'self' https://*.example.net:8443"
    server = start_server(extra_env={"COCREATE_FRAME_ANCESTORS": f"  {embed}  "})
    with Api(server.http) as api:
        csp = CSP_DEFAULT.replace("frame-ancestors 'none'", f"frame-ancestors {embed}")
        assert_secured(api.get("/wall.html"), csp)
        assert_secured(api.get("/healthz"), csp)


@pytest.mark.parametrize("bad", [
    "https://ok.example; script-src *",            # a second directive smuggled in
    "https://ok.example, https://other.example",   # commas are not CSP
    "'none' https://ok.example",                   # 'none' with a source
    "'unsafe-inline'",
    "javascript:alert(1)",
])
def test_a_frame_ancestors_value_that_is_not_a_list_of_origins_stops_the_start(
        start_server: Callable[..., ServerProcess], bad: str) -> None:
    with pytest.raises(RuntimeError, match="COCREATE_FRAME_ANCESTORS"):
        start_server(extra_env={"COCREATE_FRAME_ANCESTORS": bad})


# --- join links and the Host header ---------------------------------------------------------


def test_a_forged_host_never_reaches_the_join_qr_by_default(server: ServerProcess,
                                                            api: Api) -> None:
    code = api.workshop().join_code
    # The address the server listens on, and loopback names, are believed.
    assert qr_link(api.get("/api/qr.svg", params={"code": code})) == (
        f"{server.http}/?join={code}")
    local = api.get("/api/qr.svg", params={"code": code},
                    headers={"Host": f"localhost:{server.port}"})
    assert qr_link(local) == f"http://localhost:{server.port}/?join={code}"
    port = server.port
    for forged in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}",
                   f"127.0.0.1:{port}@evil.example", f"localhost.evil.example:{port}",
                   f"127.0.0.1:{port}/x", "127.0.0.2:1", ""):
        r = api.get("/api/qr.svg", params={"code": code}, headers={"Host": forged})
        body = assert_error(r, 400, "invalid")
        assert "COCREATE_PUBLIC_URL" in body["error"]["message"], body
        assert "evil" not in r.text
        assert_secured(r)


def test_the_public_url_wins_over_any_host(start_server: Callable[..., ServerProcess]) -> None:
    server = start_server(extra_env={"COCREATE_PUBLIC_URL": "https://cocreate.example.org/"})
    with Api(server.http) as api:
        code = api.workshop().join_code
        for host in ("evil.example", f"127.0.0.1:{server.port}"):
            r = api.get("/api/qr.svg", params={"code": code}, headers={"Host": host})
            assert qr_link(r) == f"https://cocreate.example.org/?join={code}"


def test_trusted_hosts_are_the_only_hosts_believed(start_server: Callable[..., ServerProcess]
                                                   ) -> None:
    port = free_port()
    server = start_server(port=port, extra_env={
        "COCREATE_TRUSTED_HOSTS": f" Wall.Example.org , 127.0.0.1:{port},"})
    with Api(server.http) as api:
        code = api.workshop().join_code
        assert qr_link(api.get("/api/qr.svg", params={"code": code})) == (
            f"http://127.0.0.1:{port}/?join={code}")
        named = api.get("/api/qr.svg", params={"code": code},
                        headers={"Host": "wall.example.org"})
        assert qr_link(named) == f"http://wall.example.org/?join={code}"
        # A list replaces the default: loopback names and other ports are no longer believed.
        for host in ("evil.example", f"localhost:{port}", "wall.example.org:8080",
                     f"127.0.0.1:{port + 1}"):
            r = api.get("/api/qr.svg", params={"code": code}, headers={"Host": host})
            assert_error(r, 400, "invalid")


# --- /metrics -------------------------------------------------------------------------------


def test_metrics_need_the_token_when_one_is_set(start_server: Callable[..., ServerProcess]
                                                ) -> None:
    server = start_server(extra_env={"COCREATE_METRICS_TOKEN": "s3cret-scrape-token"})
    with Api(server.http) as api:
        for headers in ({}, {"Authorization": "Bearer wrong"},
                        {"Authorization": "Bearer s3cret-scrape-toke"},
                        {"Authorization": "Basic s3cret-scrape-token"},
                        {"Authorization": "s3cret-scrape-token"}):
            r = api.get("/metrics", headers=headers)
            assert_error(r, 401, "unauthorized")
            assert r.headers.get("www-authenticate") == "Bearer", r.headers
            assert "cocreate_" not in r.text
            assert_secured(r)
        ok = api.get("/metrics", token="s3cret-scrape-token")
        assert ok.status_code == 200, ok.text
        assert "cocreate_connections" in ok.text
        assert_secured(ok)
        # The token guards /metrics only.
        assert api.get("/healthz").status_code == 200


def test_metrics_without_a_token_or_port_stay_where_they_were(api: Api) -> None:
    r = api.get("/metrics")
    assert r.status_code == 200 and "cocreate_connections" in r.text


@pytest.mark.parametrize("workers", [1, 2])
def test_metrics_on_a_port_of_their_own(start_server: Callable[..., ServerProcess],
                                        workers: int) -> None:
    metrics_port = free_port()
    server = start_server(workers=workers, extra_env={
        "COCREATE_METRICS_PORT": str(metrics_port), "COCREATE_METRICS_TOKEN": "tok"})
    inside = f"http://127.0.0.1:{metrics_port}"
    with Api(server.http) as api:
        assert_error(api.get("/metrics", token="tok"), 404, "not_found")
        assert api.get("/healthz").status_code == 200
    with Api(inside) as scrape:
        for _ in range(4 * workers):  # with several workers the kernel picks one each time
            ok = scrape.get("/metrics", token="tok")
            assert ok.status_code == 200, ok.text
            assert ok.headers["content-type"].startswith("text/plain"), ok.headers
            assert "cocreate_connections" in ok.text
            assert ok.headers.get("x-content-type-options") == "nosniff"
        assert_error(scrape.get("/metrics"), 401, "unauthorized")
        assert_error(scrape.get("/metrics", token="nope"), 401, "unauthorized")
        assert_error(scrape.get("/", token="tok"), 404, "not_found")
        assert_error(scrape.get("/healthz", token="tok"), 404, "not_found")
        assert_error(scrape.post("/metrics", headers={"Authorization": "Bearer tok"}),
                     404, "not_found")
    # Garbage on the metrics port does not stop it.
    for garbage in (b"\x00\x01 not http at all\r\n\r\n", b"GET /metrics", b""):
        with socket.create_connection(("127.0.0.1", metrics_port), timeout=5) as conn:
            conn.sendall(garbage)
            conn.shutdown(socket.SHUT_WR)
            conn.recv(1000)
    # Nor does a scraper that connects and says nothing.
    with socket.create_connection(("127.0.0.1", metrics_port), timeout=5):
        r = httpx.get(inside + "/metrics", headers={"Authorization": "Bearer tok"},
                      trust_env=False, timeout=10)
        assert r.status_code == 200


def test_a_metrics_port_that_is_not_a_port_stops_the_start(
        start_server: Callable[..., ServerProcess]) -> None:
    with pytest.raises(RuntimeError, match="COCREATE_METRICS_PORT"):
        start_server(extra_env={"COCREATE_METRICS_PORT": "70000"})
