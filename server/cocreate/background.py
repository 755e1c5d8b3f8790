"""Loops every process runs: heartbeat, due timers, log catch-up, ref sweep."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from cocreate import metrics
from cocreate.hub import Hub
from cocreate.store.batch import OpRequest
from cocreate.store.store import Store

log = logging.getLogger("cocreate.background")

BEAT_S = 5.0
GAUGES_S = 2.0
TIMER_TICK_S = 0.2
SWEEP_S = 3600.0


async def _forever(name: str, interval: float, step: Callable[[], Awaitable[None]]) -> None:
    while True:
        try:
            await step()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s failed; trying again in %.1fs", name, interval)
        await asyncio.sleep(interval)


async def _beat(store: Store, hub: Hub) -> None:
    for room_id in await store.beat():
        await hub.publish_presence(room_id, await store.present(room_id))


async def _end_due_timers(store: Store) -> None:
    """Whichever process sees a due timer first ends it; the rule makes it once."""
    for room_id, workshop_id in await store.due_timers():
        await store.submit(OpRequest(None, workshop_id, room_id, "timer.end", {}))


async def _sample_gauges(store: Store, hub: Hub) -> None:
    metrics.TASKS.set(len(asyncio.all_tasks()))
    metrics.DB_CONNECTIONS.set(store.connections_in_use())
    metrics.HUB_ROOMS.set(len(hub.rooms))
    metrics.HUB_CLIENTS.set(sum(len(c) for c in hub.by_participant.values()))


def start(store: Store, hub: Hub) -> list[asyncio.Task[None]]:
    loop = asyncio.get_running_loop()
    return [
        loop.create_task(_forever("heartbeat", BEAT_S, lambda: _beat(store, hub))),
        loop.create_task(_forever("timer check", TIMER_TICK_S, lambda: _end_due_timers(store))),
        loop.create_task(_forever("ref sweep", SWEEP_S, store.sweep_refs)),
        loop.create_task(_forever("gauges", GAUGES_S, lambda: _sample_gauges(store, hub))),
        loop.create_task(hub.poll_forever()),
    ]
