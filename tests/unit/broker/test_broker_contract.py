"""One contract for every broker backend: memory (one process) and a real Redis.

The hub relies on exactly this much: a subscribed channel's messages reach
`on_message(channel: str, message: bytes)` in the order they were published,
an unsubscribed channel's do not, `status()` tells "off" (no broker), "ok" or
"down", and a backend that lost its server reconnects by itself, subscribes
again and calls `on_reconnect` so the hub can catch up from the event log.
Pub/sub is at-most-once, so a first message is published until it arrives.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable

import pytest

from cocreate.broker import Broker, make_broker
from cocreate.broker.memory import MemoryBroker
from support.redis import RedisServer
from support.ws import run

WAIT_S = 10.0
_prefixes = itertools.count(1)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def broker_url(request: pytest.FixtureRequest) -> str:
    if request.param == "memory":
        return "memory://"
    server: RedisServer = request.getfixturevalue("redis_server")
    return server.url


class Inbox:
    """What one broker delivered, and how often it reconnected."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, bytes]] = []
        self.reconnects = 0

    def on_message(self, channel: str, message: bytes) -> None:
        self.messages.append((channel, message))
        if message.startswith(b"boom"):
            raise RuntimeError("the hub failed on this message")

    async def on_reconnect(self) -> None:
        self.reconnects += 1

    def on(self, channel: str) -> list[bytes]:
        return [m for c, m in self.messages if c == channel]


async def _until(check: Callable[[], bool], what: str, timeout: float = WAIT_S,
                 poke: Callable[[], None] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        if poke is not None:
            poke()
        await asyncio.sleep(0.02)


async def _connected(url: str) -> tuple[Broker, Inbox, str]:
    broker = make_broker(url, prefix="test:")
    inbox = Inbox()
    await broker.connect(inbox.on_message, inbox.on_reconnect)
    await _until(lambda: broker.status() in ("ok", "off"), "the broker is up")
    return broker, inbox, f"test:room:{next(_prefixes)}-{time.monotonic_ns()}"


async def _subscribed(broker: Broker, inbox: Inbox, channel: str) -> None:
    """Subscribe and wait until the subscription carries a message (a probe)."""
    await broker.subscribe(channel)
    probe = b"probe:" + channel.encode()
    await _until(lambda: probe in inbox.on(channel), f"a probe on {channel}",
                 poke=lambda: broker.post(channel, probe))


def test_backend_is_chosen_by_url() -> None:
    assert isinstance(make_broker(None), MemoryBroker)
    assert isinstance(make_broker("memory://"), MemoryBroker)
    from cocreate.broker.redis import RedisBroker
    assert isinstance(make_broker("redis://127.0.0.1:1/0"), RedisBroker)  # connects lazily
    with pytest.raises(ValueError):
        make_broker("nats://127.0.0.1:4222")


def test_subscribed_channel_receives_in_publish_order(broker_url: str) -> None:
    async def scenario() -> None:
        broker, inbox, channel = await _connected(broker_url)
        try:
            await _subscribed(broker, inbox, channel)
            before = len(inbox.on(channel))
            sent = [f"event {i}".encode() for i in range(200)]
            for message in sent:
                broker.post(channel, message)
            await _until(lambda: len(inbox.on(channel)) >= before + len(sent), "200 messages")
            got = [m for m in inbox.on(channel)[before:] if not m.startswith(b"probe:")]
            assert got == sent
            assert all(isinstance(c, str) and isinstance(m, bytes) for c, m in inbox.messages)
        finally:
            await broker.disconnect()

    run(scenario(), timeout=60)


def test_unsubscribed_channel_receives_nothing(broker_url: str) -> None:
    async def scenario() -> None:
        broker, inbox, channel = await _connected(broker_url)
        left, stays, later = channel + "-left", channel + "-stays", channel + "-later"
        try:
            await _subscribed(broker, inbox, left)
            await _subscribed(broker, inbox, stays)
            await broker.unsubscribe(left)
            # A later subscription on the same connection proves the unsubscribe took effect.
            await _subscribed(broker, inbox, later)
            broker.post(left, b"nobody listens")
            broker.post(stays, b"sentinel")
            await _until(lambda: b"sentinel" in inbox.on(stays), "the sentinel")
            assert b"nobody listens" not in inbox.on(left)
            never = channel + "-never"
            broker.post(never, b"never subscribed")
            broker.post(stays, b"sentinel 2")
            await _until(lambda: b"sentinel 2" in inbox.on(stays), "the second sentinel")
            assert inbox.on(never) == []
        finally:
            await broker.disconnect()

    run(scenario(), timeout=60)


def test_a_failing_handler_keeps_the_subscription(broker_url: str) -> None:
    """What `on_message` raises is the hub's failure, not the broker's: the
    subscription stays up, nothing reconnects, later messages arrive."""
    async def scenario() -> None:
        broker, inbox, channel = await _connected(broker_url)
        try:
            await _subscribed(broker, inbox, channel)
            broker.post(channel, b"boom 1")
            broker.post(channel, b"after the boom")
            await _until(lambda: b"after the boom" in inbox.on(channel), "the next message")
            assert inbox.on(channel).count(b"boom 1") == 1
            assert inbox.reconnects == 0
            assert broker.status() in ("ok", "off")
        finally:
            await broker.disconnect()

    run(scenario(), timeout=30)


def test_status_names_the_backend(broker_url: str) -> None:
    async def scenario() -> None:
        broker, _, _ = await _connected(broker_url)
        try:
            assert broker.status() == ("off" if broker_url.startswith("memory") else "ok")
        finally:
            await broker.disconnect()

    run(scenario(), timeout=30)


@pytest.mark.redis
def test_redis_carries_messages_between_processes(redis_server: RedisServer) -> None:
    async def scenario() -> None:
        one, one_inbox, channel = await _connected(redis_server.url)
        two, two_inbox, _ = await _connected(redis_server.url)
        try:
            await two.subscribe(channel)
            await _until(lambda: b"hi" in two_inbox.on(channel), "a message from one to two",
                         poke=lambda: one.post(channel, b"hi"))
            assert one_inbox.on(channel) == []  # one never subscribed
        finally:
            await one.disconnect()
            await two.disconnect()

    run(scenario(), timeout=30)


@pytest.mark.redis
def test_redis_outage_is_down_then_resubscribes_and_reports_reconnect(
        redis_server: RedisServer) -> None:
    async def scenario() -> None:
        broker, inbox, channel = await _connected(redis_server.url)
        try:
            await _subscribed(broker, inbox, channel)
            assert inbox.reconnects == 0
            redis_server.kill()
            await _until(lambda: broker.status() == "down", "status down after the kill")
            # Posting while down returns at once and drops the message (the log covers it).
            started = time.monotonic()
            broker.post(channel, b"lost")
            assert time.monotonic() - started < 0.1
            # A channel subscribed while down is subscribed on reconnect too.
            await broker.subscribe(channel + "-while-down")
            await asyncio.sleep(0.5)
            assert broker.status() == "down"
            redis_server.start()
            await _until(lambda: broker.status() == "ok", "status ok after the restart")
            await _until(lambda: inbox.reconnects == 1, "on_reconnect once")
            for ch in (channel, channel + "-while-down"):
                await _until(lambda ch=ch: b"after" in inbox.on(ch), f"a message on {ch} after",
                             poke=lambda ch=ch: broker.post(ch, b"after"))
            assert b"lost" not in inbox.on(channel)
        finally:
            await broker.disconnect()

    run(scenario(), timeout=60)
