"""`cocreate export WORKSHOP_ID FILE` and `cocreate import FILE`: a workshop's
archive against the configured database, for backups and moves."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

import orjson

from cocreate.archive_format import ArchiveError
from cocreate.config import Settings
from cocreate.endpoints.archive import imported, parse_archive
from cocreate.store.archive import export_archive
from cocreate.store.engine import make_engine, write_transaction
from cocreate.store.migrate import upgrade

COMMANDS = ("export", "import")


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser("export", help="write a workshop's archive to a file")
    export.add_argument("workshop_id")
    export.add_argument("file", help="where to write it ('-' for standard output)")
    load = sub.add_parser("import", help="create a new workshop from an archive file")
    load.add_argument("file", help="the archive ('-' for standard input)")
    for parser in (export, load):
        parser.add_argument("--database", help="SQLAlchemy URL (default: $DATABASE_URL or "
                            "a SQLite file in ./data)")


def _fail(message: str) -> NoReturn:
    print(f"cocreate: {message}", file=sys.stderr)
    raise SystemExit(1)


def run(args: argparse.Namespace) -> None:
    settings = Settings.from_env()
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        if args.command == "export":
            with engine.begin() as conn:
                document = export_archive(conn, args.workshop_id)
            if document is None:
                _fail(f"no workshop has the id {args.workshop_id!r}")
            data = orjson.dumps(document)
            if args.file == "-":
                sys.stdout.buffer.write(data)
            else:
                Path(args.file).write_bytes(data)
                print(f"wrote the archive of {document['workshop']['title']!r} to {args.file}")
            return
        raw = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
        try:
            archive = parse_archive(raw)
            with write_transaction(engine) as conn:
                made = imported(conn, archive, None)
        except ArchiveError as e:
            _fail(f"{args.file} is not an archive this server can import: {e}; nothing changed")
    finally:
        engine.dispose()
    wid, token = made["workshop"]["id"], made["facilitator"]["token"]
    base = (settings.public_url or "").rstrip("/")
    print(f"imported as workshop {wid}")
    print(f"join code: {made['join_code']}")
    print(f"facilitator link: {base}/console.html?w={wid}#t={token}"
          + ("" if base else "  (prefix it with the server's address)"))
