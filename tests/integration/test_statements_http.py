"""The privacy notice by join code and the /privacy and /accessibility pages, over real
HTTP from a server with the operator's settings: what they say, in which language, and
that the notice tells nothing about any participant."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.api import Api, assert_error
from support.server import ServerProcess, fresh_sqlite_url

OPERATOR = {
    "COCREATE_CONTROLLER_NAME": "Tartu City Government",
    "COCREATE_CONTROLLER_CONTACT": "privacy@tartu.example",
    "COCREATE_DPO_CONTACT": "dpo@tartu.example",
    "COCREATE_RETENTION_DAYS": "90",
    "COCREATE_A11Y_STATUS": "not compliant",
    "COCREATE_A11Y_GAPS": "Charts <b>lack</b> a table|The wall has no captions",
    "COCREATE_A11Y_CONTACT": "a11y@tartu.example",
    "COCREATE_A11Y_ENFORCEMENT": "https://www.ttja.ee/en",
    "COCREATE_A11Y_REVIEWED": "2026-11-30",
}


@pytest.fixture(scope="module")
def api() -> Iterator[Api]:
    url = fresh_sqlite_url()
    server = ServerProcess(database_url=url, extra_env=OPERATOR)
    server.start(timeout=60)
    try:
        with Api(server.http) as client:
            yield client
    finally:
        server.stop()
        shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)


def test_the_notice_says_who_runs_it_what_is_kept_how_long_and_who_sees_names(
        api: Api) -> None:
    w = api.workshop(authors="group", facilitator_sees_authors=False,
                     privacy_note="Photos are taken.\nThe report goes to the city council.")
    api.member(w, "Mari Maasikas", group="NGO")
    r = api.get(f"/api/join/{w.join_code.lower()}/privacy?lang=et")
    assert r.status_code == 200, r.text
    notice = r.json()
    assert notice["language"] == "et" and notice["heading"] == "Privaatsusteave"
    who, stored, sees, careful = notice["paragraphs"]
    assert who == ("Teenust pakub Tartu City Government. Kontakt: privacy@tartu.example. "
                   "Andmekaitsespetsialist: dpo@tartu.example.")
    assert stored.endswith("Kõik see kustutatakse 90 päeva pärast töötoa sulgemist.")
    assert "ainult sinu huvirühm" in sees and "Ka läbiviijad ei näe" in sees
    assert "ametiühingusse" in careful
    assert notice["privacy_note"] == "Photos are taken.\nThe report goes to the city council."
    assert (notice["retention_days"], notice["authors"], notice["facilitator_sees_authors"]) \
        == (90, "group", False)
    assert notice["statement"] == {"url": "/privacy?lang=et", "text": "Täielik privaatsusteave"}
    # Nothing of anyone who joined: no name, no group of a person, no id.
    assert "Mari" not in r.text and "Fran" not in r.text
    assert w.facilitator.participant_id not in r.text


def test_the_language_is_the_query_then_the_browsers_then_english(api: Api) -> None:
    w = api.workshop()
    path = f"/api/join/{w.join_code}/privacy"
    asked = api.get(path + "?lang=de", headers={"accept-language": "et"}).json()
    assert asked["heading"] == "Datenschutzhinweis"
    assert "90 Tage nach dem Schließen" in asked["paragraphs"][1]
    browser = api.get(path, headers={"accept-language": "fr-FR, et-EE;q=0.8, de;q=0.5"}).json()
    assert browser["language"] == "et"
    assert api.get(path + "?lang=xx").json()["heading"] == "Privacy notice"


def test_an_unknown_code_is_not_found(api: Api) -> None:
    assert_error(api.get("/api/join/ZZZZZZ/privacy"), 404, "not_found")


def test_the_accessibility_statement_is_the_operators(api: Api) -> None:
    r = api.get("/accessibility", headers={"accept-language": "en-GB"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    page = r.text
    assert '<html lang="en">' in page
    assert "Tartu City Government wants this Cocreate server to be accessible" in page
    assert "is not compliant with EN 301 549 (WCAG 2.1 level AA)" in page
    # The operator's gaps replace the project's, as text, never as markup.
    assert "<li>Charts &lt;b&gt;lack&lt;/b&gt; a table</li>" in page
    assert "<li>The wall has no captions</li>" in page
    assert "pointers" not in page
    assert "a11y@tartu.example" in page and "2026-11-30" in page
    assert '<a href="https://www.ttja.ee/en">https://www.ttja.ee/en</a>' in page
    assert '<a href="/privacy?lang=en">Privacy statement</a>' in page


def test_the_privacy_statement_in_german(api: Api) -> None:
    page = api.get("/privacy?lang=de").text
    assert '<html lang="de">' in page and "<h1>Datenschutzerklärung</h1>" in page
    assert "Verantwortlich für diesen Dienst ist Tartu City Government." in page
    assert "Datenschutzbeauftragte Stelle: dpo@tartu.example." in page
    assert "90 Tage nach seinem Schließen gelöscht" in page
    assert "DSGVO Artikel 15 bis 21" in page
    assert '<a href="/accessibility?lang=de">Erklärung zur Barrierefreiheit</a>' in page
    assert 'aria-current="true">Deutsch</a>' in page
