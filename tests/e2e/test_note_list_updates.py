"""The phone's list repaints only the notes an event changed, and every note
when something else on the board changes (a vote opens, a name arrives): what
people see stays what the board says."""

from __future__ import annotations

import json
import uuid

import pytest
from playwright.sync_api import Page, expect
from websockets.sync.client import ClientConnection, connect

from e2e_steps import TIMEOUT, note, screenshot, wait_online

pytestmark = pytest.mark.e2e

PHONE = (390, 844)


def _texts(page: Page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll(
        '[data-testid=list-view] [data-testid=note] [data-testid=note-text]')]
        .map((el) => el.textContent)""")


class Socket:
    """One member's socket, kept open: its ops change the board and nothing else
    (no presence frame comes between them, as it would for a socket per op)."""

    def __init__(self, ws: ClientConnection, token: str) -> None:
        self.ws = ws
        self.ws.send(json.dumps({"type": "hello", "token": token}))
        while json.loads(self.ws.recv(timeout=15))["type"] != "welcome":
            pass

    def op(self, name: str, data: dict) -> dict:
        ref = uuid.uuid4().hex
        self.ws.send(json.dumps({"type": "op", "ref": ref, "op": name, "data": data}))
        seq, events = None, {}
        while seq is None or seq not in events:
            msg = json.loads(self.ws.recv(timeout=15))
            if msg["type"] == "ack" and msg["ref"] == ref:
                seq = msg["seq"]
            elif msg["type"] == "error" and msg.get("ref") == ref:
                raise AssertionError(f"{name} refused: {msg}")
            elif msg["type"] == "event":
                events[msg["seq"]] = msg["data"]
        return events[seq]


def test_the_list_follows_moves_edits_votes_and_names(workshop, open_page, live_server):
    ben_member = workshop.join("Ben", "NGO")
    with connect(live_server.ws, proxy=None) as f, connect(live_server.ws, proxy=None) as b:
        fac, ben = Socket(f, workshop.facilitator.token), Socket(b, ben_member.token)
        ids = {text: ben.op("note.add", {"text": text, "x": 0, "y": 200 * i})["id"]
               for i, text in enumerate(["Trams", "Bikes", "Buses"])}
        ana = workshop.join("Ana", "City")
        page = open_page(f"/board.html?w={workshop.id}", ana, size=PHONE)
        wait_online(page)
        expect(page.get_by_test_id("list-view").get_by_test_id("note")).to_have_count(
            3, timeout=TIMEOUT)
        assert _texts(page) == ["Trams", "Bikes", "Buses"]
        expect(note(page, "Buses").get_by_test_id("note-author")).to_have_text("Ben · NGO",
                                                                               timeout=TIMEOUT)

        # One note moves: the list re-orders, the others are left as they were.
        ben.op("note.move", {"id": ids["Buses"], "x": 0, "y": -200})
        page.wait_for_function("""() => [...document.querySelectorAll(
            '[data-testid=list-view] [data-testid=note-text]')][0]?.textContent === 'Buses'""",
                               timeout=TIMEOUT)
        assert _texts(page) == ["Buses", "Trams", "Bikes"]
        ben.op("note.edit", {"id": ids["Bikes"], "text": "Bikes, and safe lanes"})
        expect(note(page, "Bikes, and safe lanes")).to_be_visible(timeout=TIMEOUT)

        # A vote opens: nothing about any note changed, yet every note gets its button.
        fac.op("voting.start", {"budget": 3, "hidden": False})
        expect(page.get_by_test_id("list-view").get_by_test_id("note-vote")).to_have_count(
            3, timeout=TIMEOUT)
        ben.op("vote.add", {"note": ids["Trams"]})
        ben.op("vote.add", {"note": ids["Trams"]})
        expect(note(page, "Trams").get_by_test_id("note-votes")).to_contain_text("2",
                                                                                timeout=TIMEOUT)
        # A move while the vote is open: the buttons and the tally stay on every note.
        ben.op("note.move", {"id": ids["Trams"], "x": 0, "y": 600})
        page.wait_for_function("""() => [...document.querySelectorAll(
            '[data-testid=list-view] [data-testid=note-text]')].at(-1)?.textContent === 'Trams'""",
                               timeout=TIMEOUT)
        expect(page.get_by_test_id("list-view").get_by_test_id("note-vote")).to_have_count(3)
        expect(note(page, "Trams").get_by_test_id("note-votes")).to_contain_text("2")
        screenshot(page, "list-vote-open-390x844")
        fac.op("voting.stop", {})
        expect(page.get_by_test_id("list-view").get_by_test_id("note-vote")).to_have_count(
            0, timeout=TIMEOUT)
