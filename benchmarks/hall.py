"""A hall joins at once: N people arrive over S seconds and each waits for a board.

Workload: one workshop whose plenary holds `--notes` notes (added by the
facilitator over the socket before anyone arrives). Person i arrives at
`i * S / N` seconds (open loop: a late generator shows up as latency), does
`POST /api/join` through process `i mod W`, opens `/ws`, sends `hello`, and
waits for `welcome`; then stays connected, reading whatever the room sends
(everyone else's presence) until the last person is welcomed and 2 s more.
The figure is arrival (intended) to `welcome`, with the split into the HTTP
join, the socket's opening and hello to welcome.

    python -m benchmarks.hall --people 2000 --seconds 10 --workers 1 --runs 3
    python -m benchmarks.hall --people 5000 --seconds 10 --workers 2 --runs 3

`--workers 1` runs one process with SQLite and no Redis (the default set-up
of `make run`); more workers share one SQLite file and a fresh redis-server.
The generator runs in `--loadgen-procs` processes (default: one per 2,500
people), each taking every G-th person.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import time
from multiprocessing.connection import Connection
from typing import Any

import orjson

from benchmarks.cocreate_setup import post
from benchmarks.run import machine
from benchmarks.servers import Cluster, Meter
from benchmarks.wsclient import WsClient

WELCOME_TIMEOUT_S = 60.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.hall",
                                description=__doc__.split("\n")[0])
    p.add_argument("--people", type=int, default=2000)
    p.add_argument("--seconds", type=float, default=10.0, help="arrivals spread over this long")
    p.add_argument("--notes", type=int, default=200, help="notes on the board before anyone joins")
    p.add_argument("--workers", type=int, default=1, help="server processes (1: no Redis)")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--loadgen-procs", type=int, default=0)
    p.add_argument("--json", metavar="FILE")
    p.add_argument("--keep-logs", action="store_true")
    p.add_argument("--postgres", metavar="URL", help="a fresh database on this PostgreSQL "
                   "server per run (dropped afterwards); default: a fresh SQLite file")
    p.add_argument("--profile", metavar="FILE", help="py-spy the first server process through "
                   "the arrivals; writes collapsed stacks (FILE.N for run N)")
    return p.parse_args(argv)


async def _seed(port: int, notes: int) -> str:
    """Create the workshop and add its notes as the facilitator; returns the join code."""
    status, body = await post(port, "/api/workshops", {
        "title": "Hall", "authors": "named", "facilitator_name": "host"})
    if status != 201:
        raise RuntimeError(f"POST /api/workshops: {status} {body}")
    acked: asyncio.Queue[str] = asyncio.Queue()

    def on_text(c: WsClient, payload: bytes) -> None:
        m = orjson.loads(payload)
        if m.get("type") in ("welcome", "ack"):
            acked.put_nowait(m["type"])
        elif m.get("type") == "error":
            raise RuntimeError(f"seeding: {m}")

    c = WsClient("127.0.0.1", port, "/ws", on_text)
    await c.connect()
    c.send_text(orjson.dumps({"type": "hello", "token": body["facilitator"]["token"]}).decode())
    await acked.get()
    for first in range(0, notes, 100):  # notes.paste takes up to 100 lines
        lines = [f"Idea {i}: a sentence about what the hall could do next"
                 for i in range(first, min(notes, first + 100))]
        c.send_text(orjson.dumps({"type": "op", "ref": f"n{first}", "op": "notes.paste",
                                  "data": {"lines": lines, "x": 0, "y": first * 2}}).decode())
        await acked.get()
    await asyncio.sleep(0.5)
    c.close()
    return str(body["join_code"])


async def _arrive(port: int, code: str, index: int, at: float, out: list[dict[str, Any]],
                  keep: list[WsClient]) -> None:
    loop = asyncio.get_running_loop()
    await asyncio.sleep(max(0.0, at - loop.time()))
    row: dict[str, Any] = {"index": index}
    try:
        status, body = await post(port, "/api/join", {"join_code": code, "name": f"p{index}"})
        if status != 201:
            raise RuntimeError(f"join {status}")
        joined = loop.time()
        welcome: asyncio.Future[None] = loop.create_future()

        def on_text(c: WsClient, payload: bytes) -> None:
            if not welcome.done() and payload.startswith(b'{"type":"welcome"'):
                welcome.set_result(None)

        c = WsClient("127.0.0.1", port, "/ws", on_text)
        keep.append(c)
        await c.connect(timeout=WELCOME_TIMEOUT_S)
        opened = loop.time()
        # As the web client does: presence as changes after one whole list.
        c.send_text(f'{{"type":"hello","token":"{body["token"]}","presence":"changes"}}')
        await asyncio.wait_for(welcome, WELCOME_TIMEOUT_S)
        done = loop.time()
        row.update(total_ms=(done - at) * 1000, join_ms=(joined - at) * 1000,
                   open_ms=(opened - joined) * 1000, welcome_ms=(done - opened) * 1000)
    except Exception as e:  # noqa: BLE001 - every failure is counted, none stops the run
        row["error"] = f"{type(e).__name__}: {e}"[:120]
    out.append(row)


def _generate(pipe: Connection, ports: list[int], code: str, people: int, seconds: float,
              part: int, parts: int, start: float) -> None:
    try:
        import uvloop
        uvloop.install()
    except ImportError:
        pass

    async def go() -> list[dict[str, Any]]:
        loop = asyncio.get_running_loop()
        # `start` is wall-clock; arrivals are scheduled on this loop's clock.
        base = loop.time() + (start - time.time())
        out: list[dict[str, Any]] = []
        keep: list[WsClient] = []
        await asyncio.gather(*(
            _arrive(ports[i % len(ports)], code, i, base + i * seconds / people, out, keep)
            for i in range(part, people, parts)))
        await asyncio.sleep(2.0)
        for c in keep:
            c.close()
        return out

    pipe.send(asyncio.run(go()))


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def one_run(args: argparse.Namespace, run: int) -> dict[str, Any]:
    cluster = Cluster("cocreate", args.workers, keep_logs=args.keep_logs,
                      with_redis=args.workers > 1, postgres=args.postgres)
    cluster.start()
    try:
        code = asyncio.run(_seed(cluster.ports[0], args.notes))
        meter = Meter([p.pid for p in cluster.procs])
        parts = args.loadgen_procs or max(1, -(-args.people // 2500))
        start = time.time() + 1.0
        spy = None
        if args.profile:
            spy = subprocess.Popen(
                ["py-spy", "record", "-p", str(cluster.procs[0].pid), "-r", "250",
                 "-d", str(int(args.seconds + 4)), "-f", "raw", "--nonblocking", "--threads",
                 "-o", f"{args.profile}.{run}"], stdout=subprocess.DEVNULL)
        cpu0 = meter.cpu()
        ctx = multiprocessing.get_context("spawn")
        pipes, procs = [], []
        for part in range(parts):
            mine, theirs = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_generate, args=(theirs, cluster.ports, code, args.people,
                                                      args.seconds, part, parts, start))
            proc.start()
            pipes.append(mine)
            procs.append(proc)
        peak = 0
        rows: list[dict[str, Any]] = []
        waiting = list(pipes)
        while waiting:
            peak = max(peak, meter.rss())
            for pipe in list(waiting):
                if pipe.poll(0.5):
                    rows.extend(pipe.recv())
                    waiting.remove(pipe)
        cpu = meter.cpu() - cpu0
        for proc in procs:
            proc.join()
        if spy is not None:
            spy.wait()
        if not cluster.alive():
            raise RuntimeError("a server process died:\n" + cluster.log_tails())
    finally:
        cluster.stop()
    totals = [r["total_ms"] for r in rows if "total_ms" in r]
    errors: dict[str, int] = {}
    for r in rows:
        if "error" in r:
            errors[r["error"]] = errors.get(r["error"], 0) + 1
    parts_ms = {key: {"p50": _pct([r[key] for r in rows if key in r], 0.5),
                      "p99": _pct([r[key] for r in rows if key in r], 0.99)}
                for key in ("join_ms", "open_ms", "welcome_ms")}
    return {"people": args.people, "seconds": args.seconds, "notes": args.notes,
            "workers": args.workers, "welcomed": len(totals), "errors": errors,
            "welcome_ms": {"p50": _pct(totals, 0.5), "p90": _pct(totals, 0.9),
                           "p99": _pct(totals, 0.99), "max": max(totals, default=float("nan"))},
            "parts_ms": parts_ms, "server_cpu_s": cpu, "server_peak_rss_mb": peak / 2**20}


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    runs = []
    for n in range(args.runs):
        r = one_run(args, n + 1)
        runs.append(r)
        w = r["welcome_ms"]
        print(f"run {n + 1}: {r['welcomed']}/{r['people']} welcomed, p50 {w['p50']:.0f} ms, "
              f"p90 {w['p90']:.0f}, p99 {w['p99']:.0f}, max {w['max']:.0f}; errors {r['errors']}; "
              f"server cpu {r['server_cpu_s']:.1f} s; parts {json.dumps(r['parts_ms'])}",
              flush=True)
    median = {q: statistics.median(r["welcome_ms"][q] for r in runs)
              for q in ("p50", "p90", "p99", "max")}
    print(f"median of {len(runs)}: " + ", ".join(f"{q} {v:.0f} ms" for q, v in median.items()))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"runs": runs, "median_welcome_ms": median, "machine": machine(),
                       "load": os.getloadavg()}, f, indent=1)


if __name__ == "__main__":
    main()
