"""Start real `cocreate serve` processes on free ports for tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from support.ws import Client

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_sqlite_url() -> str:
    folder = tempfile.mkdtemp(prefix="cocreate-test-")
    return f"sqlite:///{folder}/cocreate.sqlite3"


@dataclass
class ServerProcess:
    """One `cocreate serve` subprocess; its output is kept for failure reports."""

    database_url: str
    redis_url: str | None = None
    port: int = field(default_factory=free_port)
    workers: int = 1
    extra_env: dict[str, str] = field(default_factory=dict)
    extra_args: list[str] = field(default_factory=list)
    proc: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def start(self, timeout: float = 20.0) -> ServerProcess:
        env = dict(os.environ)
        env.pop("REDIS_URL", None)
        env.pop("DATABASE_URL", None)
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        env.update(self.extra_env)
        cmd = [sys.executable, "-m", "cocreate", "serve", "--host", "127.0.0.1",
               "--port", str(self.port), "--database", self.database_url]
        if self.workers != 1:
            cmd += ["--workers", str(self.workers)]
        cmd += self.extra_args
        fd, name = tempfile.mkstemp(prefix="cocreate-server-", suffix=".log")
        self.log_path = Path(name)
        self.proc = subprocess.Popen(cmd, stdout=fd, stderr=subprocess.STDOUT, env=env,
                                     cwd=REPO, start_new_session=True)
        os.close(fd)
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.output()}")
            try:
                if httpx.get(self.http + "/healthz", timeout=1.0).status_code in (200, 503):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"server did not answer /healthz in {timeout}s:\n{self.output()}")

    def output(self) -> str:
        """Everything the process printed; "" once its log is gone (after teardown)."""
        try:
            return self.log_path.read_text(errors="replace") if self.log_path else ""
        except FileNotFoundError:
            return ""

    def kill9(self) -> None:
        """SIGKILL the whole process group, as a crash would."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill9()


async def open_client(server: ServerProcess, token: str, label: str,
                      room: str | None = None) -> Client:
    """A client of `server` that said hello with `token` (for `room`); the caller closes it."""
    client = await Client.open(server.ws, label=label)
    await client.hello(token, room=room)
    return client
