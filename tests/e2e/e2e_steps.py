"""Small steps the browser tests share: wait for the socket, add and find notes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Locator, Page, expect

TIMEOUT = 15_000
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"


@dataclass
class Member:
    workshop_id: str
    participant_id: str
    token: str
    role: str
    name: str

    def storage(self) -> dict[str, str]:
        value = {"token": self.token, "participant_id": self.participant_id, "role": self.role,
                 "name": self.name, "title": ""}
        return {f"cocreate:member:{self.workshop_id}": json.dumps(value)}


@dataclass
class Workshop:
    base: str
    id: str
    join_code: str
    plenary_room_id: str
    facilitator: Member
    body: dict[str, Any] = field(default_factory=dict)

    def join(self, name: str, group: str | None = None, role: str = "participant",
             site: str = "onsite") -> Member:
        body: dict[str, Any] = {"join_code": self.join_code, "name": name, "site": site}
        if group:
            body["group"] = group
        if role != "participant":
            body["role"] = role
        r = httpx.post(self.base + "/api/join", json=body, timeout=30, trust_env=False)
        assert r.status_code == 201, r.text
        data = r.json()
        return Member(self.id, data["participant_id"], data["token"], role, name)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_online(page: Page) -> None:
    expect(page.get_by_test_id("connection")).to_have_attribute("data-status", "online",
                                                                 timeout=TIMEOUT)


def note(page: Page, text: str) -> Locator:
    """The note(s) whose text is exactly `text` (canvas or phone list)."""
    return page.locator("[data-testid=note]").filter(
        has=page.get_by_test_id("note-text").get_by_text(text, exact=True))


def add_note_with_button(page: Page, text: str) -> None:
    page.get_by_test_id("add-note").click()
    editor = page.get_by_test_id("note-editor")
    expect(editor).to_be_focused()
    editor.fill(text)
    editor.press("Enter")
    expect(page.get_by_test_id("note-editor")).to_have_count(0)


def note_position(page: Page, text: str) -> tuple[float, float]:
    box = note(page, text).evaluate("el => [parseFloat(el.style.left), parseFloat(el.style.top)]")
    return box[0], box[1]


def wait_position(page: Page, text: str, x: float, y: float) -> None:
    page.wait_for_function(
        """([text, x, y]) => [...document.querySelectorAll('[data-testid=note]')].some(el =>
             el.querySelector('[data-testid=note-text]')?.textContent === text &&
             Math.abs(parseFloat(el.style.left) - x) < 1 &&
             Math.abs(parseFloat(el.style.top) - y) < 1)""",
        arg=[text, x, y], timeout=TIMEOUT)


def settled(page: Page) -> None:
    """Wait until this page has no op that the server has not applied."""
    page.wait_for_function("() => window.cocreate && window.cocreate.pending().length === 0",
                           timeout=TIMEOUT)


def send_ops(ws_url: str, token: str, ops: list[tuple[str, dict]],
             room: str | None = None) -> list[dict]:
    """Send ops as `token` over a plain WebSocket, one by one; return each op's event data."""
    import uuid

    from websockets.sync.client import connect

    out: list[dict] = []
    with connect(ws_url, proxy=None) as ws:
        hello: dict = {"type": "hello", "token": token}
        if room:
            hello["room"] = room
        ws.send(json.dumps(hello))
        while json.loads(ws.recv(timeout=15))["type"] != "welcome":
            pass
        for name, data in ops:
            ref = uuid.uuid4().hex  # refs are remembered per participant: never reuse one
            ws.send(json.dumps({"type": "op", "ref": ref, "op": name, "data": data}))
            seq = None
            events: dict[int, dict] = {}
            while seq is None or seq not in events:
                msg = json.loads(ws.recv(timeout=15))
                if msg["type"] == "ack" and msg["ref"] == ref:
                    seq = msg["seq"]
                elif msg["type"] == "error" and msg.get("ref") == ref:
                    raise AssertionError(f"{name} refused: {msg}")
                elif msg["type"] == "event":
                    events[msg["seq"]] = msg["data"]
            out.append(events[seq])
    return out
