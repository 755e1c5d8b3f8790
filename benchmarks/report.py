"""Merge what the generator processes counted, and print the table.

Field meanings are listed in benchmarks/README.md.
"""

from __future__ import annotations

import statistics
from typing import Any

from hdrh.histogram import HdrHistogram

from benchmarks.loadgen import histogram


def merge_histograms(encoded: list[bytes]) -> HdrHistogram:
    total = histogram()
    for e in encoded:
        total.add(HdrHistogram.decode(e))
    return total


def summary_ms(h: HdrHistogram) -> dict[str, float | int | None]:
    if h.get_total_count() == 0:
        return {"count": 0, "p50": None, "p90": None, "p99": None, "max": None, "mean": None}
    return {"count": h.get_total_count(),
            "p50": h.get_value_at_percentile(50) / 1000.0,
            "p90": h.get_value_at_percentile(90) / 1000.0,
            "p99": h.get_value_at_percentile(99) / 1000.0,
            "max": h.get_max_value() / 1000.0,
            "mean": round(h.get_mean_value() / 1000.0, 3)}


def merge_phase(parts: list[dict[str, Any]], members: dict[int, list[int]],
                duration_s: float, stalling: bool) -> dict[str, Any]:
    """Combine the generator processes' counts for one measured phase.

    `members` maps room -> [healthy clients connected, stalled clients connected].
    """
    sent: dict[int, list[int]] = {}
    for p in parts:
        for room, (healthy, stalled) in p["sent"].items():
            counts = sent.setdefault(int(room), [0, 0])
            counts[0] += healthy
            counts[1] += stalled
    expected = expected_stalled = 0
    for room, (sent_h, sent_s) in sent.items():
        h, s = members.get(room, [0, 0])
        if not stalling:
            h, s = h + s, 0
        expected += sent_h * max(h - 1, 0) + sent_s * h
        expected_stalled += sent_h * s + sent_s * max(s - 1, 0)
    delivered = sum(p["delivered"] for p in parts)
    lost = expected - delivered
    errors: dict[str, int] = {}
    closed: dict[str, int] = {}
    for p in parts:
        for k, v in p["errors"].items():
            errors[k] = errors.get(k, 0) + v
        for k, v in p["closed"].items():
            closed[k] = closed.get(k, 0) + v
    buckets = sorted({int(k) for p in parts for k in p["timeline"]})
    timeline = []
    for b in buckets:
        h = merge_histograms([p["timeline"][b] for p in parts if b in p["timeline"]])
        s = summary_ms(h)
        timeline.append({"bucket": b, "deliveries": s["count"], "p50_ms": s["p50"],
                         "p99_ms": s["p99"], "max_ms": s["max"]})
    out: dict[str, Any] = {
        "messages_sent": sum(p["sent_total"] for p in parts),
        "send_failed": sum(p["send_failed"] for p in parts),
        "expected_deliveries": expected,
        "delivered": delivered,
        "offered_deliveries_per_s": round(expected / duration_s, 1),
        "delivered_deliveries_per_s": round(delivered / duration_s, 1),
        "latency_ms": summary_ms(merge_histograms([p["latency"] for p in parts])),
        "lost": lost,
        "lost_pct": round(100.0 * lost / expected, 4) if expected else 0.0,
        "reordered": sum(p["reordered"] for p in parts),
        "duplicates": sum(p["duplicates"] for p in parts),
        "self_echo": sum(p["self_echo"] for p in parts),
        "errors": errors,
        "clients_open_at_end": sum(p["open"] for p in parts),
        "clients_closed": closed,
        "send_lag_ms": summary_ms(merge_histograms([p["send_lag"] for p in parts])),
    }
    acks = merge_histograms([p["ack_latency"] for p in parts])
    if acks.get_total_count():
        out["ack_latency_ms"] = summary_ms(acks)
        out["acked_per_s"] = round(acks.get_total_count() / duration_s, 1)
    if stalling:
        out["stalled"] = {
            "expected_deliveries": expected_stalled,
            "delivered": sum(p["delivered_stalled"] for p in parts),
            "latency_ms": summary_ms(merge_histograms([p["latency_stalled"] for p in parts])),
        }
    if timeline:
        out["timeline"] = timeline
    return out


# Columns of the table: (header, path into a result, format).
COLUMNS: list[tuple[str, str, str]] = [
    ("offered/s", "offered_deliveries_per_s", "{:.0f}"),
    ("deliv/s", "delivered_deliveries_per_s", "{:.0f}"),
    ("p50 ms", "latency_ms.p50", "{:.1f}"),
    ("p90 ms", "latency_ms.p90", "{:.1f}"),
    ("p99 ms", "latency_ms.p99", "{:.1f}"),
    ("max ms", "latency_ms.max", "{:.0f}"),
    ("lost", "lost", "{:.0f}"),
    ("reord", "reordered", "{:.0f}"),
    ("cpu-s/1k", "server_cpu_s_per_1000_deliveries", "{:.3f}"),
    ("us/dlv", "server_cpu_us_per_delivery", "{:.1f}"),
    ("redis s", "redis_cpu_s", "{:.1f}"),
    ("KiB/conn idle", "rss.per_connection_idle_kib", "{:.1f}"),
    ("KiB/conn load", "rss.per_connection_load_kib", "{:.1f}"),
    ("connect s", "connect.seconds", "{:.1f}"),
    ("ack p99", "ack_latency_ms.p99", "{:.1f}"),
    ("lg cpu%", "loadgen.cpu_pct_max", "{:.0f}"),
    ("lag p99", "send_lag_ms.p99", "{:.1f}"),
    ("other cpu%", "other_cpu_pct", "{:.0f}"),
]


def get(result: dict[str, Any], path: str) -> Any:
    value: Any = result
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def median_of(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-column medians over runs (None where a run has no value)."""
    out: dict[str, Any] = {}
    for _, path, _ in COLUMNS:
        values = [v for r in results if isinstance(v := get(r, path), (int, float))]
        out[path] = statistics.median(values) if values else None
    return out


def table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    """Rows of (label, {path: value}) as a fixed-width table."""
    headers = ["run"] + [h for h, _, _ in COLUMNS]
    lines = []
    for label, values in rows:
        cells = [label]
        for _, path, fmt in COLUMNS:
            v = values.get(path)
            cells.append("-" if v is None else fmt.format(v))
        lines.append(cells)
    widths = [max([len(headers[i])] + [len(r[i]) for r in lines]) for i in range(len(headers))]
    fmt_row = lambda cells: "  ".join(c.rjust(w) if i else c.ljust(w)  # noqa: E731
                                      for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
    return "\n".join([fmt_row(headers), fmt_row(["-" * w for w in widths]),
                      *(fmt_row(r) for r in lines)])
