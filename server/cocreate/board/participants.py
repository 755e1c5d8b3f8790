"""A participant of a workshop: the protocol's P shape, as every layer knows it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from cocreate.board.state import Actor, Role


@dataclass(frozen=True)
class Participant:
    """Someone who joined a workshop (a facilitator, a participant or a wall)."""

    id: str
    workshop_id: str
    name: str
    role: Role
    group: str | None
    organisation: str | None
    site: str  # onsite | remote
    room_id: str

    def as_dict(self) -> dict[str, Any]:
        """The protocol's P shape."""
        return {"id": self.id, "name": self.name, "group": self.group, "role": self.role,
                "room": self.room_id, "organisation": self.organisation, "site": self.site}

    def as_actor(self) -> Actor:
        return Actor(self.id, self.role, self.name, self.group)

    def moved_to(self, room_id: str) -> Participant:
        return replace(self, room_id=room_id)
