"""Organisers on real server processes: who may create workshops, signing in and its
throttling, a new facilitator link that revokes the old one, co-facilitator links."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from support.api import Api, assert_error
from support.organisers import COOKIE, PASSWORD, OrganiserApi, add_organiser, login
from support.server import ServerProcess
from support.ws import connect, run


def _hello_closes(server: ServerProcess, token: str) -> int | None:
    async def attempt() -> int | None:
        async with connect(server.ws) as c:
            await c.send({"type": "hello", "token": token})
            return await c.wait_closed(10)
    result: int | None = run(attempt(), timeout=30)
    return result


def test_with_organisers_only_a_signed_in_organiser_creates_workshops(
        start_server: Callable[..., ServerProcess], database_url: str) -> None:
    server = start_server()
    with Api(server.http) as anonymous:
        # No organiser yet: the default policy is open, as it always was.
        assert anonymous.create_workshop(title="Before").status_code == 201
        add_organiser(database_url, "Ada@Example.org")
        # One organiser exists: the default becomes `organisers`.
        assert_error(anonymous.create_workshop(title="Anonymous"), 401, "unauthorized")
        assert_error(login(anonymous.http, server.http, "ada@example.org", "wrong password"),
                     401, "unauthorized")
        assert_error(login(anonymous.http, server.http, "nobody@example.org", "wrong"),
                     401, "unauthorized")
    with OrganiserApi(server.http, "ada@example.org") as ada:
        assert ada.get("/api/organiser").json() == {"email": "ada@example.org"}
        made = ada.workshop(title="Parks for everyone")
        listed = ada.get("/api/organiser/workshops").json()
        assert [(w["id"], w["title"], w["join_code"]) for w in listed] == [
            (made.id, "Parks for everyone", made.join_code)]
        assert listed[0]["co_facilitators"] == []
        # The cookie from another site's page, or with no Origin at all, is refused.
        forged = httpx.post(server.http + "/api/workshops", json={"title": "Forged"},
                            headers={"Cookie": f"{COOKIE}={ada.session}",
                                     "Origin": "https://evil.example"}, trust_env=False)
        assert_error(forged, 403, "forbidden")
        bare = httpx.post(server.http + "/api/workshops", json={"title": "No origin"},
                          headers={"Cookie": f"{COOKIE}={ada.session}"}, trust_env=False)
        assert_error(bare, 403, "forbidden")
        assert len(ada.get("/api/organiser/workshops").json()) == 1
        # Participants still join by code, without an account.
        with Api(server.http) as anonymous:
            assert anonymous.join(made.join_code, "Pat").status_code == 201
        # Signing out ends the session on the server, not only in the browser.
        assert ada.post("/api/organiser/logout").status_code == 204
        assert_error(ada.get("/api/organiser"), 401, "unauthorized")
        assert_error(ada.create_workshop(title="After logout"), 401, "unauthorized")


def test_an_operator_may_keep_creation_open_with_organisers(
        start_server: Callable[..., ServerProcess], database_url: str) -> None:
    add_organiser(database_url, "ada@example.org")
    server = start_server(extra_env={"COCREATE_CREATE_POLICY": "open"})
    with Api(server.http) as anonymous:
        assert anonymous.create_workshop(title="Open").status_code == 201
    with OrganiserApi(server.http, "ada@example.org") as ada:
        made = ada.workshop(title="Mine")
        assert [w["id"] for w in ada.get("/api/organiser/workshops").json()] == [made.id]


def test_failed_sign_ins_are_throttled_per_address_and_per_account(
        start_server: Callable[..., ServerProcess], database_url: str) -> None:
    add_organiser(database_url, "ada@example.org")
    add_organiser(database_url, "bo@example.org")
    by_account = start_server(extra_env={"COCREATE_LOGIN_FAILURES_PER_ACCOUNT": "3",
                                         "COCREATE_LOGIN_FAILURES_PER_MINUTE": "100"})
    with Api(by_account.http) as api:
        for _ in range(3):
            assert_error(login(api.http, by_account.http, "ada@example.org", "guess"), 401,
                         "unauthorized")
        refused = login(api.http, by_account.http, "ADA@example.org", "guess")
        assert_error(refused, 429, "rate_limited")
        assert int(refused.headers["Retry-After"]) >= 1
        # Even the right password waits: the account is being guessed at.
        assert_error(login(api.http, by_account.http, "ada@example.org"), 429, "rate_limited")
        # Another account from the same address is not held up.
        assert login(api.http, by_account.http, "bo@example.org").status_code == 204
    by_address = start_server(extra_env={"COCREATE_LOGIN_FAILURES_PER_ACCOUNT": "100",
                                         "COCREATE_LOGIN_FAILURES_PER_MINUTE": "3"})
    with Api(by_address.http) as api:
        for n in range(3):
            assert_error(login(api.http, by_address.http, f"guess{n}@example.org", "x"), 401,
                         "unauthorized")
        refused = login(api.http, by_address.http, "bo@example.org")
        assert_error(refused, 429, "rate_limited")
        assert int(refused.headers["Retry-After"]) >= 1


def test_a_new_facilitator_link_revokes_the_old_one(
        start_server: Callable[..., ServerProcess], database_url: str) -> None:
    add_organiser(database_url, "ada@example.org")
    add_organiser(database_url, "bo@example.org")
    server = start_server()
    with OrganiserApi(server.http, "ada@example.org") as ada, \
            OrganiserApi(server.http, "bo@example.org") as bo:
        made = ada.workshop(title="Lost link")
        old = made.facilitator
        path = f"/api/organiser/workshops/{made.id}/facilitator-link"
        # Another organiser's workshop is not found for them, and nothing changes.
        assert_error(bo.post(path), 404, "not_found")
        assert ada.get_workshop(made.id, old.token).status_code == 200
        r = ada.post(path)
        assert r.status_code == 201, r.text
        fresh = r.json()
        assert fresh["participant_id"] == old.participant_id
        assert fresh["token"] != old.token
        assert_error(ada.get_workshop(made.id, old.token), 401, "unauthorized")
        assert _hello_closes(server, old.token) == 4401
        assert ada.get_workshop(made.id, fresh["token"]).status_code == 200

        async def console() -> None:
            async with connect(server.ws, fresh["token"]) as fac:
                assert fac.welcome is not None
                assert fac.welcome["participant"]["role"] == "facilitator"
                await fac.ack("announce", {"text": "Back in the console"})
        run(console(), timeout=60)


def test_a_co_facilitator_link_works_until_it_is_revoked(
        start_server: Callable[..., ServerProcess], database_url: str) -> None:
    add_organiser(database_url, "ada@example.org")
    add_organiser(database_url, "bo@example.org")
    server = start_server()
    with OrganiserApi(server.http, "ada@example.org") as ada, \
            OrganiserApi(server.http, "bo@example.org") as bo:
        made = ada.workshop(title="Two hands")
        path = f"/api/organiser/workshops/{made.id}/co-facilitators"
        assert_error(bo.post(path, {"name": "Intruder"}), 404, "not_found")
        assert_error(ada.post(path, {"name": ""}), 422, "invalid")
        r = ada.post(path, {"name": "Cem Colleague"})
        assert r.status_code == 201, r.text
        co = r.json()
        listed = ada.get("/api/organiser/workshops").json()[0]["co_facilitators"]
        assert listed == [{"participant_id": co["participant_id"], "name": "Cem Colleague"}]
        # The first facilitator's link is re-issued, never revoked here.
        assert_error(ada.http.delete(f"{path}/{made.facilitator.participant_id}"), 404,
                     "not_found")

        async def colleague() -> None:
            async with connect(server.ws, co["token"], label="co") as cem, \
                    connect(server.ws, made.facilitator.token, label="fac") as fac:
                assert cem.welcome is not None
                assert cem.welcome["participant"]["role"] == "facilitator"
                seq = await cem.ack("timer.start", {"seconds": 300})
                await fac.event(seq)
                assert_error(bo.http.delete(f"{path}/{co['participant_id']}"), 404,
                             "not_found")
                assert ada.http.delete(f"{path}/{co['participant_id']}").status_code == 204
                assert await cem.wait_closed(10) == 4403
                await fac.ping()
        run(colleague(), timeout=60)
        with Api(server.http) as anyone:
            assert_error(anyone.get_workshop(made.id, co["token"]), 401, "unauthorized")
        assert _hello_closes(server, co["token"]) == 4401
        assert ada.get("/api/organiser/workshops").json()[0]["co_facilitators"] == []


def test_the_session_cookie_is_httponly_strict_and_secure_behind_https(
        start_server: Callable[..., ServerProcess], database_url: str) -> None:
    add_organiser(database_url, "ada@example.org")
    server = start_server()
    with Api(server.http) as api:
        plain = login(api.http, server.http, "ada@example.org")
        assert plain.status_code == 204, plain.text
        cookie = plain.headers["set-cookie"].lower()
        assert cookie.startswith(f"{COOKIE}=")
        assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
        assert "secure" not in cookie.replace("samesite", "")
        # Behind a TLS proxy (loopback is a trusted one by default) the cookie is Secure,
        # and the page's Origin is the https one.
        https_origin = server.http.replace("http://", "https://")
        behind = api.http.post("/api/organiser/login",
                               json={"email": "ada@example.org", "password": PASSWORD},
                               headers={"Origin": https_origin, "X-Forwarded-Proto": "https"})
        assert behind.status_code == 204, behind.text
        assert "; secure" in behind.headers["set-cookie"].lower()
        # A sign-in posted from another site's page is refused (no login CSRF).
        assert_error(api.http.post("/api/organiser/login",
                                   json={"email": "ada@example.org", "password": PASSWORD},
                                   headers={"Origin": "https://evil.example"}), 403, "forbidden")
