"""An operator sees the server's own log lines, at the level `--log-level` sets."""

from __future__ import annotations

from collections.abc import Callable

from support.server import ServerProcess

# Logged by the lifespan before the server answers /healthz, so a started
# server's output already holds it, or never will.
READY = "cocreate.app"


def test_info_level_shows_the_servers_own_lines(
        start_server: Callable[..., ServerProcess]) -> None:
    server = start_server(extra_args=["--log-level", "info"])
    lines = [line for line in server.output().splitlines() if READY in line]
    assert len(lines) == 1, server.output()
    assert "INFO" in lines[0] and "ready (broker: off)" in lines[0]


def test_the_default_level_keeps_info_lines_out(
        start_server: Callable[..., ServerProcess]) -> None:
    server = start_server()
    assert "Cocreate is running" in server.output()
    assert READY not in server.output()
