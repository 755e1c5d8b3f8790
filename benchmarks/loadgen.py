"""One load-generator process: its share of the clients, an open-loop timetable, counts.

The parent (`benchmarks.run`) sends commands over a pipe: `connect`, then one
`run` per measured phase (step mode sends several), then `close`. Each `run`
sends every client's messages at fixed intended times; a late generator sends
late but stamps the intended time, so its own lag shows up as latency (no
coordinated omission) and separately as `send_lag`.

Counting: a delivery is one message reaching one client other than its sender,
sent (by intended time) inside the measured window. Receivers keep the last
seq seen per sender: a lower seq is `reordered`, the same seq a `duplicate`.
Senders count what they sent per room; the parent turns that into the expected
deliveries, so `lost = expected - delivered` needs no per-message bookkeeping.
"""

from __future__ import annotations

import asyncio
import random
import resource
import time
from collections import Counter
from multiprocessing.connection import Connection
from typing import Any

from hdrh.histogram import HdrHistogram

from benchmarks.dialects import Client, dialect_for

CONNECT_CONCURRENCY = 200
SLOW_RCVBUF = 4096  # bytes; a stalled client pushes back on the server quickly
_MAX_US = 3_600_000_000


def histogram() -> HdrHistogram:
    return HdrHistogram(1, _MAX_US, 3)


def raise_nofile() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        want = hard if hard != resource.RLIM_INFINITY else 1_048_576
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
            soft = want
        except (ValueError, OSError):
            pass
    return soft


class Phase:
    """Counts for one measured window."""

    def __init__(self, win_start: float, win_end: float, bucket_ms: float) -> None:
        self.win_start, self.win_end, self.bucket_ms = win_start, win_end, bucket_ms
        self.latency = histogram()          # healthy receivers, microseconds
        self.latency_stalled = histogram()  # receivers that stalled this phase
        self.ack_latency = histogram()
        self.send_lag = histogram()
        self.delivered = 0
        self.delivered_stalled = 0
        self.reordered = 0
        self.duplicates = 0
        self.self_echo = 0
        self.acks = 0
        self.errors: Counter[str] = Counter()
        # room -> [by healthy senders, by stalled]; stalled clients are silent while stalled
        self.sent: dict[int, list[int]] = {}
        self.sent_total = 0
        # (room, server port) -> count, to show where losses are
        self.sent_at: Counter[tuple[int, int]] = Counter()
        self.delivered_at: Counter[tuple[int, int]] = Counter()
        self.send_failed = 0
        self.timeline: dict[int, HdrHistogram] = {}
        self.last_delivery = 0.0

    def export(self) -> dict[str, Any]:
        return {
            "latency": self.latency.encode(), "latency_stalled": self.latency_stalled.encode(),
            "ack_latency": self.ack_latency.encode(), "send_lag": self.send_lag.encode(),
            "delivered": self.delivered, "delivered_stalled": self.delivered_stalled,
            "reordered": self.reordered, "duplicates": self.duplicates,
            "self_echo": self.self_echo, "acks": self.acks, "errors": dict(self.errors),
            "sent": self.sent, "sent_total": self.sent_total, "send_failed": self.send_failed,
            "sent_at": dict(self.sent_at), "delivered_at": dict(self.delivered_at),
            "timeline": {k: h.encode() for k, h in self.timeline.items()},
        }


