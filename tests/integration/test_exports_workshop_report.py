"""The workshop's report over HTTP from a real server, in every format.

One server and one workshop for the module (in Estonian and German words, with
ä, õ, ü and ß): a hidden vote, a private note still in its private round, a
note that is a spreadsheet formula, a flag and a proposal on the boundaries,
and actions with a due date, a commitment and progress. Authors are `hidden`
(and facilitators may see authors on the board): no format names anyone.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import icalendar
import pytest

from support.api import Api, Member, Workshop, assert_error
from support.organisers import OrganiserApi, add_organiser
from support.server import ServerProcess, fresh_sqlite_url
from support.ws import Client, connect, run

EMAIL = "olga@example.org"
FORMATS = ("md", "csv", "json", "pdf", "actions.csv", "ics")
CHALLENGE = "Kuidas muuta tänavad õuesõbralikuks? Straßen für Fußgänger"
BOUNDARIES = ["Eelarve 10 000 eurot", "Keine Änderung der Gesetze für Süßwaren"]
ACTION = "Pinkide paigaldus Õismäel"
FORMULA = "=cmd|' /C calc'!A0"
PRIVATE = "Salajane mõte üksinda"
NAMES = ("Ülle Ääremaa", "Mart Õunapuu", "Jüri Müür", "Grete Straße")


@dataclass
class Scene:
    server: ServerProcess
    api: Api
    olga: OrganiserApi
    ws: Workshop
    people: list[Member]
    breakout: str

    def export(self, fmt: str, lang: str = "et", token: str | None = None) -> httpx.Response:
        r = self.api.get(f"/api/workshops/{self.ws.id}/export",
                         token=token or self.ws.facilitator.token,
                         params={"format": fmt, "lang": lang})
        assert r.status_code == 200, (fmt, r.status_code, r.text[:300])
        return r


async def _note(client: Client, text: str) -> str:
    seq = await client.ack("note.add", {"text": text, "x": 0, "y": 0})
    note_id: str = (await client.event(seq))["data"]["id"]
    return note_id


def _pdf_text(pdf: bytes, tmp: Path) -> str:
    assert pdf.startswith(b"%PDF-"), pdf[:20]
    path = tmp / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, timeout=60, check=True)
    return " ".join(done.stdout.split())  # a line break in the layout is a space


def _catalog(pdf: bytes) -> bytes:
    """The PDF's document catalog, from the compressed object stream that holds it."""
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            objects = zlib.decompress(m.group(1))
            found = re.search(rb"<</Type /Catalog.*?>>\s*(?=<<|$)", objects, re.S)
            if found:
                return found.group(0)
    raise AssertionError("no document catalog in the PDF")


@pytest.fixture(scope="module")
def scene() -> Iterator[Scene]:
    url = fresh_sqlite_url()
    add_organiser(url, EMAIL)
    server = ServerProcess(database_url=url)
    server.start(timeout=60)
    api, olga = Api(server.http), OrganiserApi(server.http, EMAIL)
    try:
        ws = olga.workshop(title="Linnaruum kõigile", challenge=CHALLENGE,
                           constraints=BOUNDARIES, groups=["Linn", "MTÜ"], authors="hidden")
        people = [api.member(ws, name, group="Linn" if i < 3 else "MTÜ")
                  for i, name in enumerate(NAMES)]
        scene = Scene(server, api, olga, ws, people, "")
        run(_set_up(scene))
        yield scene
    finally:
        olga.close()
        api.close()
        server.stop()
        shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)


