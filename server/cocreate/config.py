"""Settings, from the environment (the CLI sets the same variables)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from cocreate.board.limits import RETENTION_DAYS_MAX
from cocreate.config_statements import AccessibilityStatement

REPO_WEB = Path(__file__).resolve().parents[2] / "web"


def default_database_url() -> str:
    data = Path(os.environ.get("COCREATE_DATA_DIR", "data")).resolve()
    return f"sqlite:///{data / 'cocreate.sqlite3'}"


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=default_database_url)
    redis_url: str | None = None
    redis_prefix: str = "cocreate:"
    allowed_origins: list[str] = field(default_factory=list)
    web_dir: Path = REPO_WEB
    public_url: str | None = None
    # Open sockets one participant may hold at once (tabs, devices, a shared wall login).
    sockets_per_participant: int = 8
    # Per client address and minute: failed join-code lookups, and workshops created.
    join_failures_per_minute: int = 30
    creates_per_minute: int = 20
    # Who may show the pages in a frame: the CSP `frame-ancestors` sources.
    frame_ancestors: str = "'none'"
    # Host[:port] names the join link may be built from when public_url is unset.
    trusted_hosts: list[str] = field(default_factory=list)
    # /metrics: a bearer token it needs, and a loopback port of its own instead of the main one.
    metrics_token: str | None = None
    metrics_port: int | None = None
    metrics_host: str = "127.0.0.1"
    # Who may create workshops: "open" (anyone), "organisers" (signed-in organisers), or
    # None: "organisers" as soon as one organiser account exists, else "open".
    create_policy: str | None = None
    # Failed organiser logins per minute: from one client address, and for one email.
    login_failures_per_minute: int = 10
    login_failures_per_account: int = 5
    # How long an organiser stays signed in.
    organiser_session_hours: int = 12
    # Who runs this server (the controller), for the privacy notice and /privacy.
    controller_name: str = ""
    controller_contact: str = ""
    dpo_contact: str = ""
    # Days a workshop is kept after closing (or its last activity) unless its creator
    # chose otherwise (`retention_days`, board.lifecycle).
    retention_days: int = 180
    # The accessibility statement (/accessibility).
    a11y: AccessibilityStatement = field(default_factory=AccessibilityStatement)

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        origins = [o.strip() for o in env.get("COCREATE_ALLOWED_ORIGINS", "").split(",")
                   if o.strip()]
        return cls(
            database_url=env.get("DATABASE_URL") or default_database_url(),
            redis_url=env.get("REDIS_URL") or None,
            redis_prefix=env.get("COCREATE_REDIS_PREFIX", "cocreate:"),
            allowed_origins=origins,
            web_dir=Path(env.get("COCREATE_WEB_DIR", str(REPO_WEB))),
            public_url=env.get("COCREATE_PUBLIC_URL") or None,
            sockets_per_participant=_positive(
                "COCREATE_SOCKETS_PER_PARTICIPANT", env.get("COCREATE_SOCKETS_PER_PARTICIPANT"), 8),
            join_failures_per_minute=_positive(
                "COCREATE_JOIN_FAILURES_PER_MINUTE", env.get("COCREATE_JOIN_FAILURES_PER_MINUTE"),
                30),
            creates_per_minute=_positive(
                "COCREATE_CREATES_PER_MINUTE", env.get("COCREATE_CREATES_PER_MINUTE"), 20),
            frame_ancestors=frame_ancestors(env.get("COCREATE_FRAME_ANCESTORS", "")),
            trusted_hosts=[h.strip().lower() for h in env.get("COCREATE_TRUSTED_HOSTS", "")
                           .split(",") if h.strip()],
            metrics_token=env.get("COCREATE_METRICS_TOKEN", "").strip() or None,
            metrics_port=_port(env.get("COCREATE_METRICS_PORT", ""), "COCREATE_METRICS_PORT"),
            metrics_host=env.get("COCREATE_METRICS_HOST") or "127.0.0.1",
            create_policy=create_policy(env.get("COCREATE_CREATE_POLICY", "")),
            login_failures_per_minute=_positive(
                "COCREATE_LOGIN_FAILURES_PER_MINUTE",
                env.get("COCREATE_LOGIN_FAILURES_PER_MINUTE"), 10),
            login_failures_per_account=_positive(
                "COCREATE_LOGIN_FAILURES_PER_ACCOUNT",
                env.get("COCREATE_LOGIN_FAILURES_PER_ACCOUNT"), 5),
            organiser_session_hours=_positive(
                "COCREATE_ORGANISER_SESSION_HOURS",
                env.get("COCREATE_ORGANISER_SESSION_HOURS"), 12),
            controller_name=env.get("COCREATE_CONTROLLER_NAME", "").strip(),
            controller_contact=env.get("COCREATE_CONTROLLER_CONTACT", "").strip(),
            dpo_contact=env.get("COCREATE_DPO_CONTACT", "").strip(),
            retention_days=retention_days(env.get("COCREATE_RETENTION_DAYS", "")),
            a11y=AccessibilityStatement.from_env(env),
        )


CREATE_POLICIES = ("open", "organisers")


def create_policy(raw: str) -> str | None:
    """COCREATE_CREATE_POLICY: `open`, `organisers`, or empty for the default."""
    value = raw.strip().lower()
    if not value:
        return None
    if value not in CREATE_POLICIES:
        raise ValueError(f"COCREATE_CREATE_POLICY must be open or organisers, not {raw!r}")
    return value


def retention_days(raw: str) -> int:
    """COCREATE_RETENTION_DAYS: whole days from 1 to 3650, 180 when unset."""
    value = _positive("COCREATE_RETENTION_DAYS", raw, 180)
    if value > RETENTION_DAYS_MAX:
        raise ValueError(f"COCREATE_RETENTION_DAYS must be at most {RETENTION_DAYS_MAX}, "
                         f"not {value}")
    return value


def _positive(name: str, raw: str | None, default: int) -> int:
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise ValueError(f"{name} must be at least 1, not {value}")
    return value


# A CSP source an operator may name in COCREATE_FRAME_ANCESTORS: `'self'`, a scheme
# (`https:`) or a [scheme://]host[:port] with an optional `*.` in front of the host.
_FRAME_SOURCE = re.compile(
    r"'self'|https?:|(?:https?://)?(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::(?:\d{1,5}|\*))?",
    re.IGNORECASE)


def frame_ancestors(raw: str) -> str:
    """The `frame-ancestors` sources: `'none'` unless `raw` lists origins (space-separated)."""
    sources = raw.split()
    if not sources or sources == ["'none'"]:
        return "'none'"
    bad = [s for s in sources if not _FRAME_SOURCE.fullmatch(s)]
    if bad:
        raise ValueError(
            f"COCREATE_FRAME_ANCESTORS must be 'none' or space-separated origins such as "
            f"'self' https://intranet.example.org, not {' '.join(bad)!r}")
    return " ".join(sources)


def _port(raw: str, name: str) -> int | None:
    if not raw.strip():
        return None
    if not raw.strip().isdigit() or not 1 <= int(raw) <= 65535:
        raise ValueError(f"{name} must be a port number from 1 to 65535, not {raw!r}")
    return int(raw)
