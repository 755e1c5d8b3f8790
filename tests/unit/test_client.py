"""A client's writes: straight through when the socket takes them, queued in order
while it is paused, and every failure closes the socket with a code.

The socket is a fake with the same shape as the server's: `send` is a
coroutine that waits on an event while the transport is paused.
"""

from __future__ import annotations

import asyncio

from cocreate import client as client_module
from cocreate.client import Client
from support.ws import run


class FakeSocket:
    def __init__(self) -> None:
        self.written: list[str] = []
        self.closed: list[tuple[int, str]] = []
        self.writable = asyncio.Event()
        self.writable.set()
        self.fail_with: Exception | None = None

    async def send(self, frame: str) -> None:
        await self.writable.wait()  # what uvicorn's send does while paused
        if self.fail_with is not None:
            raise self.fail_with
        self.written.append(frame)

    async def close(self, code: int, reason: str) -> None:
        self.closed.append((code, reason))


async def _settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


def test_frames_go_straight_through_while_the_socket_takes_them() -> None:
    async def scenario() -> None:
        sock = FakeSocket()
        c = Client("c1", sock.send, sock.close)
        for i in range(5):
            c.send(f"f{i}")
        assert sock.written == [f"f{i}" for i in range(5)]  # no task switch needed
    run(scenario(), timeout=10)


def test_a_paused_socket_gets_everything_in_order_once_it_reads_again() -> None:
    async def scenario() -> None:
        sock = FakeSocket()
        c = Client("c1", sock.send, sock.close)
        c.send("before")
        sock.writable.clear()  # the client stopped reading
        for i in range(100):
            c.send(f"f{i}")
        await _settle()
        assert sock.written == ["before"]
        sock.writable.set()
        await _settle()
        assert sock.written == ["before"] + [f"f{i}" for i in range(100)]
        # Paused and resumed again: still nothing lost, still in order.
        sock.writable.clear()
        c.send("again")
        c.send("and again")
        await _settle()
        sock.writable.set()
        await _settle()
        assert sock.written[-2:] == ["again", "and again"]
        assert sock.closed == []
    run(scenario(), timeout=10)


def test_an_outbox_that_overflows_closes_with_1013() -> None:
    async def scenario() -> None:
        sock = FakeSocket()
        c = Client("c1", sock.send, sock.close)
        sock.writable.clear()
        for i in range(client_module.OUTBOX_MAX_FRAMES + 2):
            c.send(f"f{i}")
        await _settle()
        assert [code for code, _ in sock.closed] == [1013]
        c.send("after the close")
        sock.writable.set()
        await _settle()
        assert "after the close" not in sock.written
    run(scenario(), timeout=10)


def test_a_write_that_fails_closes_the_socket_with_1011() -> None:
    async def scenario() -> None:
        sock = FakeSocket()
        c = Client("c1", sock.send, sock.close)
        sock.fail_with = RuntimeError("the transport broke")
        c.send("lost")
        await _settle()
        assert [code for code, _ in sock.closed] == [1011]
    run(scenario(), timeout=10)


def test_a_write_that_fails_after_a_pause_closes_the_socket_with_1011() -> None:
    async def scenario() -> None:
        sock = FakeSocket()
        c = Client("c1", sock.send, sock.close)
        sock.writable.clear()
        c.send("waits")
        c.send("queued")
        await _settle()
        sock.fail_with = RuntimeError("the transport broke")
        sock.writable.set()
        await _settle()
        assert [code for code, _ in sock.closed] == [1011]
        assert sock.written == []
    run(scenario(), timeout=10)


def test_shutdown_stops_a_waiting_writer() -> None:
    async def scenario() -> None:
        sock = FakeSocket()
        c = Client("c1", sock.send, sock.close)
        sock.writable.clear()
        c.send("never")
        await _settle()
        await c.shutdown()
        sock.writable.set()
        await _settle()
        assert sock.written == [] and sock.closed == []
    run(scenario(), timeout=10)
