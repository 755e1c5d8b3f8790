"""The web client across a server restart: what was typed meanwhile arrives once."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from e2e_steps import TIMEOUT, Member, Workshop, add_note_with_button, note, settled, wait_online
from support.server import ServerProcess, fresh_sqlite_url

pytestmark = pytest.mark.e2e


class Restartable:
    """A server on one SQLite file and one port that can be stopped and started again."""

    def __init__(self) -> None:
        self.url = fresh_sqlite_url()
        self.servers = [ServerProcess(database_url=self.url).start(timeout=60)]

    @property
    def base(self) -> str:
        return self.servers[0].http

    def stop(self) -> None:
        self.servers[-1].stop()

    def start_again(self) -> None:
        again = ServerProcess(database_url=self.url, port=self.servers[0].port)
        self.servers.append(again.start(timeout=60))

    def close(self) -> None:
        for s in self.servers:
            s.stop()
            if s.log_path is not None:
                s.log_path.unlink(missing_ok=True)
        shutil.rmtree(Path(self.url.removeprefix("sqlite:///")).parent, ignore_errors=True)


@pytest.fixture
def restartable() -> Iterator[Restartable]:
    r = Restartable()
    yield r
    r.close()


def open_board(browser: Browser, base: str, member: Member) -> Page:
    ctx = browser.new_context(base_url=base, viewport={"width": 1366, "height": 768})
    ctx.add_init_script("(() => { for (const [k, v] of Object.entries("
                        + json.dumps(member.storage())
                        + ")) localStorage.setItem(k, v); })()")
    page = ctx.new_page()
    page.goto(f"/board.html?w={member.workshop_id}")
    wait_online(page)
    return page


def test_a_note_written_while_the_server_restarts_arrives_once(restartable, browser):
    data = httpx.post(restartable.base + "/api/workshops",
                      json={"title": "Restart", "groups": ["City"]},
                      timeout=30, trust_env=False).json()
    fac = Member(data["workshop"]["id"], data["facilitator"]["participant_id"],
                 data["facilitator"]["token"], "facilitator", "Fran")
    ws = Workshop(restartable.base, data["workshop"]["id"], data["join_code"],
                  data["plenary_room_id"], fac)
    pa = open_board(browser, ws.base, ws.join("Ana", "City"))
    pb = open_board(browser, ws.base, ws.join("Ben", "City"))
    try:
        add_note_with_button(pa, "Before the restart")
        expect(note(pb, "Before the restart")).to_have_count(1, timeout=TIMEOUT)

        restartable.stop()
        expect(pa.get_by_test_id("connection")).not_to_have_attribute("data-status", "online",
                                                                      timeout=TIMEOUT)
        add_note_with_button(pa, "During the restart")
        expect(note(pa, "During the restart").get_by_test_id("note-pending")).to_be_visible()

        restartable.start_again()
        for page in (pa, pb):
            # Backoff is capped at 15 s; reconnecting takes at most that long after the server
            # is back.
            expect(page.get_by_test_id("connection")).to_have_attribute("data-status", "online",
                                                                         timeout=40_000)
        settled(pa)
        for page in (pa, pb):
            expect(note(page, "During the restart")).to_have_count(1, timeout=TIMEOUT)
            expect(note(page, "Before the restart")).to_have_count(1)
    finally:
        pa.context.close()
        pb.context.close()
