"""Clients of a room spread over several server processes, as the scale tests see them.

A `Follower` is one person's view of a room across reconnections: it applies
every event it receives to a `Replica` (which fails on a gap or a repeat),
keeps the full history of events, and when its connection drops it opens a
new one on a server that is still up, with `since` set to the last seq it
applied, as the web client does. A `Writer` is a follower that also sends
ops in a loop and remembers every ack; an op whose connection died before
its ack is sent again with the same ref on the new connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import time
from collections.abc import Sequence
from typing import Any

import httpx
from websockets.exceptions import ConnectionClosed

from support.api import Member
from support.replica import Replica
from support.server import ServerProcess
from support.ws import Client, Message, connect

SYNC_TIMEOUT = 20.0
RETRYABLE = ("unavailable", "rate_limited")


async def healthz(server: ServerProcess) -> tuple[int, dict[str, Any]]:
    async with httpx.AsyncClient(base_url=server.http, timeout=5.0, trust_env=False) as http:
        r = await http.get("/healthz")
        return r.status_code, r.json()


async def wait_health(server: ServerProcess, redis: str, timeout: float = 15.0) -> None:
    """Wait until `/healthz` answers 200 with this `redis` value."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = await healthz(server)
        if last == (200, {"db": "ok", "redis": redis}):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"/healthz on {server.port} never said redis={redis!r}; last: {last}")


async def fresh_state(server: ServerProcess, token: str) -> tuple[int, Replica]:
    """The room as a newcomer sees it now: (seq, board)."""
    async with connect(server.ws, token, label="newcomer") as client:
        welcome = client.welcome
        assert welcome is not None and welcome["state"] is not None
        return welcome["seq"], Replica(welcome["state"], welcome["seq"])


class Follower:
    """One person's connection to a room, re-opened on another server when it drops."""

    def __init__(self, label: str, member: Member, servers: Sequence[ServerProcess]) -> None:
        self.label = label
        self.member = member
        self.servers = list(servers)
        self.server: ServerProcess | None = None
        self.client: Client | None = None
        self.replica = Replica()
        self.history: list[Message] = []  # every event applied, in order, across connections
        self.complete = True  # False once a reconnect got a whole state instead of the events
        self.reconnects: list[tuple[int, int, Message]] = []  # (port, since, welcome)
        self._read = 0

    async def open(self, server: ServerProcess) -> None:
        since: int | None = None
        if self.client is not None:
            self.absorb()
            await self.client.close()
            self.absorb()
            since = self.replica.seq
        self.server = server
        self.client = await Client.open(server.ws, label=self.label)
        welcome = await self.client.hello(self.member.token, since=since)
        if since is None:
            assert welcome["state"] is not None
            self.replica.load(welcome["state"], welcome["seq"])
        else:
            self.reconnects.append((server.port, since, welcome))
            if welcome["state"] is not None:
                self.complete = False
                self.replica.load(welcome["state"], welcome["seq"])
        # Replayed events may already have arrived behind the welcome: read from it on.
        self._read = next(i for i, m in enumerate(self.client.messages) if m is welcome) + 1
        self.absorb()

    def absorb(self) -> None:
        """Apply what arrived since the last call (the replica refuses gaps and repeats)."""
        assert self.client is not None
        for message in self.client.messages[self._read:]:
            if message.get("type") == "event":
                if message["seq"] != self.replica.seq + 1:
                    raise AssertionError(
                        f"[{self.label}] on port {self.server and self.server.port} got seq "
                        f"{message['seq']} after {self.replica.seq} (reconnects: "
                        f"{[(p, s, w['seq'], w['state'] is None) for p, s, w in self.reconnects]})"
                        f"; received seqs: {self.client.event_seqs()[-30:]}")
                self.replica.apply(message)
                self.history.append(message)
        self._read = len(self.client.messages)

    def alive(self) -> list[ServerProcess]:
        return [s for s in self.servers if s.proc is not None and s.proc.poll() is None]

    async def reopen(self) -> None:
        """Open again with `since`, on the next server that is still running."""
        alive = self.alive()
        assert alive, "no server left to reconnect to"
        current = self.server.port if self.server else None
        ordered = [s for s in alive if s.port != current] + [s for s in alive if s.port == current]
        await self.open(ordered[0])

    async def sync(self, seq: int, timeout: float = SYNC_TIMEOUT) -> None:
        """Wait until this view has applied every event up to `seq`, reconnecting if needed."""
        deadline = time.monotonic() + timeout
        while True:
            assert self.client is not None
            self.absorb()
            if self.replica.seq >= seq:
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"[{self.label}] at seq {self.replica.seq}, "
                                     f"not {seq}, after {timeout}s")
            if self.client.closed:
                await self.reopen()
                continue
            with contextlib.suppress(AssertionError):  # closed or not yet: loop
                await self.client.wait_for(
                    lambda m: m.get("type") == "event" and m["seq"] >= seq,
                    start=self._read, timeout=min(remaining, 1.0), what=f"event {seq}")

    async def watch(self, stop: asyncio.Event) -> None:
        """Keep applying events; reconnect (with since) as soon as the socket drops."""
        while not stop.is_set():
            assert self.client is not None
            self.absorb()
            if self.client.closed:
                await self.reopen()
            await asyncio.sleep(0.02)

    async def close(self) -> None:
        if self.client is not None:
            await self.client.close()


