"""`/ws` served straight by the `websockets` protocol (`cocreate serve`): what
uvicorn's ASGI adapter did for it, it still does. The handshake's refusals,
the scheme a trusted proxy forwards, keep-alive pings, the closing handshake,
1012 on a restart; and the same board over plain ASGI under another server.

The socket layer does not touch the database: SQLite only."""

from __future__ import annotations

import asyncio
import base64
import os
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable

import pytest
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import InvalidStatus

from support.api import Api
from support.server import REPO, ServerProcess, free_port
from support.ws import connect, run

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


async def _status(url: str, **kw: object) -> int:
    """The HTTP status of a handshake: 101 when it opened."""
    try:
        async with ws_connect(url, proxy=None, open_timeout=10, **kw):  # type: ignore[arg-type]
            return 101
    except InvalidStatus as refused:
        return refused.response.status_code


def test_another_path_is_refused_404_and_a_bad_handshake_400(server: ServerProcess) -> None:
    async def scenario() -> None:
        assert await _status(server.ws) == 101
        assert await _status(f"ws://127.0.0.1:{server.port}/other") == 404
        assert await _status(f"ws://127.0.0.1:{server.port}/ws/more") == 404
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                     b"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n")  # no key
        answer = await asyncio.wait_for(reader.read(), 10)
        writer.close()
        assert answer.startswith(b"HTTP/1.1 400 "), answer

    run(scenario())


def test_behind_a_trusted_proxy_the_forwarded_scheme_decides_the_origin(
        start_server: Callable[..., ServerProcess]) -> None:
    trusted = start_server()  # FORWARDED_ALLOW_IPS defaults to 127.0.0.1
    untrusted = start_server(extra_env={"FORWARDED_ALLOW_IPS": "10.9.8.7"})

    async def scenario() -> None:
        for server, behind_tls in ((trusted, 101), (untrusted, 403)):
            page = f"https://127.0.0.1:{server.port}"
            forwarded = {"X-Forwarded-Proto": "https"}
            assert await _status(server.ws, origin=page, additional_headers=forwarded) \
                == behind_tls
            assert await _status(server.ws, origin=page) == 403  # a plain-HTTP socket
            assert await _status(server.ws, origin=f"http://127.0.0.1:{server.port}") == 101

    run(scenario())


async def _raw_socket(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A socket that answers nothing, not even pings."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write(f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                 f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                 "Sec-WebSocket-Version: 13\r\n\r\n".encode())
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    assert head.startswith(b"HTTP/1.1 101 "), head
    return reader, writer


async def _server_frame(reader: asyncio.StreamReader, timeout: float) -> tuple[int, bytes]:
    """The next frame the server sends (unmasked): its opcode and payload."""
    first, second = await asyncio.wait_for(reader.readexactly(2), timeout)
    size = second & 0x7F
    if size == 126:
        size = struct.unpack("!H", await reader.readexactly(2))[0]
    elif size == 127:
        size = struct.unpack("!Q", await reader.readexactly(8))[0]
    return first & 0x0F, await reader.readexactly(size)


def _masked_text(data: bytes) -> bytes:
    mask = os.urandom(4)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
    return bytes([0x81, 0x80 | len(data)]) + mask + body


def test_an_open_socket_is_pinged_and_closed_1011_when_it_stops_answering(
        server: ServerProcess, api: Api) -> None:
    """uvicorn's keep-alive: a ping after 20 s, and a socket that does not
    answer it closed 20 s later (a silent socket meets the 10 s hello deadline
    first, so this one says hello)."""
    ws = api.workshop()
    bo = api.member(ws, "Bo")

    async def scenario() -> None:
        reader, writer = await _raw_socket(server.port)
        hello = f'{{"type":"hello","v":1,"token":"{bo.token}"}}'.encode()
        writer.write(_masked_text(hello) if len(hello) < 126 else _masked_long(hello))
        started = time.monotonic()
        seen: list[int] = []
        pinged = closed = 0.0
        while True:
            opcode, payload = await _server_frame(reader, 60)
            seen.append(opcode)
            if opcode == 0x9 and not pinged:
                pinged = time.monotonic() - started
            if opcode == 0x8:
                closed = time.monotonic() - started
                break
        assert await asyncio.wait_for(reader.read(), 10) == b""
        writer.close()
        assert struct.unpack("!H", payload[:2])[0] == 1011, (seen, payload)
        assert seen[0] == 0x1 and 0x9 in seen  # the welcome, then pings
        assert 15 < pinged < 30 and 35 < closed < 55, (pinged, closed)

    run(scenario(), timeout=120)


def _masked_long(data: bytes) -> bytes:
    mask = os.urandom(4)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
    return bytes([0x81, 0x80 | 126]) + struct.pack("!H", len(data)) + mask + body


def test_closing_handshakes_end_the_tcp_connection_promptly(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    bo = api.member(ws, "Bo")

    async def scenario() -> None:
        async with connect(server.ws, bo.token) as client:  # the client closes: 1000
            started = time.monotonic()
            await client.close()
            assert client.ws.close_code == 1000
            assert time.monotonic() - started < 3
        async with connect(server.ws) as client:  # the server closes: 4401
            started = time.monotonic()
            await client.send({"type": "hello", "v": 1, "token": "not-a-token"})
            assert await client.wait_closed() == 4401
            await client.ws.wait_closed()
            assert time.monotonic() - started < 3

    run(scenario())


def test_a_stopping_server_closes_its_sockets_with_1012(
        start_server: Callable[..., ServerProcess]) -> None:
    server = start_server()
    with Api(server.http) as api:
        ws = api.workshop()
        bo = api.member(ws, "Bo")

    async def scenario() -> None:
        async with connect(server.ws, bo.token) as client:
            assert server.proc is not None
            os.killpg(server.proc.pid, signal.SIGTERM)
            assert await client.wait_closed() == 1012

    run(scenario())
    assert server.proc is not None
    server.proc.wait(15)  # it stops, by the signal uvicorn raises again once it is done


def test_under_another_asgi_server_the_board_works_over_asgi(database_url: str) -> None:
    """`cocreate.app` stays an ASGI app: plain uvicorn with its own WebSocket
    adapter serves the same socket through the `/ws` route."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("REDIS_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "cocreate.app:create_app", "--factory",
         "--ws", "websockets-sansio", "--port", str(port), "--log-level", "warning"],
        env=env, cwd=REPO, start_new_session=True)
    server = ServerProcess(database_url=env["DATABASE_URL"], port=port, proc=proc)
    try:
        server.wait_ready()
        with Api(server.http) as api:
            ws = api.workshop()
            bo = api.member(ws, "Bo")

        async def scenario() -> None:
            async with connect(server.ws, bo.token) as client:
                assert client.welcome is not None
                assert client.welcome["participant"]["name"] == "Bo"
                event = await client.event(await client.ack("note.add", {"text": "Over ASGI"}))
                assert event["data"]["text"] == "Over ASGI"
            assert await _status(server.ws, origin="http://evil.example") == 403

        run(scenario())
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(15)
