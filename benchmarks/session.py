"""One measured session: start the target, connect the clients, run phases, measure.

A session owns a fresh Redis, fresh server processes (and for Cocreate a fresh
SQLite file) and G generator processes holding the clients. Server and Redis
CPU-seconds are read at the start and the end of each measured window, RSS
every half second; the generators' own CPU is read the same way, so a
saturated generator shows as `loadgen.cpu_pct_max` near 100.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import multiprocessing
import os
import time
from multiprocessing.connection import Connection, wait
from typing import Any

import psutil

from benchmarks import cocreate_setup, loadgen
from benchmarks.report import merge_phase
from benchmarks.servers import Cluster, Meter
from benchmarks.workloads import Workload, assign

# A generator process handles about this many deliveries a second within half a core
# (measured on the development machine; see README). More load gets more processes.
DELIVERIES_PER_LOADGEN = 60_000
SETTLE_S = 2.0
RSS_SAMPLE_S = 0.5


def loadgen_processes(workload: Workload, requested: int) -> int:
    if requested > 0:
        return requested
    need = workload.offered_deliveries_per_s() / DELIVERIES_PER_LOADGEN
    return max(1, min(4, math.ceil(need), os.cpu_count() or 1))


class Session:
    def __init__(self, target: str, workload: Workload, mode: str, workers: int,
                 loadgens: int, keep_logs: bool = False, postgres: str | None = None) -> None:
        self.target, self.workload, self.mode = target, workload, mode
        self.cluster = Cluster(target, workers, keep_logs=keep_logs, postgres=postgres)
        self.loadgens = loadgen_processes(workload, loadgens)
        self.pipes: list[Connection] = []
        self.procs: list[multiprocessing.process.BaseProcess] = []
        self.base_ms = 0.0
        self.members: dict[int, list[int]] = {}
        self.placed: dict[tuple[int, int], int] = {}  # (room, port) -> connected clients
        self.result: dict[str, Any] = {}

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> float:
        return time.time() * 1000.0 - self.base_ms

    def open(self) -> dict[str, Any]:
        """Start everything and connect all clients; returns the connect report."""
        c = self.cluster
        c.start()
        seats = [{"index": s.index, "room": s.room, "stalled": s.stalled,
                  "port": c.ports[s.server]} for s in assign(self.workload, c.workers)]
        setup_s = 0.0
        if self.target == "cocreate":
            setup_s = asyncio.run(cocreate_setup.register(c.ports, seats,
                                                          len(self.workload.rooms)))
        assert c.redis is not None
        self.servers = Meter([p.pid for p in c.procs])
        self.redis = Meter([c.redis.pid])
        rss_base = self.servers.rss()
        self.base_ms = time.time() * 1000.0
        ctx = multiprocessing.get_context("spawn")
        for g in range(self.loadgens):
            ours, theirs = ctx.Pipe()
            spec = {"target": self.target, "mode": self.mode, "host": "127.0.0.1",
                    "seats": seats[g::self.loadgens], "base_ms": self.base_ms, "seed": g}
            proc = ctx.Process(target=loadgen.main, args=(theirs, spec), daemon=True)
            proc.start()
            self.pipes.append(ours)
            self.procs.append(proc)
        self.generators = [Meter([p.pid]) for p in self.procs if p.pid]
        time.sleep(0.5)  # let the generators import and start their loops
        started = time.perf_counter()
        replies = self._ask("connect", None)
        connect_s = time.perf_counter() - started
        connected = sum(r["connected"] for r in replies)
        failures: dict[str, int] = {}
        for r in replies:
            for k, v in r["failures"].items():
                failures[k] = failures.get(k, 0) + v
        # Rooms' connected members, for the expected deliveries.
        by_index = {s["index"]: s for s in seats}
        for r in replies:
            for index in r.get("indexes", []):
                s = by_index[index]
                counts = self.members.setdefault(s["room"], [0, 0])
                counts[1 if s["stalled"] else 0] += 1
                self.placed[(s["room"], s["port"])] = self.placed.get((s["room"], s["port"]), 0) + 1
        time.sleep(SETTLE_S)
        rss_idle = self.servers.rss()
        self.rss_base = rss_base
        self.connected = connected
        self.result = {
            "target": self.target, "mode": self.mode, "workers": c.workers,
            "clients": self.workload.clients, "rooms": len(self.workload.rooms),
            "connect": {"connected": connected, "failed": self.workload.clients - connected,
                        "seconds": round(connect_s, 3), "failures": failures,
                        "setup_http_s": round(setup_s, 3)},
            "rss": {"base_mb": round(rss_base / 2**20, 1), "idle_mb": round(rss_idle / 2**20, 1),
                    "per_connection_idle_kib": round((rss_idle - rss_base) / 1024 / connected, 2)
                    if connected else None},
            "loadgen": {"procs": self.loadgens},
        }
        return self.result

    def _ask(self, command: str, arg: Any, sample: Any = None) -> list[dict[str, Any]]:
        for p in self.pipes:
            p.send((command, arg))
        replies: dict[int, dict[str, Any]] = {}
        pending = list(self.pipes)
        while pending:
            if sample is not None:
                sample()
            for p in wait(pending, timeout=0.05):
                assert isinstance(p, Connection)
                try:
                    replies[self.pipes.index(p)] = p.recv()
                except EOFError:
                    raise RuntimeError("a load generator process died") from None
                pending.remove(p)
            if not self.cluster.alive():
                raise RuntimeError("a server process died\n" + self.cluster.log_tails())
        return [replies[i] for i in range(len(self.pipes))]

    def phase(self, rate: float, duration_s: float, warmup_s: float = 2.0,
              stall: tuple[float, float] | None = None, bucket_s: float = 0.0,
              drain_s: float = 10.0) -> dict[str, Any]:
        """One measured window at `rate` messages/s per client; `stall` is (after, for) in s."""
        start = self.now() + 300.0
        win_start = start + warmup_s * 1000.0
        end = win_start + duration_s * 1000.0
        arg = {"start_ms": start, "win_start_ms": win_start, "end_ms": end, "rate": rate,
               "bucket_ms": bucket_s * 1000.0, "drain_s": drain_s,
               "stall": (win_start + stall[0] * 1000.0, win_start + sum(stall) * 1000.0)
               if stall else None}
        marks: dict[str, tuple[float, float, list[float], float]] = {}
        rss: list[dict[str, float]] = []
        last_sample = [0.0]

        def sample() -> None:
            t = self.now()
            for name, at in (("start", win_start), ("end", end)):
                if name not in marks and t >= at:
                    marks[name] = self._cpu()
            if t - last_sample[0] >= RSS_SAMPLE_S * 1000.0:
                last_sample[0] = t
                rss.append({"t_s": round((t - win_start) / 1000.0, 2),
                            "mb": round(self.servers.rss() / 2**20, 1)})

        parts = self._ask("run", arg, sample)
        sample()
        if "start" not in marks:
            raise RuntimeError("the load generators finished before the measured window")
        s0, r0, g0, m0 = marks["start"]
        s1, r1, g1, m1 = marks.get("end") or self._cpu()
        gen_pct = [100.0 * (b - a) / duration_s for a, b in zip(g0, g1, strict=True)]
        out = merge_phase(parts, self.members, duration_s, stalling=bool(stall))
        if not stall and out["lost"]:
            out["lost_at"] = self._losses(parts)
        delivered = out["delivered"] + out.get("stalled", {}).get("delivered", 0)
        server_cpu = s1 - s0
        peak = max((r["mb"] for r in rss if r["t_s"] >= 0), default=0.0)
        out.update({
            "rate_per_client": rate, "duration_s": duration_s,
            "server_cpu_s": round(server_cpu, 3),
            "server_cpu_s_per_1000_deliveries":
                round(server_cpu / delivered * 1000.0, 4) if delivered else None,
            "server_cpu_us_per_delivery":
                round(server_cpu / delivered * 1e6, 2) if delivered else None,
            "server_cpu_pct": round(100.0 * server_cpu / duration_s, 1),
            "redis_cpu_s": round(r1 - r0, 3),
            "loadgen": {"procs": self.loadgens,
                        "cpu_pct_each": [round(x, 1) for x in gen_pct],
                        "cpu_pct_max": round(max(gen_pct), 1)},
            # Everything else on the machine in the window, in % of one core: other
            # people's work on a shared box shows here and makes the run noisy.
            "other_cpu_pct": max(0.0, round(100.0 * ((m1 - m0) - (s1 - s0) - (r1 - r0)
                                                     - sum(g1) + sum(g0)) / duration_s, 1)),
            "rss_peak_mb": peak,
            "per_connection_load_kib":
                round((peak * 2**20 - self.rss_base) / 1024 / self.connected, 2)
                if self.connected else None,
            "rss_timeline": rss,
        })
        return out

    def _losses(self, parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Where deliveries went missing: per room and receiving server, worst first."""
        sent: dict[tuple[int, int], int] = {}
        got: dict[tuple[int, int], int] = {}
        for p in parts:
            for k, v in p["sent_at"].items():
                sent[k] = sent.get(k, 0) + v
            for k, v in p["delivered_at"].items():
                got[k] = got.get(k, 0) + v
        room_sent: dict[int, int] = {}
        for (room, _), v in sent.items():
            room_sent[room] = room_sent.get(room, 0) + v
        rows = []
        for (room, port), n in self.placed.items():
            expected = room_sent.get(room, 0) * n - sent.get((room, port), 0)
            delivered = got.get((room, port), 0)
            if expected != delivered:
                rows.append({"room": room, "server": self.cluster.ports.index(port),
                             "receivers": n, "expected": expected, "delivered": delivered,
                             "lost": expected - delivered})
        rows.sort(key=lambda r: -r["lost"])
        return rows[:20]

    def _cpu(self) -> tuple[float, float, list[float], float]:
        t = psutil.cpu_times()
        busy = t.user + t.nice + t.system + getattr(t, "irq", 0) + getattr(t, "softirq", 0)
        return self.servers.cpu(), self.redis.cpu(), [g.cpu() for g in self.generators], busy

    def close(self) -> None:
        for p in self.pipes:
            with contextlib.suppress(OSError, BrokenPipeError):
                p.send(("close", None))
        for p, proc in zip(self.pipes, self.procs, strict=True):
            if p.poll(5):
                with contextlib.suppress(EOFError):
                    p.recv()
            proc.join(5)
            if proc.is_alive():
                proc.terminate()
                proc.join()
        self.pipes, self.procs = [], []
        self.cluster.stop()
