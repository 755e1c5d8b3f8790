"""HTTP helpers for tests: create a workshop, join it, read it back.

Every helper talks to a real server over a real socket; the `*_ok` helpers
assert the documented success status so a test reads as the user's story.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

TIMEOUT = 30.0


@dataclass(frozen=True)
class Member:
    """Someone holding a token: a facilitator, participant or wall."""

    participant_id: str
    token: str
    name: str
    role: str
    room_id: str


@dataclass(frozen=True)
class Workshop:
    """What `POST /api/workshops` answered, with the facilitator as a Member."""

    id: str
    join_code: str
    plenary_room_id: str
    facilitator: Member
    body: dict[str, Any]


class Api:
    """A synchronous JSON client for one server."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=TIMEOUT, trust_env=False)

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    def get(self, path: str, token: str | None = None, **kw: Any) -> httpx.Response:
        headers = dict(kw.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.get(path, headers=headers, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> httpx.Response:
        if body is not None:
            kw["json"] = body
        return self.http.post(path, **kw)

    def create_workshop(self, **body: Any) -> httpx.Response:
        body.setdefault("title", "Mobility in the city")
        return self.post("/api/workshops", body)

    def workshop(self, **body: Any) -> Workshop:
        """Create a workshop (authors `named` unless given) and expect 201."""
        body.setdefault("authors", "named")
        body.setdefault("groups", ["City", "NGO", "Business"])
        body.setdefault("facilitator_name", "Fran Facilitator")
        r = self.create_workshop(**body)
        assert r.status_code == 201, (r.status_code, r.text)
        data = r.json()
        facilitator = Member(
            participant_id=data["facilitator"]["participant_id"],
            token=data["facilitator"]["token"],
            name=body["facilitator_name"],
            role="facilitator",
            room_id=data["plenary_room_id"],
        )
        return Workshop(
            id=data["workshop"]["id"],
            join_code=data["join_code"],
            plenary_room_id=data["plenary_room_id"],
            facilitator=facilitator,
            body=data,
        )

    def join(self, join_code: str, name: str, group: str | None = None,
             role: str | None = None) -> httpx.Response:
        body: dict[str, Any] = {"join_code": join_code, "name": name}
        if group is not None:
            body["group"] = group
        if role is not None:
            body["role"] = role
        return self.post("/api/join", body)

    def member(self, workshop: Workshop, name: str, group: str | None = None,
               role: str = "participant") -> Member:
        """Join `workshop` and expect 201."""
        r = self.join(workshop.join_code, name, group=group,
                      role=None if role == "participant" else role)
        assert r.status_code == 201, (r.status_code, r.text)
        data = r.json()
        assert data["workshop_id"] == workshop.id, data
        return Member(participant_id=data["participant_id"], token=data["token"], name=name,
                      role=role, room_id=data["room_id"])

    def get_workshop(self, workshop_id: str, token: str | None) -> httpx.Response:
        return self.get(f"/api/workshops/{workshop_id}", token=token)


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The documented error body: `{"error": {"code", "message"}}`, nothing else."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["code"] == code, body
    message = body["error"]["message"]
    assert isinstance(message, str) and message, body
    assert "Traceback" not in message, body
    return body
