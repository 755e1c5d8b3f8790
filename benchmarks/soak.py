"""A soak: a steady workshop load on two processes for minutes, then everyone leaves.

    python -m benchmarks.soak --minutes 10 --json benchmarks/results/soak.json
    make soak SOAK_ARGS="--minutes 10"

Two Cocreate processes share one SQLite file and a Redis of their own. Three
workshops run at once; participants join (a new one each time), write a note
every few seconds, drag about, vote while a vote is open, and leave after a
while, so about `--people` are connected at any moment. Each workshop's
facilitator starts the next round every minute (rounds alternate between
writing and a dot vote). Redis is restarted half way through.

Every 10 s it samples, per process: RSS, open sockets, asyncio tasks,
database connections in use and the hub's rooms and clients (from /metrics).
After the load, everyone leaves; 15 s later it samples once more. It fails
(exit 1) when anything a process holds has not gone back to where it was
before the first client came: sockets, hub rooms and clients or database
connections above zero, asyncio tasks above their idle count.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import psutil
from websockets.asyncio.client import ClientConnection, connect

from benchmarks.servers import Cluster

SAMPLE_EVERY_S = 10.0
SETTLE_AFTER_S = 15.0
ROUND_EVERY_S = 60.0
GAUGES = ("cocreate_connections", "cocreate_asyncio_tasks", "cocreate_db_connections_in_use",
          "cocreate_hub_rooms", "cocreate_hub_clients")
AGENDA = [
    {"title": "Write", "seconds": 55, "private": False, "lock": False, "voting": None},
    {"title": "Vote", "seconds": 55, "private": False, "lock": False,
     "voting": {"budget": 3, "max_per_note": 2, "hidden": True, "target": "notes"}},
] * 15


@dataclass
class Tally:
    joined: int = 0
    left: int = 0
    ops: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    dropped: int = 0  # sockets closed under a client by the server

    def error(self, code: str) -> None:
        self.errors[code] = self.errors.get(code, 0) + 1


def _gauges(port: int) -> dict[str, float]:
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10, trust_env=False).text
    out = {}
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name in GAUGES:
            out[name] = float(value)
    return out


def sample(cluster: Cluster, at: float, label: str) -> dict[str, Any]:
    per_process = []
    for proc, port in zip(cluster.procs, cluster.ports, strict=True):
        entry: dict[str, Any] = {"port": port}
        try:
            entry["rss_mb"] = round(psutil.Process(proc.pid).memory_info().rss / 2**20, 1)
            entry.update(_gauges(port))
        except (psutil.Error, httpx.HTTPError) as e:
            entry["error"] = repr(e)
        per_process.append(entry)
    return {"t": round(at, 1), "label": label, "processes": per_process}


class Person:
    """One participant's visit: join, write, drag, vote, leave."""

    def __init__(self, base: str, ws_url: str, code: str, name: str, stay_s: float,
                 tally: Tally, rng: random.Random) -> None:
        self.base, self.ws_url, self.code, self.name = base, ws_url, code, name
        self.stay_s, self.tally, self.rng = stay_s, tally, rng
        self.notes: list[str] = []
        self.voting_open = False
        self.refs = 0

    async def visit(self) -> None:
        async with httpx.AsyncClient(base_url=self.base, timeout=30, trust_env=False) as http:
            r = await http.post("/api/join", json={"join_code": self.code, "name": self.name,
                                                   "group": "City"})
            r.raise_for_status()
            token = r.json()["token"]
        async with connect(self.ws_url, compression=None, ping_interval=None,
                           max_size=2**24) as ws:
            await ws.send(json.dumps({"type": "hello", "token": token}))
            self.tally.joined += 1
            reader = asyncio.create_task(self._read(ws))
            try:
                await self._act(ws)
            finally:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await reader
        self.tally.left += 1

    async def _act(self, ws: ClientConnection) -> None:
        ends = time.monotonic() + self.stay_s
        next_note = time.monotonic() + self.rng.uniform(0, 4)
        while time.monotonic() < ends:
            now = time.monotonic()
            if now >= next_note:
                await self._op(ws, "note.add", {"text": f"{self.name}: idea {self.refs}",
                                                "x": self.rng.uniform(-900, 900),
                                                "y": self.rng.uniform(-600, 600)})
                next_note = now + self.rng.uniform(3, 6)
            elif self.voting_open and self.notes and self.rng.random() < 0.2:
                await self._op(ws, "vote.add", {"note": self.rng.choice(self.notes)})
            await ws.send(json.dumps({"type": "drag", "id": f"{self.name}",
                                      "x": self.rng.uniform(-900, 900),
                                      "y": self.rng.uniform(-600, 600)}))
            await asyncio.sleep(0.5)

    async def _op(self, ws: ClientConnection, op: str, data: dict[str, Any]) -> None:
        self.refs += 1
        await ws.send(json.dumps({"type": "op", "ref": f"{self.name}-{self.refs}", "op": op,
                                  "data": data}))
        self.tally.ops += 1

    async def _read(self, ws: ClientConnection) -> None:
        try:
            async for raw in ws:
                msg = json.loads(raw)
                kind = msg.get("type")
                if kind == "error":
                    self.tally.error(msg.get("code", "?"))
                elif kind == "event":
                    data = msg.get("data") or {}
                    if msg["op"] == "note.add" and "id" in data:
                        self.notes = (self.notes + [data["id"]])[-50:]
                    elif msg["op"] in ("round.start", "voting.start"):
                        self.voting_open = bool(data.get("voting"))
                    elif msg["op"] in ("round.end", "voting.stop"):
                        self.voting_open = False
                elif kind == "welcome":
                    state = msg.get("state") or {}
                    self.notes = [n["id"] for n in state.get("notes", [])][-50:]
                    self.voting_open = (state.get("voting") or {}).get("status") == "open"
        except Exception:
            self.tally.dropped += 1


