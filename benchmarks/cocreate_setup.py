"""Set up a Cocreate run over its HTTP API: one workshop per room, one participant per client.

Each workshop's plenary is one benchmark room (authors `named`, so relayed
drags carry the actor). Workshops are created round-robin over the server
processes; each participant joins through the process its socket will use.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson

CONCURRENCY = 32


async def post(port: int, path: str, body: dict[str, Any]) -> tuple[int, Any]:
    """One JSON POST to 127.0.0.1:port over a fresh connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    payload = orjson.dumps(body)
    writer.write(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                 f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
                 "Connection: close\r\n\r\n".encode() + payload)
    raw = await reader.read()
    writer.close()
    head, _, rest = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    if b"transfer-encoding: chunked" in head.lower():
        rest = _unchunk(rest)
    return status, orjson.loads(rest) if rest else None


def _unchunk(data: bytes) -> bytes:
    out, pos = [], 0
    while True:
        end = data.index(b"\r\n", pos)
        size = int(data[pos:end], 16)
        if size == 0:
            return b"".join(out)
        out.append(data[end + 2:end + 2 + size])
        pos = end + 2 + size + 2


async def register(ports: list[int], seats: list[dict[str, Any]], rooms: int) -> float:
    """Create the workshops and join every seat; adds `token` and `participant` to each seat.

    Returns the seconds it took.
    """
    loop = asyncio.get_running_loop()
    started = loop.time()
    gate = asyncio.Semaphore(CONCURRENCY)
    codes: dict[int, str] = {}

    async def create(room: int) -> None:
        async with gate:
            status, body = await post(ports[room % len(ports)], "/api/workshops", {
                "title": f"Benchmark room {room}", "authors": "named",
                "facilitator_name": "bench"})
        if status != 201:
            raise RuntimeError(f"POST /api/workshops: {status} {body}")
        codes[room] = body["join_code"]

    async def join(seat: dict[str, Any]) -> None:
        async with gate:
            status, body = await post(seat["port"], "/api/join", {
                "join_code": codes[seat["room"]], "name": f"c{seat['index']}"})
        if status != 201:
            raise RuntimeError(f"POST /api/join: {status} {body}")
        seat["token"] = body["token"]
        seat["participant"] = body["participant_id"]

    await asyncio.gather(*(create(r) for r in range(rooms)))
    await asyncio.gather(*(join(s) for s in seats))
    return loop.time() - started
