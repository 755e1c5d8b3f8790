"""Fan-out benchmark: Cocreate against python-socketio, a `websockets` relay and their Node peers.

    python -m benchmarks.run --target all --workload A,B --runs 3 --json out.json

See benchmarks/README.md for the workloads, the modes and every output field.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from typing import Any

from benchmarks import loadgen
from benchmarks.report import get, median_of, table
from benchmarks.servers import NODE_DIR, TARGETS
from benchmarks.session import Session
from benchmarks.workloads import WORKLOADS, Workload, custom


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run",
                                description=__doc__.splitlines()[0])
    p.add_argument("--target", default="all", help="cocreate | websockets | socketio | node-ws | "
                   "node-socketio | all, or a comma-separated list (default: all)")
    p.add_argument("--workload", default="A", help="A | B | C | D | idle | slow | custom, or a "
                   "comma-separated list (default: A); custom needs --clients and --rooms")
    p.add_argument("--clients", type=int, help="custom workload: number of clients")
    p.add_argument("--rooms", type=int, help="custom workload: number of rooms")
    p.add_argument("--rate", type=float, help="messages per second per client "
                   "(overrides the workload's rate; the first step's rate in step mode)")
    p.add_argument("--mode", default="ephemeral", choices=["ephemeral", "durable", "step"])
    p.add_argument("--step-of", default="ephemeral", choices=["ephemeral", "durable"],
                   help="what step mode sends (default: ephemeral)")
    p.add_argument("--step-factor", type=float, default=1.5)
    p.add_argument("--max-steps", type=int, default=12)
    p.add_argument("--p99-limit-ms", type=float, default=100.0)
    p.add_argument("--loss-limit-pct", type=float, default=0.1)
    p.add_argument("--workers", type=int, default=2, help="server processes (default: 2)")
    p.add_argument("--duration", type=float, help="measured seconds per run or step "
                   "(default: the workload's, 10 s per step in step mode)")
    p.add_argument("--warmup", type=float, default=2.0, help="seconds sent before measuring")
    p.add_argument("--runs", type=int, default=1, help="runs per case; the table shows medians")
    p.add_argument("--loadgen-procs", type=int, default=0,
                   help="load generator processes (default: by offered load)")
    p.add_argument("--json", metavar="FILE", help="write every run and the medians here")
    p.add_argument("--postgres", metavar="URL",
                   help="Cocreate on a fresh database on this PostgreSQL server (dropped "
                   "afterwards), e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test; "
                   "default: a fresh SQLite file")
    p.add_argument("--keep-logs", action="store_true", help="keep server logs (path printed)")
    args = p.parse_args(argv)
    args.targets = list(TARGETS) if args.target == "all" else args.target.split(",")
    for t in args.targets:
        if t not in TARGETS:
            p.error(f"unknown target {t!r}")
    args.workloads = []
    for name in args.workload.split(","):
        if name == "custom":
            if not (args.clients and args.rooms):
                p.error("--workload custom needs --clients and --rooms")
            args.workloads.append(custom(args.clients, args.rooms, args.rate or 1.0))
        elif name in WORKLOADS:
            args.workloads.append(WORKLOADS[name])
        else:
            p.error(f"unknown workload {name!r}")
    return args


def machine() -> dict[str, Any]:
    import psutil
    info: dict[str, Any] = {
        "platform": platform.platform(), "python": sys.version.split()[0],
        "cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    for pkg in ("websockets", "python-socketio", "python-engineio", "uvicorn", "uvloop",
                "redis", "cocreate"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            info[pkg] = metadata.version(pkg)
    try:
        out = subprocess.run(["redis-server", "--version"], capture_output=True, text=True)
        info["redis-server"] = out.stdout.split()[2].removeprefix("v=")
    except (OSError, IndexError):
        pass
    try:
        out = subprocess.run(["node", "--version"], capture_output=True, text=True)
        info["node"] = out.stdout.strip().removeprefix("v") or None
    except OSError:
        pass
    # The Node peers' packages as installed (npm ci, from the lock file).
    for pkg in ("ws", "socket.io", "@socket.io/redis-adapter", "ioredis"):
        with contextlib.suppress(OSError, ValueError, KeyError):
            manifest = NODE_DIR / "node_modules" / pkg / "package.json"
            info[f"npm:{pkg}"] = json.loads(manifest.read_text())["version"]
    return info


def one(target: str, workload: Workload, args: argparse.Namespace) -> dict[str, Any]:
    mode = args.step_of if args.mode == "step" else args.mode
    rate = args.rate if args.rate is not None else workload.rate
    with Session(target, workload, mode, args.workers, args.loadgen_procs,
                 keep_logs=args.keep_logs, postgres=args.postgres) as s:
        if args.keep_logs:
            print(f"  logs: {s.cluster.directory}", flush=True)
        result = s.open()
        result.update({"workload": workload.name, "workload_description": workload.description,
                       "mode": args.mode})
        if args.mode == "step":
            result.update(_steps(s, rate or 1.0, args))
            return result
        duration = args.duration or workload.duration
        stall = None
        if workload.stalled_fraction:
            stall = (workload.stall_after, workload.stall_for)
            duration = max(duration, sum(stall) + 5.0)
        phase = s.phase(rate, duration, args.warmup, stall=stall,
                        bucket_s=5.0 if stall else 0.0)
        result["rss"]["per_connection_load_kib"] = phase.pop("per_connection_load_kib")
        result["rss"]["peak_mb"] = phase.pop("rss_peak_mb")
        result.update(phase)
        return result


def _steps(s: Session, rate: float, args: argparse.Namespace) -> dict[str, Any]:
    steps: list[dict[str, Any]] = []
    knee: dict[str, Any] | None = None
    for i in range(args.max_steps):
        phase = s.phase(rate, args.duration or 10.0, args.warmup)
        phase.pop("rss_timeline")
        p99 = get(phase, "latency_ms.p99")
        ok = p99 is not None and p99 <= args.p99_limit_ms \
            and phase["lost_pct"] <= args.loss_limit_pct
        phase["passed"] = ok
        steps.append(phase)
        print(f"    step {i + 1}: {rate:.3g} msg/s/client, offered "
              f"{phase['offered_deliveries_per_s']:.0f}/s, delivered "
              f"{phase['delivered_deliveries_per_s']:.0f}/s, p99 {p99} ms, "
              f"lost {phase['lost_pct']}%, server cpu {phase['server_cpu_pct']}%, "
              f"loadgen cpu max {phase['loadgen']['cpu_pct_max']}%", flush=True)
        if not ok:
            break
        knee = phase
        rate *= args.step_factor
    flat = dict(knee or steps[0])
    flat["steps"] = steps
    s.result["rss"]["per_connection_load_kib"] = flat.pop("per_connection_load_kib")
    s.result["rss"]["peak_mb"] = flat.pop("rss_peak_mb")
    for step in steps:
        step.pop("per_connection_load_kib", None)
    flat["knee"] = None if knee is None else {
        "rate_per_client": knee["rate_per_client"],
        "delivered_deliveries_per_s": knee["delivered_deliveries_per_s"],
        "p99_ms": get(knee, "latency_ms.p99"), "lost_pct": knee["lost_pct"]}
    flat["first_failing_step"] = None if steps[-1]["passed"] else len(steps)
    return flat


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    limit = loadgen.raise_nofile()
    need = max(w.clients for w in args.workloads) + 1000
    if limit < need:
        print(f"warning: open-file limit {limit} < {need}; raise `ulimit -n`", file=sys.stderr)
    info = machine()
    print(f"machine: {info['cpus']} CPUs, load {info['loadavg_at_start']}, "
          f"python {info['python']}", flush=True)
    cases: dict[tuple[str, str], list[dict[str, Any]]] = {}
    failures: list[dict[str, Any]] = []
    for run in range(args.runs):
        for workload in args.workloads:
            for target in args.targets:
                if args.mode == "durable" and target != "cocreate" or \
                        args.mode == "step" and args.step_of == "durable" and target != "cocreate":
                    if run == 0:
                        print(f"skipping {target}: durable ops are Cocreate's alone", flush=True)
                    continue
                label = f"{target} {workload.name} {args.mode}"
                print(f"[run {run + 1}/{args.runs}] {label}: {workload.description}", flush=True)
                t0 = time.monotonic()
                try:
                    result = one(target, workload, args)
                except Exception as e:  # noqa: BLE001 - report and go on with the others
                    print(f"  FAILED: {e}", flush=True)
                    failures.append({"target": target, "workload": workload.name,
                                     "run": run + 1, "error": str(e)})
                    continue
                cases.setdefault((workload.name, target), []).append(result)
                print(f"  done in {time.monotonic() - t0:.0f} s: connected "
                      f"{result['connect']['connected']}/{result['clients']} in "
                      f"{result['connect']['seconds']:.1f} s, p99 "
                      f"{get(result, 'latency_ms.p99')} ms, lost {result.get('lost')}, "
                      f"loadgen cpu max {get(result, 'loadgen.cpu_pct_max')}%", flush=True)
    rows = []
    output: dict[str, Any] = {"machine": info, "args": {k: v for k, v in vars(args).items()
                                                        if k != "workloads"}, "results": []}
    for (workload_name, target), results in cases.items():
        med = median_of(results)
        rows.append((f"{target} {workload_name} {args.mode}", med))
        output["results"].append({"target": target, "workload": workload_name,
                                  "mode": args.mode, "median": med, "runs": results})
    output["failures"] = failures
    print()
    print(f"medians of {args.runs} run(s); {info['cpus']} CPUs; {args.workers} server processes")
    print(table(rows))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(output, f, indent=1, default=str)
        print(f"\nwrote {args.json}")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
