"""Start and stop what a run measures: one redis-server and W processes of a target.

Each process of the target gets its own free port and the same Redis (and for
Cocreate the same SQLite file), so a room spread over the processes exercises
the cross-process fan-out. Logs go to files in the run's directory; the tail of
a log is shown when a process fails to start.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
TARGETS = ("cocreate", "websockets", "socketio", "node-ws", "node-socketio")
PYTHON_PEERS = {"websockets": "websockets_redis", "socketio": "socketio_redis"}
NODE_DIR = REPO / "benchmarks" / "peers" / "node"
NODE_PEERS = {"node-ws": "ws_redis.js", "node-socketio": "socketio_redis.js"}
START_TIMEOUT_S = 60.0


def node_argv(target: str) -> list[str]:
    """`node <script>` for a Node peer, once `npm ci` has installed its packages."""
    binary = shutil.which("node")
    if binary is None:
        raise RuntimeError(f"{target} needs node (v18 or later) on PATH")
    if not (NODE_DIR / "node_modules" / ".package-lock.json").exists():
        raise RuntimeError(f"{target} needs its npm packages: "
                           f"npm ci --prefix {NODE_DIR.relative_to(REPO)} (make bench does it)")
    return [binary, str(NODE_DIR / NODE_PEERS[target])]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_tcp(port: int, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"exited with {proc.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"not listening on {port} after {timeout:.0f} s")


def _wait_http_ok(url: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except Exception as e:  # noqa: BLE001 - retried until the deadline
            last = str(e)
        time.sleep(0.2)
    raise RuntimeError(f"{url} not healthy after {timeout:.0f} s ({last})")


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class Cluster:
    """Redis plus W server processes of one target, stopped by `stop()`."""

    target: str
    workers: int
    directory: Path = field(
        default_factory=lambda: Path(tempfile.mkdtemp(prefix="cocreate-bench-")))
    redis_port: int = 0
    ports: list[int] = field(default_factory=list)
    redis: subprocess.Popen[bytes] | None = None
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    keep_logs: bool = False
    with_redis: bool = True  # False: one Cocreate process as `make run` starts it
    # A PostgreSQL server's URL: Cocreate then gets a fresh database of its own
    # there (dropped by `stop()`) instead of a fresh SQLite file.
    postgres: str | None = None
    _pg_database: str | None = None

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def start(self) -> None:
        try:
            if self.with_redis:
                self._start_redis()
            self._start_servers()
        except BaseException:
            self.stop()
            raise

    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None
               ) -> subprocess.Popen[bytes]:
        # The child keeps its own copy of the log's descriptor; ours can close once it runs.
        with open(self.directory / f"{name}.log", "wb") as log:
            return subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=REPO,
                                    env={**os.environ, **(env or {})}, start_new_session=True)

    def _start_redis(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not on PATH")
        self.redis_port = free_port()
        self.redis = self._spawn("redis", [binary, "--port", str(self.redis_port),
                                           "--bind", "127.0.0.1", "--save", "",
                                           "--appendonly", "no"])
        _wait_tcp(self.redis_port, self.redis, 10)

    def _start_servers(self) -> None:
        py = sys.executable
        env = {"REDIS_URL": self.redis_url if self.with_redis else "", "PYTHONUNBUFFERED": "1"}
        if self.target == "cocreate":
            db = (self._create_pg_database() if self.postgres
                  else f"sqlite:///{self.directory / 'cocreate.sqlite3'}")
            env["COCREATE_DATA_DIR"] = str(self.directory)
            # The harness creates every room's workshop from one address.
            env["COCREATE_CREATES_PER_MINUTE"] = "1000000"
            # Migrate once, so W processes do not race to create the schema.
            subprocess.run([py, "-m", "cocreate", "migrate", "--database", db], cwd=REPO,
                           env={**os.environ, **env}, check=True, capture_output=True)
            argv = [py, "-m", "cocreate", "serve", "--host", "127.0.0.1", "--database", db]
        elif self.target in PYTHON_PEERS:
            argv = [py, "-m", f"benchmarks.peers.{PYTHON_PEERS[self.target]}",
                    "--redis", self.redis_url]
        elif self.target in NODE_PEERS:
            argv = [*node_argv(self.target), "--redis", self.redis_url]
        else:
            raise ValueError(f"unknown target {self.target!r}")
        for i in range(self.workers):
            port = free_port()
            self.ports.append(port)
            self.procs.append(self._spawn(f"{self.target}-{i}",
                                          [*argv, "--port", str(port)], env))
        for i, (port, proc) in enumerate(zip(self.ports, self.procs, strict=True)):
            try:
                if self.target == "cocreate":
                    _wait_http_ok(f"http://127.0.0.1:{port}/healthz", proc, START_TIMEOUT_S)
                else:
                    _wait_tcp(port, proc, START_TIMEOUT_S)
            except RuntimeError as e:
                log = self.directory / f"{self.target}-{i}.log"
                raise RuntimeError(f"{self.target} process {i} did not start: {e}\n"
                                   f"--- {log}\n{_tail(log)}") from None

    def _create_pg_database(self) -> str:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url
        assert self.postgres is not None
        self._pg_database = f"cocreate_bench_{os.urandom(5).hex()}"
        admin = create_engine(self.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self._pg_database}"'))
        admin.dispose()
        return make_url(self.postgres).set(database=self._pg_database).render_as_string(False)

    def _drop_pg_database(self) -> None:
        from sqlalchemy import create_engine, text
        if self.postgres is None or self._pg_database is None:
            return
        admin = create_engine(self.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self._pg_database}" WITH (FORCE)'))
        admin.dispose()
        self._pg_database = None

    def stop(self) -> None:
        for proc in [*self.procs, *([self.redis] if self.redis else [])]:
            if proc.poll() is None:
                proc.terminate()
        for proc in [*self.procs, *([self.redis] if self.redis else [])]:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._drop_pg_database()
        if not self.keep_logs:
            shutil.rmtree(self.directory, ignore_errors=True)

    def alive(self) -> bool:
        return all(p.poll() is None for p in self.procs)

    def log_tails(self) -> str:
        return "\n".join(
            f"--- {self.target}-{i}\n{_tail(self.directory / f'{self.target}-{i}.log', 15)}"
            for i in range(self.workers))


class Meter:
    """CPU-seconds and RSS of a set of processes (and their children)."""

    def __init__(self, pids: list[int]) -> None:
        self.procs = [psutil.Process(pid) for pid in pids]

    def _all(self) -> list[psutil.Process]:
        out: list[psutil.Process] = []
        for p in self.procs:
            try:
                out.append(p)
                out.extend(p.children(recursive=True))
            except psutil.Error:
                pass
        return out

    def cpu(self) -> float:
        total = 0.0
        for p in self._all():
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.Error:
                pass
        return total

    def rss(self) -> int:
        total = 0
        for p in self._all():
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        return total