async def _set_up(scene: Scene) -> None:
    ws, (ulle, mart, juri, grete) = scene.ws, scene.people
    async with connect(scene.server.ws, ws.facilitator.token, label="fac") as fac, \
            connect(scene.server.ws, ulle.token, label="ulle") as u, \
            connect(scene.server.ws, mart.token, label="mart") as m, \
            connect(scene.server.ws, juri.token, label="juri") as j:
        bikes = await _note(u, "Jalgrattateed üle jõe")
        benches = await _note(m, "Rohkem pinke, größere Bänke")
        formula = await _note(j, FORMULA)
        await fac.ack("cluster.add", {"title": "Liikumine", "notes": [bikes, benches]})
        assert fac.welcome is not None
        boundary = [b["id"] for b in fac.welcome["workshop"]["boundaries"]]
        await fac.ack("constraint.flag", {"target": {"note": formula}, "boundary": boundary[0],
                                          "reason": "Seadus ei luba"})
        await u.ack("constraint.challenge", {"boundary": boundary[1],
                                             "text": "Mit dem Ministerium besprechen"})
        seq = await fac.ack("action.add", {"title": ACTION, "owner_group": "Linn",
                                           "parties": ["Linn", "MTÜ"], "due": "2027-03-15"})
        action = (await fac.event(seq))["data"]["id"]
        await fac.ack("action.add", {"title": "Ohne Datum", "owner_group": "MTÜ"})
        await u.ack("action.commit", {"id": action})
        await fac.ack("action.progress", {"id": action, "text": "Asukohad valitud",
                                          "percent": 30})
        # A hidden vote, closed, not revealed: 3 votes, then a tie of 1 and 1.
        await fac.ack("voting.start", {"budget": 3, "hidden": True})
        for client in (u, m, j):
            await client.ack("vote.add", {"note": bikes})
        await m.ack("vote.add", {"note": benches})
        await j.ack("vote.add", {"note": formula})
        await fac.ack("voting.stop", {})
        seq = await fac.ack("room.add", {"name": "Kesklinn"})
        scene.breakout = (await fac.event(seq))["data"]["room"]["id"]
        await fac.ack("room.assign", {"participant": grete.participant_id,
                                      "room": scene.breakout})
    async with connect(scene.server.ws, ws.facilitator.token, room=scene.breakout,
                       label="fac-breakout") as fac, \
            connect(scene.server.ws, grete.token, room=scene.breakout, label="grete") as g:
        await fac.ack("agenda.set", {"rounds": [
            {"title": "Vaikne", "seconds": 0, "private": True}]})
        await fac.ack("round.start", {})
        await _note(g, PRIVATE)


async def _reveal(scene: Scene) -> None:
    async with connect(scene.server.ws, scene.ws.facilitator.token, label="fac") as fac:
        await fac.ack("voting.reveal", {})


def test_hidden_votes_private_notes_and_authors_stay_out_until_revealed(
        scene: Scene, tmp_path: Path) -> None:
    def everything() -> dict[str, str]:
        out = {fmt: scene.export(fmt).content.decode("utf-8") for fmt in FORMATS
               if fmt != "pdf"}
        out["pdf"] = _pdf_text(scene.export("pdf").content, tmp_path)
        return out

    before = everything()
    for fmt, text in before.items():
        assert PRIVATE not in text, fmt
        for name in (*NAMES, *(n.split()[0] for n in NAMES)):
            assert name not in text, (fmt, name)
        for person in scene.people:
            assert person.participant_id not in text, fmt
    # No tally in any form: no vote counts in words, no ranks, no numbers in the columns.
    for fmt in ("md", "pdf"):
        assert not re.search(r"\d+ häält?\b", before[fmt]), before[fmt]  # "3 häält"
        assert "Hääled on peidus" in before[fmt]
    assert '"votes": null' in before["json"] and '"votes": 3' not in before["json"]
    assert '"rank": 1' not in before["json"] and '"total": null' in before["json"]
    rows = list(csv.DictReader(io.StringIO(before["csv"].removeprefix("\ufeff"))))
    assert {(r["votes"], r["rank"]) for r in rows} == {("", "")}, rows

    run(_reveal(scene))
    after = everything()
    assert "3 häält" in after["md"] and "3 häält" in after["pdf"]
    assert after["md"].count("- 2 (viik): ") == 2, after["md"]  # a tie reads as a tie
    rows = list(csv.DictReader(io.StringIO(after["csv"].removeprefix("\ufeff"))))
    plenary = [r for r in rows if r["room"] == "Ühisruum"]
    # Ranked by the revealed votes, and a tie is a tie: 1, 2, 2.
    assert sorted((r["rank"], r["votes"]) for r in plenary) == [("1", "3"), ("2", "1"),
                                                                ("2", "1")], plenary
    for fmt, text in after.items():
        assert PRIVATE not in text, fmt
        assert all(name not in text for name in NAMES), fmt


