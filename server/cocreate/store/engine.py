"""Creating the engine, with the settings each database needs."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import weakref
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url


def sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def make_engine(url: str, *, for_writes: bool = True) -> Engine:
    """An engine whose transactions lock what they write before they read it.

    SQLite: WAL, `BEGIN IMMEDIATE` so a writer holds the lock from its first
    read (no lost updates between processes), a busy timeout instead of
    immediate "database is locked" errors, and synchronous=NORMAL, which in WAL
    mode survives a crash of any process (not a power cut; see the operator
    guide). PostgreSQL: rows are locked with SELECT ... FOR UPDATE by the store.
    """
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=8, max_overflow=8)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # Readers take no write lock: WAL lets them see the last commit meanwhile.
            conn.exec_driver_sql("BEGIN IMMEDIATE" if for_writes else "BEGIN")

        if for_writes and path is not None:
            _WRITER_LOCKS[engine] = _WriterLock(path)
        return engine
    return create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=True)


_WRITER_LOCKS: weakref.WeakKeyDictionary[Engine, _WriterLock] = weakref.WeakKeyDictionary()


@contextlib.contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """`engine.begin()`, queued behind other processes' writers on SQLite."""
    lock = _WRITER_LOCKS.get(engine)
    if lock is None:
        with engine.begin() as conn:
            yield conn
        return
    with lock, engine.begin() as conn:
        yield conn


class _WriterLock:
    """A file lock next to the database that writers of every process queue on.

    SQLite's own busy handler polls with sleeps that grow to 100 ms, so under
    contention between processes a writer often sleeps long after the lock is
    free. `flock` wakes the next writer the moment the lock is released (after
    the commit); the database's own locking stays in place underneath. One
    thread per process writes, so the lock is only contended across processes.
    """

    def __init__(self, db_path: Path) -> None:
        self._path = db_path.with_name(db_path.name + ".writer-lock")
        self._fd: int | None = None

    def __enter__(self) -> None:
        if self._fd is None:
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        assert self._fd is not None
        fcntl.flock(self._fd, fcntl.LOCK_UN)