class Writer(Follower):
    """A follower that adds, moves and edits notes and keeps every ack."""

    def __init__(self, label: str, member: Member, servers: Sequence[ServerProcess],
                 seed: int = 0) -> None:
        super().__init__(label, member, servers)
        self.acked: dict[str, tuple[int, str, dict[str, Any]]] = {}  # ref -> (seq, op, data)
        self.retried: list[str] = []  # refs sent again after their connection died
        self._random = random.Random(seed)
        self._refs = itertools.count(1)

    def next_op(self, i: int) -> tuple[str, dict[str, Any]]:
        mine = [nid for nid, n in self.replica.notes.items()
                if n.get("author") == self.member.participant_id]
        every = list(self.replica.notes)
        kind = i % 4
        if kind == 1 and every:
            return "note.move", {"id": self._random.choice(every),
                                 "x": self._random.randrange(2000),
                                 "y": self._random.randrange(2000)}
        if kind == 3 and mine:
            return "note.edit", {"id": self._random.choice(mine), "text": f"{self.label} e{i}"}
        return "note.add", {"text": f"{self.label} n{i}", "x": i, "y": len(self.label)}

    async def send(self, op: str, data: dict[str, Any], ref: str) -> int:
        """Send until acked (same ref after a reconnect or a retryable error); the seq."""
        deadline = time.monotonic() + SYNC_TIMEOUT
        while True:
            assert time.monotonic() < deadline, f"[{self.label}] {ref} never acked"
            assert self.client is not None
            if self.client.closed:
                self.retried.append(ref)
                await self.reopen()
            try:
                reply = await self.client.request(op, data, ref=ref, timeout=10)
            except (AssertionError, ConnectionClosed):
                if not self.client.closed:
                    with contextlib.suppress(AssertionError):
                        await self.client.wait_closed(2)
                if not self.client.closed:
                    raise
                continue
            if reply["type"] == "error" and reply["code"] in RETRYABLE:
                await asyncio.sleep(0.1)
                continue
            assert reply["type"] == "ack", (self.label, op, data, reply)
            self.acked[ref] = (reply["seq"], op, data)
            return int(reply["seq"])

    async def run(self, stop: asyncio.Event, pause: float = 0.03) -> None:
        for i in itertools.count():
            if stop.is_set():
                return
            self.absorb()
            op, data = self.next_op(i)
            await self.send(op, data, f"{self.label}-{next(self._refs)}")
            await asyncio.sleep(pause)

    async def run_count(self, count: int, pause: float = 0.0) -> None:
        for i in range(count):
            self.absorb()
            op, data = self.next_op(i)
            await self.send(op, data, f"{self.label}-{next(self._refs)}")
            if pause:
                await asyncio.sleep(pause)


def _frame(event: Message) -> str:
    return json.dumps(event, sort_keys=True)


def assert_one_history(followers: Sequence[Follower], last: int) -> None:
    """Every complete view holds the same events 1..last, byte for byte."""
    complete = [f for f in followers if f.complete]
    assert complete, "no view kept a complete history"
    reference = complete[0]
    assert [e["seq"] for e in reference.history] == list(range(1, last + 1)), reference.label
    expected = [_frame(e) for e in reference.history]
    for f in complete[1:]:
        got = [_frame(e) for e in f.history]
        assert len(got) == len(expected), (f.label, len(got), len(expected))
        for a, b in zip(got, expected, strict=True):
            assert a == b, f"{f.label} and {reference.label} differ:\n{a}\n{b}"
    for f in followers:
        assert f.replica.seq == last, (f.label, f.replica.seq, last)


def assert_acks_kept(writers: Sequence[Writer], followers: Sequence[Follower]) -> None:
    """Every acked op is the event of its seq in every view, from its sender, and
    every event is one acked op: nothing lost, nothing applied twice."""
    seqs = sorted(seq for w in writers for seq, _, _ in w.acked.values())
    assert seqs == list(range(1, len(seqs) + 1)), "acked seqs are not exactly 1..N"
    for w in writers:
        for ref, (seq, op, data) in w.acked.items():
            for f in followers:
                if not f.complete:
                    continue
                event = f.history[seq - 1]
                assert event["seq"] == seq and event["op"] == op, (ref, event)
                assert event["actor"] == w.member.participant_id, (ref, event)
                if op == "note.add":
                    assert event["data"]["text"] == data["text"], (ref, event)
                    assert event["data"]["id"] in f.replica.notes, (ref, f.label)
                elif op == "note.edit":
                    assert event["data"]["text"] == data["text"], (ref, event)
                else:
                    # The event says what was asked, and where the note ended up
                    # (`cluster`, and `layout` when the server moved others aside).
                    assert {k: event["data"][k] for k in data} == data, (ref, event)


def assert_same_board(followers: Sequence[Follower], fresh: Replica) -> None:
    view = fresh.view()
    for f in followers:
        assert f.replica.view() == view, f"{f.label}'s board differs from a fresh welcome"
