"""Loops every process runs: heartbeat, due timers, log catch-up, ref sweep, and the
daily deletion of expired workshops."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from cocreate import metrics, retention
from cocreate.config import Settings
from cocreate.hub import Hub
from cocreate.store.batch import OpRequest
from cocreate.store.store import Store

log = logging.getLogger("cocreate.background")

BEAT_S = 5.0
GAUGES_S = 2.0
TIMER_TICK_S = 0.2
SWEEP_S = 3600.0
PURGE_S = 24 * 3600.0


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


async def _purge_expired(store: Store, settings: Settings) -> None:
    """What `cocreate purge` does, once a day in every process: each deletion locks its
    workshop's row, so two processes never delete one twice. The VACUUM runs off the
    database thread, and only when something was deleted."""
    report = retention.report_of(await store.delete_expired(settings.retention_days))
    if not report.workshops:
        return
    await retention.forget_redis_keys(settings.redis_url, settings.redis_prefix, report)
    await asyncio.to_thread(retention.reclaim, store.engine, report)
    log.info("retention: %s", report.summary())


async def _sample_gauges(store: Store, hub: Hub) -> None:
    metrics.TASKS.set(len(asyncio.all_tasks()))
    metrics.DB_CONNECTIONS.set(store.connections_in_use())
    metrics.HUB_ROOMS.set(len(hub.rooms))
    metrics.HUB_CLIENTS.set(sum(len(c) for c in hub.by_participant.values()))


def start(store: Store, hub: Hub, settings: Settings) -> list[asyncio.Task[None]]:
    loop = asyncio.get_running_loop()
    return [
        loop.create_task(_forever("purge of expired workshops", PURGE_S,
                                  lambda: _purge_expired(store, settings))),
        loop.create_task(_forever("heartbeat", BEAT_S, lambda: _beat(store, hub))),
        loop.create_task(_forever("timer check", TIMER_TICK_S, lambda: _end_due_timers(store))),
        loop.create_task(_forever("ref sweep", SWEEP_S, store.sweep_refs)),
        loop.create_task(_forever("gauges", GAUGES_S, lambda: _sample_gauges(store, hub))),
        loop.create_task(hub.poll_forever()),
    ]
