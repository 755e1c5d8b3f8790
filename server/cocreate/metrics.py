"""Prometheus metrics, served at /metrics (endpoints/health.py).

With `--workers N` the CLI sets PROMETHEUS_MULTIPROC_DIR so every worker's
numbers are summed in one scrape (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

_LATENCY = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

CONNECTIONS = Gauge("cocreate_connections", "Open WebSocket connections",
                    multiprocess_mode="livesum")
OPS = Counter("cocreate_ops_total", "Ops handled, by result", ["result"])
DELIVERIES = Counter("cocreate_deliveries_total",
                     "Frames written to client sockets (events, relays, presence)")
FANOUT_LAG = Histogram("cocreate_fanout_lag_seconds",
                       "From an event's commit to its delivery by this process", buckets=_LATENCY)
BROADCAST = Histogram("cocreate_broadcast_duration_seconds",
                      "Time to hand one event to every local socket of its room",
                      buckets=_LATENCY)
BATCH_SIZE = Histogram("cocreate_op_batch_size", "Ops committed per transaction",
                       buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500))
COMMIT = Histogram("cocreate_op_batch_seconds", "Time to run and commit one op batch",
                   buckets=_LATENCY)
# What a process holds, sampled every few seconds: a soak checks they return
# to their idle values once everyone has left.
TASKS = Gauge("cocreate_asyncio_tasks", "asyncio tasks of the process",
              multiprocess_mode="livesum")
DB_CONNECTIONS = Gauge("cocreate_db_connections_in_use",
                       "Database connections checked out of the pools",
                       multiprocess_mode="livesum")
HUB_ROOMS = Gauge("cocreate_hub_rooms", "Rooms with a client on this process",
                  multiprocess_mode="livesum")
HUB_CLIENTS = Gauge("cocreate_hub_clients", "Clients that said hello, on this process",
                    multiprocess_mode="livesum")
SLOW_CLOSED = Counter("cocreate_slow_consumers_closed_total",
                      "Connections closed because they stopped reading")

