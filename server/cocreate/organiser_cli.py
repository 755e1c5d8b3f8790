"""`cocreate organiser add|list|remove|reset`: the accounts that may create workshops."""

from __future__ import annotations

import argparse
import getpass
import sys
import time

from cocreate import passwords
from cocreate.config import Settings
from cocreate.store import organisers
from cocreate.store.engine import make_engine, write_transaction
from cocreate.store.migrate import upgrade


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("organiser", help="manage the organisers who may create workshops")
    actions = parser.add_subparsers(dest="action", required=True)
    for name, text in (("add", "add an organiser (asks for a password)"),
                       ("reset", "set a new password; their sessions end"),
                       ("remove", "remove an organiser; their workshops stay"),
                       ("list", "list the organisers")):
        action = actions.add_parser(name, help=text)
        action.add_argument("--database", help="SQLAlchemy URL (default: $DATABASE_URL or "
                            "a SQLite file in ./data)")
        if name != "list":
            action.add_argument("email")
        if name in ("add", "reset"):
            action.add_argument("--password-stdin", action="store_true",
                                help="read the password from the first line of standard input")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            _fail("the two passwords differ; nothing changed")
    problem = passwords.password_problem(password)
    if problem:
        _fail(f"{problem}; nothing changed")
    return password


def _fail(message: str) -> None:
    print(f"cocreate organiser: {message}", file=sys.stderr)
    raise SystemExit(1)


def run(args: argparse.Namespace) -> None:
    email = organisers.normalise_email(getattr(args, "email", "") or "")
    if args.action in ("add", "remove", "reset") and ("@" not in email or len(email) > 254):
        _fail(f"{args.email!r} is not an email address")
    secret = _password(args.password_stdin) if args.action in ("add", "reset") else ""
    engine = make_engine(Settings.from_env().database_url)
    try:
        upgrade(engine)
        with write_transaction(engine) as conn:
            if args.action == "add":
                try:
                    organisers.add(conn, email, passwords.hash_password(secret),
                                   int(time.time() * 1000))
                except organisers.OrganiserExists:
                    _fail(f"{email} is an organiser already (reset changes the password)")
                print(f"added organiser {email}")
            elif args.action == "reset":
                if not organisers.set_password(conn, email, passwords.hash_password(secret)):
                    _fail(f"no organiser {email}")
                print(f"new password set for {email}; their sessions ended")
            elif args.action == "remove":
                if not organisers.remove(conn, email):
                    _fail(f"no organiser {email}")
                print(f"removed organiser {email}; their workshops stay, with their "
                      "facilitator links")
            else:
                rows = organisers.listing(conn)
                for row in rows:
                    added = time.strftime("%Y-%m-%d", time.gmtime(row["created"] / 1000))
                    print(f"{row['email']}\tadded {added}\t{row['workshops']} workshops")
                if not rows:
                    print("no organisers: anyone who reaches the server may create "
                          "workshops (unless COCREATE_CREATE_POLICY=organisers)")
    finally:
        engine.dispose()
