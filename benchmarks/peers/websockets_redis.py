"""The pure-Python ceiling: `websockets` relaying with `broadcast()` over Redis pub/sub.

    python -m benchmarks.peers.websockets_redis --port P --redis redis://127.0.0.1:6379/0

A client opens `/ws?room=NAME`, gets `{"type":"welcome"}` once this process is
subscribed to the room, and every text message it sends is relayed unchanged
to everyone else in the room: at once to this process's members, and through
the room's Redis channel (`bench:room:NAME`) to the other processes, which
ignore their own publications. No parsing, no state, compression off.

Publications go through one task that sends whatever queued up meanwhile as one
pipeline: a publish awaited per message from every connection's handler would
need one pooled Redis connection per in-flight message, and redis-py's pool
refuses with "Too many connections" at 2,000 clients.

Slow consumers: `broadcast()` writes without backpressure, so a client that
stops reading grows its write buffer until the keepalive ping times it out.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from urllib.parse import parse_qs, urlparse

import redis.asyncio as aioredis
from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

PREFIX = b"bench:room:"


class Relay:
    def __init__(self, redis_url: str) -> None:
        self.origin = os.urandom(8).hex().encode()
        self.redis = aioredis.Redis.from_url(redis_url)
        self.pubsub = self.redis.pubsub()
        self.rooms: dict[bytes, set[ServerConnection]] = {}
        self.outbox: list[tuple[bytes, bytes]] = []
        self.flushing = False

    async def start(self) -> None:
        await self.pubsub.subscribe(b"bench:control")  # listen() needs one subscription
        asyncio.get_running_loop().create_task(self._listen())

    async def _listen(self) -> None:
        origin_len = len(self.origin)
        async for message in self.pubsub.listen():
            if message["type"] != "message":
                continue
            data: bytes = message["data"]
            if data[:origin_len] == self.origin:
                continue
            members = self.rooms.get(message["channel"])
            if members:
                broadcast(members, data[origin_len:], text=True)

    def publish(self, channel: bytes, data: bytes) -> None:
        self.outbox.append((channel, self.origin + data))
        if not self.flushing:
            self.flushing = True
            asyncio.get_running_loop().create_task(self._flush())

    async def _flush(self) -> None:
        try:
            while self.outbox:
                batch, self.outbox = self.outbox, []
                pipe = self.redis.pipeline(transaction=False)
                for channel, data in batch:
                    pipe.publish(channel, data)
                try:
                    await pipe.execute()
                except Exception as e:  # noqa: BLE001 - pub/sub is at-most-once anyway
                    print(f"publish failed, {len(batch)} messages dropped: {e}", flush=True)
        finally:
            self.flushing = False

    async def handler(self, ws: ServerConnection) -> None:
        query = parse_qs(urlparse(ws.request.path).query if ws.request else "")
        channel = PREFIX + query.get("room", ["lobby"])[0].encode()
        members = self.rooms.get(channel)
        if members is None:
            members = self.rooms[channel] = set()
            await self.pubsub.subscribe(channel)
        members.add(ws)
        try:
            await ws.send('{"type":"welcome"}')
            while True:
                data = await ws.recv(decode=False)
                assert isinstance(data, bytes)
                broadcast([m for m in members if m is not ws], data, text=True)
                self.publish(channel, data)
        except ConnectionClosed:
            pass
        finally:
            members.discard(ws)
            if not members and self.rooms.get(channel) is members:
                del self.rooms[channel]
                await self.pubsub.unsubscribe(channel)


async def main(port: int, redis_url: str) -> None:
    relay = Relay(redis_url)
    await relay.start()
    async with serve(relay.handler, "127.0.0.1", port, compression=None, max_size=65536,
                     backlog=4096) as server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--redis", required=True)
    args = parser.parse_args()
    import uvloop
    uvloop.run(main(args.port, args.redis))
