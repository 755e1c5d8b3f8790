"""Fixtures shared by the test tiers: databases, real server processes, their logs.

- `database_url`: a fresh SQLite file per test, and (when
  COCREATE_TEST_POSTGRES_URL is set) a fresh PostgreSQL database per test.
- `start_server(**kw)`: start a `cocreate serve` subprocess on that database;
  every server a test started is stopped at teardown, and the output of each
  is attached to the report of a failing test.
- `server`: one such process with the defaults.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from support.api import Api
from support.postgres import ENV as POSTGRES_ENV
from support.postgres import PostgresDatabases
from support.redis import RedisServer, running_redis
from support.server import ServerProcess, fresh_sqlite_url

SERVER_START_TIMEOUT = 60.0
_SERVERS = pytest.StashKey[list[ServerProcess]]()
_LOG_TAIL = 30_000


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases]:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set, so the PostgreSQL variant does not run; "
                    f"set it to e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test")
    databases = PostgresDatabases(url)
    yield databases
    databases.drop_all()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database for this test, as the server's --database URL."""
    if request.param == "sqlite":
        url = fresh_sqlite_url()
        yield url
        shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)
    else:
        databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
        url = databases.create()
        yield url
        databases.drop(url)


@pytest.fixture
def start_server(request: pytest.FixtureRequest,
                 database_url: str) -> Iterator[Callable[..., ServerProcess]]:
    """Start `cocreate serve` processes (on this test's database unless told)."""
    servers = request.node.stash.setdefault(_SERVERS, [])

    def start(**kw: Any) -> ServerProcess:
        kw.setdefault("database_url", database_url)
        server = ServerProcess(**kw)
        servers.append(server)
        server.start(timeout=SERVER_START_TIMEOUT)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A real `redis-server` of this test's own on a free port (tests may stop it)."""
    with running_redis() as server:
        yield server


@pytest.fixture
def two(start_server: Callable[..., ServerProcess],
        redis_server: RedisServer) -> list[ServerProcess]:
    """Two server processes on this test's database, fanning out through its Redis."""
    return [start_server(redis_url=redis_server.url) for _ in range(2)]


@pytest.fixture
def server(start_server: Callable[..., ServerProcess]) -> ServerProcess:
    return start_server()


@pytest.fixture
def api(server: ServerProcess) -> Iterator[Api]:
    with Api(server.http) as client:
        yield client


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    servers = item.stash.get(_SERVERS, [])
    if report.failed:
        for i, server in enumerate(servers):
            log = server.output()
            if len(log) > _LOG_TAIL:
                log = f"[... {len(log) - _LOG_TAIL} characters cut ...]\n" + log[-_LOG_TAIL:]
            report.sections.append(
                (f"server {i} on port {server.port} ({report.when})", log or "(no output)"))
    if report.when == "teardown":
        for server in servers:
            if server.log_path is not None:
                server.log_path.unlink(missing_ok=True)
    return report