def test_the_csv_has_a_row_per_note_and_defuses_a_formula(scene: Scene) -> None:
    raw = scene.export("csv").content
    assert raw.startswith(b"\xef\xbb\xbf"), raw[:10]  # the byte-order mark, for Excel
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 3, rows  # the private note is not one of them
    assert {r["note"] for r in rows} == {"Jalgrattateed üle jõe",
                                         "Rohkem pinke, größere Bänke", "'" + FORMULA}, rows
    formula = next(r for r in rows if r["note"].endswith(FORMULA[1:]))
    assert formula["outside_boundary"] == f"{BOUNDARIES[0]}: Seadus ei luba", formula
    assert all(r["author"] == "" for r in rows), rows

    actions = list(csv.DictReader(io.StringIO(
        scene.export("actions.csv").content.decode("utf-8-sig"))))
    assert [a["action"] for a in actions] == [ACTION, "Ohne Datum"], actions
    first = actions[0]
    assert (first["owner_group"], first["parties"], first["committed"], first["due"]) == (
        "Linn", "Linn; MTÜ", "Linn", "2027-03-15"), first
    assert first["all_parties_committed"] == "no" and "Asukohad valitud" in first["progress"]


@pytest.mark.parametrize("lang, words", [
    ("et", ("Väljakutse", "Piirid", "Tegevused", "tähtaeg 2027-03-15")),
    ("de", ("Herausforderung", "Grenzen", "Maßnahmen", "fällig am 2027-03-15")),
])
def test_the_pdf_carries_the_challenge_actions_and_boundaries(
        scene: Scene, tmp_path: Path, lang: str, words: tuple[str, ...]) -> None:
    r = scene.export("pdf", lang=lang)
    assert r.headers["content-type"] == "application/pdf"
    catalog = _catalog(r.content)
    assert b"/StructTreeRoot" in catalog and b"/Marked true" in catalog, catalog  # tagged
    assert f"/Lang ({lang})".encode() in catalog, catalog
    text = _pdf_text(r.content, tmp_path)
    for expected in (CHALLENGE, *BOUNDARIES, ACTION, "Mit dem Ministerium besprechen",
                     "Seadus ei luba", *words):
        assert expected in text, (expected, text)


def test_the_calendar_has_an_all_day_event_per_dated_action(scene: Scene) -> None:
    first = icalendar.Calendar.from_ical(scene.export("ics").content)
    events = [e for e in first.walk("VEVENT")]
    assert [str(e["summary"]) for e in events] == [ACTION], events
    assert events[0].decoded("dtstart") == date(2027, 3, 15)
    assert events[0].decoded("dtend") == date(2027, 3, 16)
    again = icalendar.Calendar.from_ical(scene.export("ics").content)
    assert [str(e["uid"]) for e in again.walk("VEVENT")] == [str(events[0]["uid"])]


def test_who_may_read_the_workshop_report(scene: Scene) -> None:
    path = f"/api/workshops/{scene.ws.id}/export"
    r = scene.olga.get(path, params={"format": "md"})  # its organiser, by session cookie
    assert r.status_code == 200 and "# Linnaruum kõigile" in r.text, r.text[:200]
    assert_error(scene.api.get(path, token=scene.people[0].token), 403, "forbidden")
    assert_error(scene.api.get(path), 401, "unauthorized")
    assert_error(scene.api.get(path, token=scene.ws.facilitator.token,
                               params={"format": "docx"}), 422, "invalid")
    assert_error(scene.api.get(path, token=scene.ws.facilitator.token,
                               params={"lang": "fr"}), 422, "invalid")
