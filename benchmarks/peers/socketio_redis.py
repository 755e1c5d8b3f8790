"""python-socketio `AsyncServer` + `AsyncRedisManager` under uvicorn, as a team would set it up.

    python -m benchmarks.peers.socketio_redis --port P --redis redis://127.0.0.1:6379/0

A client connects (Engine.IO 4, WebSocket transport), emits `join` with a room
name (acked), then emits `drag` events; the server emits each to the room,
skipping the sender, through the Redis manager so every process delivers it.
Compression is off (uvicorn's permessage-deflate and Engine.IO's HTTP
compression); everything else is the libraries' defaults.
"""

from __future__ import annotations

import argparse
from typing import Any

import socketio
import uvicorn


def make_app(redis_url: str) -> socketio.ASGIApp:
    manager = socketio.AsyncRedisManager(redis_url)
    sio = socketio.AsyncServer(async_mode="asgi", client_manager=manager,
                               cors_allowed_origins="*", http_compression=False)
    room_of: dict[str, str] = {}

    @sio.on("join")
    async def join(sid: str, room: str) -> str:
        await sio.enter_room(sid, room)
        room_of[sid] = room
        return "ok"

    @sio.on("drag")
    async def drag(sid: str, data: Any) -> None:
        room = room_of.get(sid)
        if room is not None:
            await sio.emit("drag", data, room=room, skip_sid=sid)

    @sio.on("disconnect")
    async def disconnect(sid: str, *args: Any) -> None:
        room_of.pop(sid, None)

    return socketio.ASGIApp(sio)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--redis", required=True)
    args = parser.parse_args()
    uvicorn.run(make_app(args.redis), host="127.0.0.1", port=args.port, loop="uvloop",
                http="httptools", ws_per_message_deflate=False, log_level="warning",
                backlog=4096)
