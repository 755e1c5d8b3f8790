"""Settings, from the environment (the CLI sets the same variables)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

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
        )
