"""Redis pub/sub between processes: one channel per room, `{prefix}room:{id}`.

A process subscribes to a room's channel when its first local client enters
the room and unsubscribes when the last one leaves, so it decodes only what
its clients need. Pub/sub is at-most-once: while Redis is down, or in the
moment a subscription is being restored, messages are lost. The hub closes
that window from the event log, polling fast while `status()` is "down" and
at once after a reconnect (`on_reconnect`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from cocreate.broker import OnMessage, OnReconnect

log = logging.getLogger("cocreate.broker.redis")

RETRY_MIN_S = 0.2
RETRY_MAX_S = 2.0
# A Redis that hangs (frozen host, partition) answers nothing and closes nothing:
# every call gets a deadline, and an idle subscription is pinged.
CALL_TIMEOUT_S = 2.0
PING_EVERY_S = 2.0
# Messages waiting for the publisher; past this (Redis too slow) the oldest go.
OUTBOX_MAX = 100_000
BATCH_MAX = 1000


class RedisBroker:
    def __init__(self, url: str, prefix: str = "cocreate:") -> None:
        self.url = url
        self.control = f"{prefix}control"
        self._channels: set[str] = set()
        self._client: aioredis.Redis | None = None
        self._pubsub: aioredis.client.PubSub | None = None
        self._reader: asyncio.Task[None] | None = None
        self._up = False
        self._publish_ok = True
        self._outbox: deque[tuple[str, bytes]] = deque(maxlen=OUTBOX_MAX)
        self._wake = asyncio.Event()
        self._publisher: asyncio.Task[None] | None = None
        self._on_message: OnMessage = lambda channel, message: None
        self._on_reconnect: OnReconnect | None = None

    def status(self) -> str:
        return "ok" if self._up and self._publish_ok else "down"

    async def connect(self, on_message: OnMessage, on_reconnect: OnReconnect) -> None:
        self._on_message, self._on_reconnect = on_message, on_reconnect
        self._client = aioredis.Redis.from_url(self.url, socket_connect_timeout=1.0,
                                               socket_timeout=None, health_check_interval=5)
        self._reader = asyncio.get_running_loop().create_task(self._read_forever())
        self._publisher = asyncio.get_running_loop().create_task(self._publish_forever())

    async def disconnect(self) -> None:
        for task in (self._reader, self._publisher):
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        if self._pubsub is not None:
            await _quietly(self._pubsub.aclose())
        if self._client is not None:
            await _quietly(self._client.aclose())
        self._up = False

    async def subscribe(self, channel: str) -> None:
        self._channels.add(channel)
        if self._up and self._pubsub is not None:
            try:
                await asyncio.wait_for(self._pubsub.subscribe(channel), CALL_TIMEOUT_S)
            except (RedisError, OSError, TimeoutError):
                self._up = False  # the reader reconnects and subscribes to all channels

    async def unsubscribe(self, channel: str) -> None:
        self._channels.discard(channel)
        if self._up and self._pubsub is not None:
            try:
                await asyncio.wait_for(self._pubsub.unsubscribe(channel), CALL_TIMEOUT_S)
            except (RedisError, OSError, TimeoutError):
                self._up = False

    def post(self, channel: str, message: bytes) -> None:
        self._outbox.append((channel, message))
        self._wake.set()

    async def _publish_forever(self) -> None:
        """One task sends every queued message, pipelined in batches.

        A task per message would open a pool connection each under load (and
        exhaust the pool); one writer keeps one connection busy instead. A
        failed batch is dropped (pub/sub is at-most-once anyway; the event log
        covers durable events) and never tears down the subscription.
        """
        assert self._client is not None
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._outbox:
                batch = [self._outbox.popleft()
                         for _ in range(min(BATCH_MAX, len(self._outbox)))]
                if not self._up:
                    continue  # down: drop, the log closes the gap
                try:
                    pipe = self._client.pipeline(transaction=False)
                    for channel, message in batch:
                        pipe.publish(channel, message)
                    await asyncio.wait_for(pipe.execute(), CALL_TIMEOUT_S)
                    self._publish_ok = True
                except asyncio.CancelledError:
                    raise
                except (RedisError, OSError, TimeoutError) as e:
                    if self._publish_ok:
                        log.warning("publishing to redis failed (%s); dropped %d messages",
                                    e, len(batch))
                    self._publish_ok = False

    async def _open(self) -> None:
        assert self._client is not None
        if self._pubsub is not None:
            await _quietly(self._pubsub.aclose())
        self._pubsub = self._client.pubsub(ignore_subscribe_messages=True)
        await asyncio.wait_for(self._pubsub.subscribe(self.control, *self._channels),
                               CALL_TIMEOUT_S)

    async def _read_forever(self) -> None:
        loop = asyncio.get_running_loop()
        delay = RETRY_MIN_S
        first = True
        while True:
            try:
                await self._open()
                self._up = True
                delay = RETRY_MIN_S
                if not first:
                    log.warning("redis is back; catching up from the event log")
                    if self._on_reconnect is not None:
                        await self._on_reconnect()
                first = False
                assert self._pubsub is not None and self._client is not None
                client = self._client
                pinged = loop.time()
                while self._up:
                    message = await self._pubsub.get_message(timeout=0.5)
                    if loop.time() - pinged >= PING_EVERY_S:
                        await asyncio.wait_for(client.ping(), CALL_TIMEOUT_S)
                        pinged = loop.time()
                    if message is not None and message["type"] == "message":
                        self._hand_over(message["channel"], message["data"])
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError, TimeoutError) as e:
                if self._up:
                    log.warning("redis connection lost (%s); retrying", e)
                first = False
            except Exception:
                log.exception("redis reader failed; retrying")
                first = False
            self._up = False
            await asyncio.sleep(delay)
            delay = min(RETRY_MAX_S, delay * 2)


    def _hand_over(self, channel: str | bytes, data: bytes) -> None:
        """Give a message to `on_message`; what it raises is its own failure, not
        Redis's, so it is logged and the subscription stays up."""
        name = channel.decode() if isinstance(channel, bytes) else channel
        try:
            self._on_message(name, data)
        except Exception:
            log.exception("handling a message on %s failed; the subscription stays", name)


async def _quietly(aw: Awaitable[object]) -> None:
    with contextlib.suppress(Exception):
        await aw


async def delete_keys_naming(url: str, prefix: str, ids: set[str]) -> int:
    """Delete every key under `prefix` one of whose `:`-separated parts is one of `ids`
    (a deleted workshop's, its rooms' and its participants' ids); how many went.

    The broker itself keeps no keys (pub/sub channels are not keys), so this sweeps
    whatever a deployment or a later feature stored under the prefix for them."""
    client = aioredis.Redis.from_url(url, socket_connect_timeout=CALL_TIMEOUT_S,
                                     socket_timeout=CALL_TIMEOUT_S)
    try:
        doomed = [key async for key in client.scan_iter(match=f"{prefix}*", count=1000)
                  if ids & set(key.decode(errors="replace")[len(prefix):].split(":"))]
        n = 0
        for i in range(0, len(doomed), BATCH_MAX):
            n += int(await client.delete(*doomed[i:i + BATCH_MAX]))
        return n
    finally:
        await client.aclose()