async def facilitate(base: str, ws_url: str, token: str, until: float) -> None:
    async with connect(ws_url, compression=None, ping_interval=None, max_size=2**26) as ws:
        await ws.send(json.dumps({"type": "hello", "token": token}))
        refs = 0

        async def op(name: str, data: dict[str, Any]) -> None:
            nonlocal refs
            refs += 1
            await ws.send(json.dumps({"type": "op", "ref": f"fac-{refs}", "op": name,
                                      "data": data}))

        async def drain() -> None:
            with contextlib.suppress(Exception):
                async for _ in ws:
                    pass
        reader = asyncio.create_task(drain())
        await op("agenda.set", {"rounds": AGENDA})
        while time.monotonic() < until:
            await op("round.start", {})
            await asyncio.sleep(min(ROUND_EVERY_S, max(0.0, until - time.monotonic())))
        await op("round.end", {})
        await asyncio.sleep(1)
        reader.cancel()


async def load(cluster: Cluster, minutes: float, people: int, seed: int,
               samples: list[dict[str, Any]], started: float) -> Tally:
    rng = random.Random(seed)
    tally = Tally()
    bases = [f"http://127.0.0.1:{p}" for p in cluster.ports]
    sockets = [f"ws://127.0.0.1:{p}/ws" for p in cluster.ports]
    workshops = []
    async with httpx.AsyncClient(base_url=bases[0], timeout=30, trust_env=False) as http:
        for i in range(3):
            r = await http.post("/api/workshops", json={"title": f"Soak {i}",
                                                        "groups": ["City", "NGO"]})
            r.raise_for_status()
            workshops.append(r.json())
    until = time.monotonic() + minutes * 60
    redis_restart_at = time.monotonic() + minutes * 30
    tasks = [asyncio.create_task(facilitate(bases[i % 2], sockets[i % 2],
                                            w["facilitator"]["token"], until))
             for i, w in enumerate(workshops)]
    visits: set[asyncio.Task[None]] = set()
    n = 0
    next_sample = time.monotonic()
    restarted = False
    while time.monotonic() < until:
        while len(visits) < people:
            n += 1
            w = workshops[n % 3]
            k = rng.randrange(2)
            person = Person(bases[k], sockets[k], w["join_code"], f"p{n}",
                            rng.uniform(20, 90), tally, rng)
            task = asyncio.create_task(person.visit())
            visits.add(task)
            task.add_done_callback(visits.discard)
        if not restarted and time.monotonic() >= redis_restart_at:
            restart_redis(cluster)
            restarted = True
            samples.append({"t": round(time.monotonic() - started, 1), "label": "redis restart"})
        if time.monotonic() >= next_sample:
            samples.append(sample(cluster, time.monotonic() - started, "load"))
            next_sample += SAMPLE_EVERY_S
        await asyncio.sleep(0.5)
    await asyncio.gather(*tasks, *visits, return_exceptions=True)
    return tally


