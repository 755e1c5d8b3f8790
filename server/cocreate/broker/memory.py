"""The in-process broker: one process, no Redis."""

from __future__ import annotations

import asyncio
import logging

from cocreate.broker import OnMessage, OnReconnect

log = logging.getLogger("cocreate.broker.memory")


class MemoryBroker:
    def __init__(self) -> None:
        self._channels: set[str] = set()
        self._on_message: OnMessage = lambda channel, message: None

    async def connect(self, on_message: OnMessage, on_reconnect: OnReconnect) -> None:
        self._on_message = on_message

    async def disconnect(self) -> None:
        self._channels.clear()

    async def subscribe(self, channel: str) -> None:
        self._channels.add(channel)

    async def unsubscribe(self, channel: str) -> None:
        self._channels.discard(channel)

    def post(self, channel: str, message: bytes) -> None:
        if channel in self._channels:
            # Deliver on the next loop turn, as a network broker would: never re-entrantly.
            asyncio.get_running_loop().call_soon(self._deliver, channel, message)

    def _deliver(self, channel: str, message: bytes) -> None:
        try:
            self._on_message(channel, message)
        except Exception:
            log.exception("handling a message on %s failed", channel)

    def status(self) -> str:
        return "off"