class Loadgen:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.base_ms: float = spec["base_ms"]
        self.dialect = dialect_for(spec["target"], spec["mode"], self)
        self.clients: list[Client] = []
        self.phase = Phase(0, 0, 0)

    # The sink the dialects call: keep these lean, they run once per frame.

    def delivery(self, c: Client, key: str, x: float, seq: int) -> None:
        ph = self.phase
        if key == c.key:
            ph.self_echo += 1
            return
        last = c.last.get(key, -1)
        if seq > last:
            c.last[key] = seq
        elif seq == last:
            ph.duplicates += 1
            return
        else:
            ph.reordered += 1
        if x < ph.win_start or x >= ph.win_end:
            return
        now = time.time() * 1000.0 - self.base_ms
        us = int((now - x) * 1000.0)
        if us < 1:
            us = 1
        elif us > _MAX_US:
            us = _MAX_US
        ph.last_delivery = now
        if c.stalled and self.stalling_phase:
            ph.delivered_stalled += 1
            ph.latency_stalled.record_value(us)
            return
        ph.delivered += 1
        ph.delivered_at[c.at] += 1
        ph.latency.record_value(us)
        if ph.bucket_ms:
            bucket = int((x - ph.win_start) // ph.bucket_ms)
            h = ph.timeline.get(bucket)
            if h is None:
                h = ph.timeline[bucket] = histogram()
            h.record_value(us)

    def ack(self, c: Client, ref: str) -> None:
        parts = ref.split(":")
        if len(parts) != 3:
            return
        x = float(parts[2])
        ph = self.phase
        if ph.win_start <= x < ph.win_end:
            ph.acks += 1
            us = int((time.time() * 1000.0 - self.base_ms - x) * 1000.0)
            ph.ack_latency.record_value(min(max(us, 1), _MAX_US))

    def error(self, c: Client, code: str) -> None:
        self.phase.errors[code] += 1

    stalling_phase = False

    async def connect(self) -> dict[str, Any]:
        started = time.perf_counter()
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
        failures: Counter[str] = Counter()
        host = self.spec["host"]

        async def one(seat: dict[str, Any]) -> None:
            c = Client(seat, host, self.dialect.path(seat), self.dialect)
            async with gate:
                try:
                    await c.connect(rcvbuf=SLOW_RCVBUF if c.stalled else None)
                    await asyncio.wait_for(self.dialect.open(c), 30)
                except Exception as e:  # noqa: BLE001 - counted and reported
                    failures[f"{type(e).__name__}: {str(e)[:80]}"] += 1
                    c.close()
                    return
            self.clients.append(c)

        await asyncio.gather(*(one(s) for s in self.spec["seats"]))
        self.clients.sort(key=lambda c: c.index)
        return {"connected": len(self.clients), "indexes": [c.index for c in self.clients],
                "failed": sum(failures.values()),
                "failures": dict(failures), "seconds": time.perf_counter() - started}

    async def run(self, arg: dict[str, Any]) -> dict[str, Any]:
        base = self.base_ms
        start, win_start, end = arg["start_ms"], arg["win_start_ms"], arg["end_ms"]
        rate: float = arg["rate"]
        ph = self.phase = Phase(win_start, end, arg.get("bucket_ms", 0))
        stall = arg.get("stall")
        self.stalling_phase = bool(stall)
        loop = asyncio.get_running_loop()
        if stall:
            stalled = [c for c in self.clients if c.stalled]
            delay_on = (stall[0] + base) / 1000.0 - time.time()
            delay_off = (stall[1] + base) / 1000.0 - time.time()
            loop.call_later(max(delay_on, 0), lambda: [c.pause_reading() for c in stalled])
            loop.call_later(max(delay_off, 0), lambda: [c.resume_reading() for c in stalled])
        if rate > 0:
            await self._timetable(start, win_start, end, rate)
        else:
            await asyncio.sleep(max(0.0, (end + base) / 1000.0 - time.time()))
        # Drain: until nothing arrived for 2 s, at most `drain_s`. A late delivery
        # after that counts as lost, so the quiet gap is longer than a stall of a
        # starved server is likely to be.
        deadline = time.time() + arg.get("drain_s", 10.0)
        await asyncio.sleep(2.0)
        while time.time() < deadline:
            if time.time() * 1000.0 - base - ph.last_delivery > 2000:
                break
            await asyncio.sleep(0.1)
        out = ph.export()
        out["open"] = sum(1 for c in self.clients if not c.closed)
        out["closed"] = dict(Counter("no close frame" if c.close_code is None else str(c.close_code)
                                     for c in self.clients if c.closed))
        return out

    async def _timetable(self, start: float, win_start: float, end: float, rate: float) -> None:
        base = self.base_ms
        period = 1000.0 / rate
        rng = random.Random(self.spec["seed"])
        # Stalled clients are frozen (a suspended tab): they neither read nor send, so
        # what healthy clients miss is the server's doing, not a message sent into a
        # socket the server already closed.
        senders = [c for c in self.clients if not (c.stalled and self.stalling_phase)]
        order = sorted(((rng.uniform(0, period), c) for c in senders), key=lambda p: p[0])
        ph = self.phase
        dialect = self.dialect
        lag = ph.send_lag
        sent = ph.sent
        k = 0
        while True:
            round_start = start + k * period
            if round_start >= end:
                break
            for offset, c in order:
                t = round_start + offset
                if t >= end:
                    break
                now = time.time() * 1000.0 - base
                if t > now + 0.2:
                    await asyncio.sleep((t - now) / 1000.0)
                    now = time.time() * 1000.0 - base
                if c.closed:
                    ph.send_failed += 1
                    continue
                c.seq += 1
                c.send(dialect.message(c, c.seq, t))
                ph.sent_total += 1
                if t >= win_start:
                    lag.record_value(max(1, int((now - t) * 1000.0)))
                    counts = sent.get(c.room)
                    if counts is None:
                        counts = sent[c.room] = [0, 0]
                    counts[0] += 1
                    ph.sent_at[c.at] += 1
            k += 1

    def close(self) -> None:
        for c in self.clients:
            c.close()


async def _serve(pipe: Connection, spec: dict[str, Any]) -> None:
    lg = Loadgen(spec)
    loop = asyncio.get_running_loop()
    inbox: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
    loop.add_reader(pipe.fileno(), lambda: inbox.put_nowait(pipe.recv()))
    while True:
        command, arg = await inbox.get()
        if command == "connect":
            pipe.send(await lg.connect())
        elif command == "run":
            pipe.send(await lg.run(arg))
        elif command == "close":
            lg.close()
            await asyncio.sleep(0.2)
            pipe.send({})
            return


def main(pipe: Connection, spec: dict[str, Any]) -> None:
    """Entry point of a generator process."""
    raise_nofile()
    try:
        import uvloop
        uvloop.run(_serve(pipe, spec))
    except ImportError:
        asyncio.run(_serve(pipe, spec))
