"""Fan-out between server processes, behind one small interface.

`memory://` (the default, one process) and `redis://` (many processes and
hosts). A backend is picked by URL scheme and imported lazily, so each one's
client library is only needed when it is used.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

OnMessage = Callable[[str, bytes], None]
OnReconnect = Callable[[], Awaitable[None]]


class Broker(Protocol):
    """At-most-once pub/sub. Messages may be lost while a backend is down;
    the hub closes that gap from the event log (see hub.py)."""

    async def connect(self, on_message: OnMessage, on_reconnect: OnReconnect) -> None:
        """Start; `on_message` must not raise (a backend logs it if it does)."""
        ...

    async def disconnect(self) -> None: ...
    async def subscribe(self, channel: str) -> None: ...
    async def unsubscribe(self, channel: str) -> None: ...
    def post(self, channel: str, message: bytes) -> None:
        """Queue `message` for `channel` and return at once; the backend sends
        queued messages in batches. Dropped, not raised, while it is down."""
        ...
    def status(self) -> str:
        """'ok', 'down' (a backend that should be there is not), or 'off' (none)."""
        ...


def make_broker(url: str | None, prefix: str = "cocreate:") -> Broker:
    if not url or url.startswith("memory:"):
        from cocreate.broker.memory import MemoryBroker
        return MemoryBroker()
    if url.startswith(("redis://", "rediss://", "unix://")):
        from cocreate.broker.redis import RedisBroker
        return RedisBroker(url, prefix)
    raise ValueError(f"no broker for {url!r}; use redis://host:port or leave it unset")
