"""Markdown tables of saved benchmark results, for docs/performance.md.

    python -m benchmarks.tables benchmarks/results/*.json

Each row is the median over the file's runs (as the run's own table shows);
step runs show their knee, slow runs their healthy clients' p99 per 5 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any

from benchmarks.report import get

COLUMNS = [
    ("deliveries/s", "delivered_deliveries_per_s", "{:,.0f}"),
    ("p50 ms", "latency_ms.p50", "{:.1f}"),
    ("p90 ms", "latency_ms.p90", "{:.1f}"),
    ("p99 ms", "latency_ms.p99", "{:.1f}"),
    ("max ms", "latency_ms.max", "{:,.0f}"),
    ("lost", "lost", "{:,.0f}"),
    ("µs CPU/delivery", "server_cpu_us_per_delivery", "{:.1f}"),
    ("ack p99 ms", "ack_latency_ms.p99", "{:.1f}"),
    ("KiB/conn idle", "rss.per_connection_idle_kib", "{:.1f}"),
    ("connect s", "connect.seconds", "{:.1f}"),
    ("other CPU %", "other_cpu_pct", "{:.0f}"),
]


def _median(runs: list[dict[str, Any]], path: str) -> float | None:
    values = [v for r in runs if isinstance(v := get(r, path), (int, float))]
    return statistics.median(values) if values else None


def _cell(value: float | None, fmt: str) -> str:
    return "–" if value is None else fmt.format(value)


def results_table(results: list[dict[str, Any]]) -> str:
    lines = ["| target | workload | mode | runs | " + " | ".join(h for h, _, _ in COLUMNS) + " |",
             "|---" * (4 + len(COLUMNS)) + "|"]
    for result in results:
        runs = result["runs"]
        cells = [_cell(_median(runs, path), fmt) for _, path, fmt in COLUMNS]
        lines.append(f"| {result['target']} | {result['workload']} | {result['mode']} | "
                     f"{len(runs)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def worst_lost(results: list[dict[str, Any]]) -> list[str]:
    """Runs that lost deliveries, since a median can hide one."""
    notes = []
    for result in results:
        for i, run in enumerate(result["runs"], 1):
            if run.get("lost"):
                notes.append(f"{result['target']} {result['workload']} run {i}: "
                             f"lost {run['lost']:,} ({run.get('lost_pct', 0):.2f} %)")
    return notes


def steps_table(result: dict[str, Any]) -> str:
    run = result["runs"][0]
    lines = [f"{result['target']} {result['workload']} step ramp:", "",
             "| rate/client | deliveries/s | p99 ms | lost % | passed |", "|---|---|---|---|---|"]
    for step in run["steps"]:
        lines.append(f"| {step['rate_per_client']:.2f} | {step['delivered_deliveries_per_s']:,.0f}"
                     f" | {_cell(get(step, 'latency_ms.p99'), '{:.1f}')} | "
                     f"{step['lost_pct']:.2f} | {'yes' if step['passed'] else 'no'} |")
    return "\n".join(lines)


def slow_table(result: dict[str, Any]) -> str:
    run = result["runs"][0]
    rss = [p["mb"] for p in run.get("rss_timeline", [])]
    lines = [f"{result['target']} slow consumers: healthy clients' p99 per 5 s "
             f"(RSS {min(rss):.0f}–{max(rss):.0f} MB over the window)" if rss else
             f"{result['target']} slow consumers:", "",
             "| from s | p50 ms | p99 ms |", "|---|---|---|"]
    for part in run.get("timeline", []):
        lines.append(f"| {part['bucket'] * 5} | {_cell(part.get('p50_ms'), '{:.1f}')} | "
                     f"{_cell(part.get('p99_ms'), '{:.1f}')} |")
    stalled = run.get("stalled")
    if stalled:
        lines += ["", f"stalled clients: {stalled['delivered']:,} of "
                  f"{stalled['expected_deliveries']:,} deliveries reached them; "
                  f"connections closed by the server: {run.get('clients_closed') or 'none'}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.files:
        data = json.loads(path.read_text())
        print(f"## {path.name}\n")
        machine = data["machine"]
        print(f"machine: {machine['cpus']} CPUs, {machine['memory_gb']} GB, "
              f"Python {machine['python']}, load at start {machine['loadavg_at_start']}\n")
        plain = [r for r in data["results"] if r["mode"] != "step" and r["workload"] != "slow"]
        if plain:
            print(results_table(plain) + "\n")
            for note in worst_lost(plain):
                print(f"- {note}")
            print()
        for r in data["results"]:
            if r["mode"] == "step":
                print(steps_table(r) + "\n")
            elif r["workload"] == "slow":
                print(slow_table(r) + "\n")


if __name__ == "__main__":
    main()
