"""Organisers for tests: added with the real CLI, signed in over real HTTP."""

from __future__ import annotations

import subprocess
import sys

import httpx

from support.api import Api
from support.server import REPO

COOKIE = "cocreate_organiser"
PASSWORD = "a long enough password"


def organiser_cli(database_url: str, *args: str,
                  stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`cocreate organiser ARGS --database URL`, as an operator runs it."""
    return subprocess.run([sys.executable, "-m", "cocreate", "organiser", *args,
                           "--database", database_url], input=stdin, capture_output=True,
                          text=True, cwd=REPO, timeout=120)


def add_organiser(database_url: str, email: str, password: str = PASSWORD) -> None:
    done = organiser_cli(database_url, "add", email, "--password-stdin", stdin=password + "\n")
    assert done.returncode == 0, done.stderr


def login(http: httpx.Client, base_url: str, email: str,
          password: str = PASSWORD) -> httpx.Response:
    return http.post("/api/organiser/login", json={"email": email, "password": password},
                     headers={"Origin": base_url})


class OrganiserApi(Api):
    """An organiser's browser: signed in, its cookie and this site's Origin on every call."""

    def __init__(self, base_url: str, email: str, password: str = PASSWORD) -> None:
        super().__init__(base_url)
        r = login(self.http, base_url, email, password)
        assert r.status_code == 204, (r.status_code, r.text)
        self.session = r.cookies[COOKIE]
        self.http.cookies.clear()
        self.http.headers["Origin"] = base_url
        self.http.headers["Cookie"] = f"{COOKIE}={self.session}"
        self.email = email

    def credentials(self) -> dict[str, str]:
        return {"Origin": self.http.headers["Origin"], "Cookie": self.http.headers["Cookie"]}
