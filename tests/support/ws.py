"""A small real WebSocket client speaking protocol v1, for integration tests.

A background task reads every frame into `messages` (in arrival order) and
wakes the waiters; helpers wait for the first message after a mark that
matches a predicate, so a test never sleeps to find out what happened.
Every wait has a generous timeout and fails with the recent traffic.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

from websockets.asyncio.client import ClientConnection
from websockets.asyncio.client import connect as _ws_connect
from websockets.exceptions import ConnectionClosed

TIMEOUT = 30.0
# How often, and after how long (growing), a patient client sends a rate-limited op again.
PATIENT_TRIES = 6
PATIENT_WAIT_S = 0.5
Message = dict[str, Any]


def now_ms() -> int:
    return int(time.time() * 1000)


def run(coro: Any, timeout: float = 300.0) -> Any:
    """Run one async scenario from a plain test function."""

    async def bounded() -> Any:
        return await asyncio.wait_for(coro, timeout)

    return asyncio.run(bounded())


class Client:
    """One open WebSocket connection and everything it received."""

    _refs = itertools.count(1)

    def __init__(self, ws: ClientConnection, label: str = "") -> None:
        self.ws = ws
        self.label = label
        self.messages: list[Message] = []
        # The text of every frame as it arrived, for tests that inspect raw frames.
        self.raw: list[str] = []
        self.closed = False
        self.close_code: int | None = None
        self.welcome: Message | None = None
        # A patient client waits and sends an op again with the same ref when it is
        # answered `rate_limited`, as the web client does; the rest see that answer.
        self.patient = False
        self._changed = asyncio.Condition()
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, url: str, *, origin: str | None = None, label: str = "",
                   timeout: float = TIMEOUT) -> Client:
        ws = await _ws_connect(url, origin=origin, compression=None, proxy=None,
                               ping_interval=None, max_size=2**24, max_queue=None,
                               open_timeout=timeout, close_timeout=5)
        return cls(ws, label)

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                self.raw.append(raw if isinstance(raw, str) else raw.decode("utf-8", "replace"))
                try:
                    msg = json.loads(raw)
                except ValueError:
                    msg = {"type": "<not json>", "raw": raw}
                if not isinstance(msg, dict):
                    msg = {"type": "<not an object>", "raw": raw}
                self.messages.append(msg)
                async with self._changed:
                    self._changed.notify_all()
        except ConnectionClosed:
            pass
        finally:
            self.closed = True
            self.close_code = self.ws.close_code
            async with self._changed:
                self._changed.notify_all()

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.ws.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._reader, 10)
        if not self._reader.done():
            self._reader.cancel()
            with contextlib.suppress(BaseException):
                await self._reader

    # sending

    async def send(self, obj: Any) -> None:
        await self.ws.send(json.dumps(obj))

    async def send_raw(self, text: str | bytes | Iterable[str]) -> None:
        await self.ws.send(text)

    def new_ref(self) -> str:
        return f"{self.label or 'c'}-{next(self._refs)}"

    # waiting

    def mark(self) -> int:
        """A position in `messages`; waits may start from it."""
        return len(self.messages)

    def _describe(self, start: int) -> str:
        tail = self.messages[max(start, len(self.messages) - 12):]
        shown = [json.dumps(m)[:300] for m in tail]
        state = f"closed with {self.close_code}" if self.closed else "open"
        return f"[{self.label}] connection {state}; last messages:\n  " + "\n  ".join(shown)

    async def wait_for(self, pred: Callable[[Message], bool], *, start: int = 0,
                       timeout: float = TIMEOUT, what: str = "a message") -> Message:
        """The first message at or after `start` that satisfies `pred`."""
        deadline = time.monotonic() + timeout
        i = start
        async with self._changed:
            while True:
                while i < len(self.messages):
                    if pred(self.messages[i]):
                        return self.messages[i]
                    i += 1
                if self.closed:
                    raise AssertionError(f"closed while waiting for {what}. "
                                         + self._describe(start))
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no {what} within {timeout}s. " + self._describe(start))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)

    async def wait_type(self, type_: str, *, start: int = 0, timeout: float = TIMEOUT,
                        what: str | None = None, **fields: Any) -> Message:
        """The first message of this type (and these field values) at or after `start`."""
        def match(m: Message) -> bool:
            return m.get("type") == type_ and all(m.get(k) == v for k, v in fields.items())
        return await self.wait_for(match, start=start, timeout=timeout,
                                   what=what or f"{type_} {fields or ''}")

    async def wait_closed(self, timeout: float = TIMEOUT) -> int | None:
        """Wait until the server closes the connection; return the close code."""
        try:
            await asyncio.wait_for(asyncio.shield(self._reader), timeout)
        except TimeoutError:
            raise AssertionError(f"not closed within {timeout}s. " + self._describe(0)) from None
        return self.close_code

    # protocol

    async def hello(self, token: str, room: str | None = None, since: int | None = None,
                    timeout: float = TIMEOUT, presence: str | None = None) -> Message:
        """Send hello and return the welcome."""
        start = self.mark()
        frame: Message = {"type": "hello", "token": token}
        if room is not None:
            frame["room"] = room
        if presence is not None:
            frame["presence"] = presence
        if since is not None:
            frame["since"] = since
        await self.send(frame)
        self.welcome = await self.wait_type("welcome", start=start, timeout=timeout)
        return self.welcome

    async def request(self, op: str, data: Any = None, *, ref: str | None = None,
                      timeout: float = TIMEOUT, omit_data: bool = False) -> Message:
        """Send an op; return its ack or error (matched by ref)."""
        ref = ref if ref is not None else self.new_ref()
        start = self.mark()
        frame: Message = {"type": "op", "ref": ref, "op": op}
        if not omit_data:
            frame["data"] = {} if data is None else data
        for attempt in range(PATIENT_TRIES):
            await self.send(frame)
            reply = await self.wait_for(
                lambda m: m.get("type") in ("ack", "error") and m.get("ref") == ref,
                start=start, timeout=timeout, what=f"ack or error for {op} ref={ref!r}")
            if not (self.patient and reply.get("code") == "rate_limited"):
                break
            await asyncio.sleep(PATIENT_WAIT_S * (attempt + 1))
            start = self.mark()
        return reply

    async def ack(self, op: str, data: Any = None, *, ref: str | None = None,
                  timeout: float = TIMEOUT) -> int:
        """Send an op that must be accepted; return its seq."""
        reply = await self.request(op, data, ref=ref, timeout=timeout)
        assert reply["type"] == "ack", (op, data, reply)
        assert isinstance(reply["seq"], int), reply
        return reply["seq"]

    async def refused(self, op: str, data: Any, code: str, *, ref: str | None = None,
                      timeout: float = TIMEOUT) -> Message:
        """Send an op that must be refused with `code`; return the error."""
        reply = await self.request(op, data, ref=ref, timeout=timeout)
        assert reply["type"] == "error", (op, data, reply)
        assert reply["code"] == code, (op, data, reply)
        assert isinstance(reply["message"], str) and reply["message"], reply
        return reply

    async def event(self, seq: int, *, timeout: float = TIMEOUT) -> Message:
        """The event with this seq (waiting for it)."""
        return await self.wait_type("event", seq=seq, timeout=timeout)

    async def ping(self, t: Any = "probe", timeout: float = TIMEOUT) -> Message:
        """A round trip that proves the connection still works."""
        start = self.mark()
        await self.send({"type": "ping", "t": t})
        return await self.wait_type("pong", start=start, timeout=timeout, t=t)

    # reading what arrived

    def of_type(self, type_: str, start: int = 0) -> list[Message]:
        return [m for m in self.messages[start:] if m.get("type") == type_]

    def events(self, start: int = 0) -> list[Message]:
        return self.of_type("event", start)

    def event_seqs(self, start: int = 0) -> list[int]:
        return [e["seq"] for e in self.events(start)]


@contextlib.asynccontextmanager
async def connect(url: str, token: str | None = None, *, room: str | None = None,
                  since: int | None = None, origin: str | None = None,
                  label: str = "", patient: bool = False) -> AsyncIterator[Client]:
    """Open a connection (and say hello when a token is given); close it after."""
    client = await Client.open(url, origin=origin, label=label)
    client.patient = patient
    try:
        if token is not None:
            await client.hello(token, room=room, since=since)
        yield client
    finally:
        await client.close()


async def open_many(url: str, tokens: list[tuple[str, str]], concurrency: int = 25,
                    timeout: float = 120.0) -> list[Client]:
    """Open and hello one connection per (label, token), a few at a time."""
    gate = asyncio.Semaphore(concurrency)
    clients: list[Client] = []

    async def one(label: str, token: str) -> None:
        async with gate:
            client = await Client.open(url, label=label, timeout=timeout)
            clients.append(client)
            await client.hello(token, timeout=timeout)

    try:
        await asyncio.gather(*(one(label, token) for label, token in tokens))
    except BaseException:
        await asyncio.gather(*(c.close() for c in clients))
        raise
    by_label = {c.label: c for c in clients}
    return [by_label[label] for label, _ in tokens]
