"""A real `redis-server` on a free port, which a test can kill and bring back.

It keeps nothing on disk (`--save "" --appendonly no`), as pub/sub needs
nothing kept: a restart comes back empty on the same port, like a Redis that
crashed. `require_redis_server()` skips the test with the reason when the
binary is missing (`make test` installs it).
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.server import free_port

START_TIMEOUT = 10.0


def require_redis_server() -> str:
    """The path of `redis-server`, or skip the calling test saying why."""
    path = shutil.which("redis-server")
    if path is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server); "
                    "the Redis tests need a real one")
    return path


class RedisServer:
    """One `redis-server` process bound to 127.0.0.1 on a port that stays the same
    across `stop()` / `start()`, so clients configured with `url` find it again."""

    def __init__(self, port: int | None = None) -> None:
        self.binary = require_redis_server()
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="cocreate-redis-"))
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = self.dir / "redis.log"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, timeout: float = START_TIMEOUT) -> RedisServer:
        assert not self.running, "redis-server is already running"
        deadline = time.monotonic() + timeout
        while True:
            # The port of a killed server can stay busy for a moment; retry the bind.
            self.proc = subprocess.Popen(
                [self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--dir", str(self.dir),
                 "--logfile", str(self.log_path), "--protected-mode", "no"],
                stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
            if self._wait_ping(deadline):
                return self
            if self.proc.poll() is None:
                self._terminate(signal.SIGKILL)
                raise RuntimeError(f"redis-server did not answer PING on {self.port} "
                                   f"in {timeout}s:\n{self.output()}")
            if time.monotonic() >= deadline:
                raise RuntimeError(f"redis-server could not start on {self.port}:\n"
                                   f"{self.output()}")
            time.sleep(0.1)

    def _wait_ping(self, deadline: float) -> bool:
        """True once the server answers PING; False if the process exited."""
        assert self.proc is not None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            if self.ping():
                return True
            time.sleep(0.02)
        return False

    def ping(self) -> bool:
        return self.command("PING") == b"+PONG\r\n"

    def command(self, *words: str) -> bytes | None:
        """Send one command (RESP) and return the raw reply, or None if unreachable."""
        payload = f"*{len(words)}\r\n".encode() + b"".join(
            f"${len(w.encode())}\r\n".encode() + w.encode() + b"\r\n" for w in words)
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1.0) as s:
                s.sendall(payload)
                return s.recv(65536)
        except OSError:
            return None

    def numsub(self, channel: str) -> int:
        """How many connections are subscribed to `channel` (PUBSUB NUMSUB)."""
        reply = self.command("PUBSUB", "NUMSUB", channel)
        if reply is None:
            return 0
        # *2\r\n$N\r\n<channel>\r\n:<count>\r\n
        return int(reply.rsplit(b":", 1)[1].strip())

    def wait_numsub(self, channel: str, count: int, timeout: float = 5.0) -> int:
        """Wait (briefly) until `count` connections subscribe to `channel`; the last count."""
        deadline = time.monotonic() + timeout
        while (seen := self.numsub(channel)) != count and time.monotonic() < deadline:
            time.sleep(0.02)
        return seen

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM kill would: every connection drops at once."""
        self._terminate(signal.SIGKILL)

    def freeze(self) -> None:
        """SIGSTOP: connections stay open but nothing answers (a hung host, a partition)."""
        assert self.proc is not None and self.proc.poll() is None
        self.proc.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        self._terminate(signal.SIGTERM)

    def _terminate(self, sig: signal.Signals) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    @contextlib.contextmanager
    def down(self) -> Iterator[None]:
        """Killed inside the block, started again on the same port after it."""
        self.kill()
        try:
            yield
        finally:
            self.start()

    def output(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def close(self) -> None:
        self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.contextmanager
def running_redis() -> Iterator[RedisServer]:
    """A started `redis-server`, killed and removed afterwards."""
    server = RedisServer()
    try:
        server.start()
        yield server
    finally:
        server.close()
