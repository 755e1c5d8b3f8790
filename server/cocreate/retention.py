"""Deleting expired workshops (`cocreate purge` and the daily task) and deleting one at
once: the database rows (store.purge), then their Redis keys, then the space.

Each workshop's rows go in one transaction of their own; the Redis keys are swept
after the commits.
Nothing printed or logged names a workshop or a person: counts only.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Engine

from cocreate.store import purge

log = logging.getLogger("cocreate.retention")


@dataclass
class PurgeReport:
    workshops: int = 0
    rows: Counter[str] = field(default_factory=Counter)
    redis_keys: int = 0
    vacuumed: bool = False
    ids: set[str] = field(default_factory=set)  # for the Redis sweep; never printed

    def add(self, deleted: purge.Deleted) -> None:
        self.workshops += 1
        self.rows.update(deleted.rows)
        self.ids |= deleted.ids

    def summary(self) -> str:
        rows = ", ".join(f"{name} {n}" for name, n in sorted(self.rows.items()))
        space = "space reclaimed (VACUUM)" if self.vacuumed else "space not reclaimed"
        return (f"deleted {self.workshops} expired workshop(s); rows: {rows or 'none'}; "
                f"redis keys: {self.redis_keys}; {space}")


def now_ms() -> int:
    return int(time.time() * 1000)


def report_of(deleted: list[purge.Deleted]) -> PurgeReport:
    report = PurgeReport()
    for one in deleted:
        report.add(one)
    return report


def delete_expired(engine: Engine, default_days: int, now: int | None = None) -> PurgeReport:
    """Delete every expired workshop (store.purge.delete_due)."""
    return report_of(purge.delete_due(engine, now_ms() if now is None else now, default_days))


async def forget_redis_keys(redis_url: str | None, prefix: str, report: PurgeReport) -> None:
    """Sweep the deleted ids' Redis keys. The rows are gone already (committed), so a
    Redis that does not answer is logged and does not fail the deletion."""
    if not (redis_url and report.ids
            and redis_url.startswith(("redis://", "rediss://", "unix://"))):
        return
    from redis.exceptions import RedisError

    from cocreate.broker.redis import delete_keys_naming
    try:
        report.redis_keys += await delete_keys_naming(redis_url, prefix, report.ids)
    except (RedisError, OSError, TimeoutError) as e:
        log.warning("retention: redis keys of deleted workshops not swept (%s)", e)


def reclaim(engine: Engine, report: PurgeReport) -> None:
    if report.workshops:
        purge.reclaim(engine)
        report.vacuumed = True


def run_purge(*, vacuum: bool) -> str:
    """`cocreate purge`: delete what expired by the environment's settings; the summary."""
    import asyncio

    from cocreate.config import Settings
    from cocreate.store.engine import make_engine
    from cocreate.store.migrate import upgrade

    settings = Settings.from_env()
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        report = delete_expired(engine, settings.retention_days)
        asyncio.run(forget_redis_keys(settings.redis_url, settings.redis_prefix, report))
        if vacuum:
            reclaim(engine, report)
        return report.summary()
    finally:
        engine.dispose()
