"""`cocreate serve`, `migrate`, `purge`, `organiser`, `export` and `import`."""

from __future__ import annotations

import argparse
import copy
import os
import sys
from typing import Any

LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


def log_config(level: str) -> dict[str, Any]:
    """uvicorn's logging set-up plus the server's own `cocreate.*` loggers at `level`.

    uvicorn applies it in every worker process, so each worker's warnings
    (a Redis drop, a slow client closed, a failed delivery) reach stderr.
    """
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["cocreate"] = {
        "format": "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"}
    config["handlers"]["cocreate"] = {"class": "logging.StreamHandler", "formatter": "cocreate",
                                      "stream": "ext://sys.stderr"}
    config["loggers"]["cocreate"] = {"handlers": ["cocreate"], "level": level.upper(),
                                     "propagate": False}
    # No handler writes a socket frame's contents, at any level (cocreate.log_privacy).
    config.setdefault("filters", {})["without_frames"] = {
        "()": "cocreate.log_privacy.WithoutFrames"}
    for handler in config["handlers"].values():
        handler["filters"] = [*handler.get("filters", []), "without_frames"]
    return config


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="cocreate", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--database", help="SQLAlchemy URL (default: $DATABASE_URL or "
                       "a SQLite file in ./data)")
    serve.add_argument("--redis", help="Redis URL for several processes (default: $REDIS_URL)")
    serve.add_argument("--workers", type=int, default=1, help="processes sharing the port")
    serve.add_argument("--log-level", default="warning", choices=LOG_LEVELS,
                       help="for the server's own messages and uvicorn's (default: warning)")
    migrate = sub.add_parser("migrate", help="bring the database schema up to date")
    migrate.add_argument("--database")
    purge = sub.add_parser("purge", help="delete expired workshops now (the server also "
                           "does it daily) and reclaim their space")
    purge.add_argument("--database")
    purge.add_argument("--no-vacuum", action="store_true",
                       help="skip VACUUM (it locks the database while it rewrites it)")
    from cocreate import archive_cli, organiser_cli
    organiser_cli.add_parser(sub)
    archive_cli.add_parsers(sub)
    args = parser.parse_args(argv)

    from cocreate.board.limits import FRAME_BYTES_MAX
    from cocreate.config import Settings
    from cocreate.http_protocol import HeaderDeadlineProtocol
    from cocreate.store.engine import make_engine
    from cocreate.store.migrate import upgrade
    if args.database:
        os.environ["DATABASE_URL"] = args.database
    if args.command == "organiser":
        organiser_cli.run(args)
        return
    if args.command == "purge":
        from cocreate.retention import run_purge
        print(run_purge(vacuum=not args.no_vacuum), flush=True)
        return
    if args.command in archive_cli.COMMANDS:
        archive_cli.run(args)
        return
    if args.command == "migrate":
        upgrade(make_engine(Settings.from_env().database_url))
        print("database is up to date")
        return
    if args.redis:
        os.environ["REDIS_URL"] = args.redis
    settings = Settings.from_env()
    if args.workers > 1 and not settings.redis_url:
        print("warning: --workers without a Redis URL: processes see each other's events "
              "only through the event log, every few seconds. Give --redis or REDIS_URL.",
              file=sys.stderr, flush=True)
    # Migrate once here, so N workers do not race to do it at start-up.
    engine = make_engine(settings.database_url)
    upgrade(engine)
    engine.dispose()

    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        import tempfile
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="cocreate-metrics-")
    import uvicorn
    url = f"http://{args.host}:{args.port}/"
    print(f"Cocreate is running. Open {url} to create a workshop (facilitator), "
          f"or {url}?join=CODE to join one.", flush=True)
    print(f"Database: {_redact(settings.database_url)}; Redis: "
          f"{'yes' if settings.redis_url else 'no (one process)'}", flush=True)
    uvicorn.run("cocreate.app:create_app", factory=True, host=args.host, port=args.port,
                workers=args.workers, ws="cocreate.ws_protocol:BoardSocketProtocol",
                ws_max_size=FRAME_BYTES_MAX, ws_per_message_deflate=False, log_level=args.log_level,
                log_config=log_config(args.log_level),
                loop="uvloop" if sys.platform != "win32" else "asyncio",
                http=HeaderDeadlineProtocol, proxy_headers=True, timeout_graceful_shutdown=5)


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url
    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    main()
