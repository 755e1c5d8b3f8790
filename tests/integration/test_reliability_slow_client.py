"""A client that stops reading for a while is never left deaf.

It either catches up with every event in order (and its acks and pongs), or
is closed with 1013 and reconnects with `since`; everyone else receives
everything meanwhile. The slow client's socket has a tiny receive buffer and
reads nothing while it asks for several welcomes of a big board and more
notes are added, more than the kernel's buffers hold, so the server's
writes to it really stall.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from support.api import Api
from support.server import ServerProcess
from support.ws import connect as connect_client
from support.ws import run

WRITERS = 4
PER_WRITER = 150
BURST = WRITERS * PER_WRITER  # ~0.7 MB of board, in every welcome
HELLOS = 8
LATER = 40
NOTE = "x" * 1000
CATCH_UP_S = 30.0


async def _stalled_socket(server: ServerProcess) -> ClientConnection:
    """A WebSocket whose kernel buffer holds ~4 KB and whose library holds one frame."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", server.port))
    return await connect(server.ws, sock=sock, compression=None, max_queue=1,
                         ping_interval=None, max_size=2**24, close_timeout=5)


async def _next(ws: ClientConnection, timeout: float) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), timeout))
    return message


async def _read_until(ws: ClientConnection, done: Callable[[list[dict[str, Any]]], bool],
                      timeout: float) -> tuple[list[dict[str, Any]], int | None]:
    """Everything the socket delivers until `done` holds; the close code if it closed."""
    got: list[dict[str, Any]] = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not done(got):
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise AssertionError(
                f"deaf: after {timeout}s the slow client has {len(got)} messages, the last "
                f"{[m.get('type') + ':' + str(m.get('seq', m.get('ref'))) for m in got[-3:]]}")
        try:
            got.append(await _next(ws, remaining))
        except ConnectionClosed:
            return got, ws.close_code
        except TimeoutError:
            continue
    return got, None


async def _burst(server: ServerProcess, token: str, label: str, count: int) -> None:
    """`count` big notes from one connection, each acked (rate-limited ones retried)."""
    async with connect_client(server.ws, token, label=label) as writer:
        refs = [writer.new_ref() for _ in range(count)]
        for ref in refs:
            await writer.send({"type": "op", "ref": ref, "op": "note.add",
                               "data": {"text": NOTE}})
        for ref in refs:
            reply = await writer.wait_for(lambda m, r=ref: m.get("ref") == r
                                          and m.get("type") in ("ack", "error"),
                                          timeout=60, what=f"ack {ref}")
            while reply["type"] == "error":  # retried with the same ref, as the protocol says
                assert reply["code"] == "rate_limited", reply
                await asyncio.sleep(0.1)
                reply = await writer.request("note.add", {"text": NOTE}, ref=ref)


def test_a_client_that_stops_reading_catches_up_in_order_or_is_closed_1013(
        server: ServerProcess, api: Api) -> None:
    workshop = api.workshop()
    ann = api.member(workshop, "Ann", "NGO")

    async def scenario() -> None:
        await asyncio.gather(*(_burst(server, workshop.facilitator.token, f"w{i}", PER_WRITER)
                               for i in range(WRITERS)))
        slow = await _stalled_socket(server)
        await slow.send(json.dumps({"type": "hello", "token": ann.token}))
        welcome = await _next(slow, 30)
        while welcome["type"] != "welcome":
            welcome = await _next(slow, 30)
        assert len(welcome["state"]["notes"]) == BURST
        async with connect_client(server.ws, workshop.facilitator.token,
                                  label="watcher") as watcher:
            start = watcher.welcome["seq"] if watcher.welcome else 0
            # From here on the slow client reads nothing, and asks for a lot.
            for _ in range(HELLOS):
                await slow.send(json.dumps({"type": "hello", "token": ann.token}))
            await _burst(server, workshop.facilitator.token, "later", LATER)
            await slow.send(json.dumps({"type": "op", "ref": "mine", "op": "note.add",
                                        "data": {"text": "mine"}}))
            await slow.send(json.dumps({"type": "ping", "t": "still there?"}))
            mine = await watcher.wait_for(lambda m: m.get("type") == "event"
                                          and m.get("data", {}).get("text") == "mine",
                                          timeout=30, what="the slow client's note")
            # Everyone else has everything, in order.
            assert watcher.event_seqs() == list(range(start + 1, mine["seq"] + 1))

            def caught_up(got: list[dict[str, Any]]) -> bool:
                keys = {(m["type"], m.get("ref"), m.get("t")) for m in got}
                seqs = [m["seq"] for m in got if m["type"] == "event"]
                return (("ack", "mine", None) in keys and ("pong", None, "still there?")
                        in keys and bool(seqs) and seqs[-1] >= mine["seq"])

            got, closed = await _read_until(slow, caught_up, CATCH_UP_S)
            if closed is not None:
                assert closed == 1013, f"closed with {closed}, not 1013"
                return
            welcomes = [i for i, m in enumerate(got) if m["type"] == "welcome"]
            assert len(welcomes) == HELLOS
            after = got[welcomes[-1]]["seq"]
            seqs = [m["seq"] for m in got[welcomes[-1]:] if m["type"] == "event"]
            assert seqs == list(range(after + 1, mine["seq"] + 1)), "events lost or reordered"
        await slow.close()

    run(scenario(), timeout=180)