def restart_redis(cluster: Cluster) -> None:
    assert cluster.redis is not None
    cluster.redis.terminate()
    cluster.redis.wait(10)
    binary = shutil.which("redis-server")
    assert binary is not None
    time.sleep(2)  # down for a moment, as a restart is
    cluster.redis = cluster._spawn("redis-restarted", [
        binary, "--port", str(cluster.redis_port), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no"])


def held(entry: dict[str, Any], idle: dict[str, Any]) -> list[str]:
    """What a process still holds after everyone left, compared with before."""
    problems = []
    for gauge in ("cocreate_connections", "cocreate_hub_rooms", "cocreate_hub_clients",
                  "cocreate_db_connections_in_use"):
        if entry.get(gauge, 0) > 0:
            problems.append(f"{gauge}={entry[gauge]:g}")
    if entry.get("cocreate_asyncio_tasks", 0) > idle.get("cocreate_asyncio_tasks", 0):
        problems.append(f"cocreate_asyncio_tasks={entry['cocreate_asyncio_tasks']:g} "
                        f"(idle {idle.get('cocreate_asyncio_tasks', 0):g})")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.soak", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--people", type=int, default=60, help="connected at any moment")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="write every sample here")
    args = parser.parse_args(argv)
    cluster = Cluster("cocreate", workers=2)
    cluster.start()
    samples: list[dict[str, Any]] = []
    started = time.monotonic()
    try:
        time.sleep(SAMPLE_EVERY_S / 2)  # gauges are sampled every 2 s by each process
        idle = sample(cluster, 0.0, "idle before")
        samples.append(idle)
        tally = asyncio.run(load(cluster, args.minutes, args.people, args.seed, samples,
                                 started))
        time.sleep(SETTLE_AFTER_S)
        after = sample(cluster, time.monotonic() - started, "after everyone left")
        samples.append(after)
        alive = cluster.alive()
    finally:
        logs = cluster.log_tails()
        cluster.stop()
    problems = [f"process {i}: {p}" for i, (a, b) in
                enumerate(zip(after["processes"], idle["processes"], strict=True))
                for p in held(a, b)]
    tracebacks = logs.count("Traceback")
    report = {"minutes": args.minutes, "people": args.people, "tally": tally.__dict__,
              "samples": samples, "problems": problems, "alive": alive,
              "tracebacks_in_log_tails": tracebacks}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)
    print(f"joined {tally.joined}, left {tally.left}, ops sent {tally.ops}, "
          f"errors {tally.errors}, sockets dropped by the server {tally.dropped}")
    print(f"{'t s':>6} {'label':<22} " + " | ".join(
        f"p{i} rss MB, sockets, tasks, db, rooms, clients" for i in range(2)))
    for s in samples:
        if "processes" not in s:
            print(f"{s['t']:>6} {s['label']}")
            continue
        cells = [f"{p.get('rss_mb', '?')}, {p.get('cocreate_connections', 0):g}, "
                 f"{p.get('cocreate_asyncio_tasks', 0):g}, "
                 f"{p.get('cocreate_db_connections_in_use', 0):g}, "
                 f"{p.get('cocreate_hub_rooms', 0):g}, {p.get('cocreate_hub_clients', 0):g}"
                 for p in s["processes"]]
        print(f"{s['t']:>6} {s['label']:<22} " + " | ".join(cells))
    if problems or not alive:
        print("SOAK FAILED: " + ("; ".join(problems) or "a process died"), file=sys.stderr)
        return 1
    print("soak passed: nothing held after everyone left")
    return 0


if __name__ == "__main__":
    sys.exit(main())
