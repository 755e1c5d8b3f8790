"""What a client shows: a room's notes rebuilt from a welcome and the events after it.

Only the ops the real-time core tests use are applied (notes and the lock);
any other op fails loudly so a test never compares a half-applied board.
"""

from __future__ import annotations

from typing import Any

Message = dict[str, Any]


class Replica:
    def __init__(self, state: dict[str, Any] | None = None, seq: int = 0) -> None:
        self.seq = seq
        self.notes: dict[str, dict[str, Any]] = {}
        self.locked = False
        if state is not None:
            self.load(state, seq)

    def load(self, state: dict[str, Any], seq: int) -> None:
        self.notes = {n["id"]: dict(n) for n in state["notes"]}
        self.locked = state["locked"]
        self.seq = seq

    def apply(self, event: Message) -> None:
        assert event["type"] == "event", event
        assert event["seq"] == self.seq + 1, f"expected seq {self.seq + 1}, got {event}"
        self.seq = event["seq"]
        op, data = event["op"], event["data"]
        if op in ("note.add", "note.edit"):
            self.notes[data["id"]] = dict(data)
        elif op == "note.move":
            self.notes[data["id"]].update(x=data["x"], y=data["y"])
        elif op == "note.delete":
            del self.notes[data["id"]]
        elif op in ("board.lock", "board.unlock"):
            self.locked = data["locked"]
        else:
            raise AssertionError(f"the test replica does not apply {op}")
        for moved in data.get("layout", {}).get("notes", []):
            # Where the server's layout put other notes (board-state.js does the same).
            if moved["id"] in self.notes:
                self.notes[moved["id"]].update(x=moved["x"], y=moved["y"])

    def catch_up(self, welcome: Message, events: list[Message]) -> Replica:
        """Apply a (re)connection's welcome and the events after it, as a client does.

        A welcome with a state replaces the board; one with `state: null` means
        the events continue from this replica's own seq.
        """
        if welcome["state"] is not None:
            self.load(welcome["state"], welcome["seq"])
        for event in events:
            self.apply(event)
        assert self.seq >= welcome["seq"], f"replay stopped at {self.seq} < {welcome['seq']}"
        return self

    def texts(self) -> dict[str, str]:
        return {nid: n["text"] for nid, n in self.notes.items()}

    def view(self) -> dict[str, tuple[Any, ...]]:
        """What a user sees of each note (timestamps left out)."""
        return {nid: (n["text"], n.get("color"), n.get("x"), n.get("y"), n.get("cluster"))
                for nid, n in self.notes.items()}

