"""The deployment files: docker-compose.yml is accepted by Compose and has the
documented shape, and deploy/nginx.conf really carries WebSockets to every
process with no sticky sessions (run here with a real nginx in front of two
real processes, the container names swapped for their ports)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from support.api import Api
from support.redis import RedisServer
from support.scale import Follower, Writer, assert_acks_kept, assert_one_history
from support.server import REPO, ServerProcess, free_port
from support.ws import Client, run

COMPOSE_FILE = REPO / "docker-compose.yml"
NGINX_CONF = REPO / "deploy" / "nginx.conf"
APPS = ("app1", "app2")


def _compose() -> list[str]:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker") and subprocess.run(
            ["docker", "compose", "version"], capture_output=True, check=False).returncode == 0:
        return ["docker", "compose"]
    pytest.skip("neither docker-compose nor the docker compose plugin is installed "
                "(apt-get install docker-compose)")


def _sections(text: str, indent: int) -> dict[str, str]:
    """Top-level keys at `indent` spaces of a YAML text, each with its block."""
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    key = re.compile(rf"^ {{{indent}}}([A-Za-z0-9_.-]+):\s*$")
    for line in text.splitlines():
        m = key.match(line)
        if m:
            current = out.setdefault(m.group(1), [])
        elif current is not None and (line.startswith(" " * (indent + 1)) or not line.strip()):
            current.append(line)
        else:
            current = None
    return {k: "\n".join(v) for k, v in out.items()}


def _compose_config() -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POSTGRES_", "COCREATE_"))}
    done = subprocess.run([*_compose(), "-f", str(COMPOSE_FILE), "config"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_compose_accepts_the_file_and_it_has_the_documented_services() -> None:
    config = _compose_config()
    services = _sections(_sections(config, 0)["services"], 2)
    assert {"postgres", "redis", "proxy", *APPS} <= set(services), sorted(services)
    for name in APPS:
        app = services[name]
        assert re.search(r"DATABASE_URL: postgresql\+psycopg://\S+@postgres:5432/", app), app
        assert re.search(r"REDIS_URL: redis://redis:6379", app), app
        assert "context: " + str(REPO) in app, "built from the repository's Dockerfile"
        assert "/healthz" in app and "healthcheck:" in app, app
        assert re.search(r"postgres:\s+condition: service_healthy", app), app
    proxy = services["proxy"]
    assert "nginx" in proxy and "deploy/nginx.conf" in proxy, proxy
    assert "/healthz" in proxy and re.search(r"published: ['\"]?8080|8080:80", proxy), proxy
    for name in ("postgres", "redis"):
        assert "healthcheck:" in services[name], name
    assert (REPO / "Dockerfile").is_file()


def test_nginx_config_upgrades_websockets_and_is_not_sticky() -> None:
    conf = re.sub(r"#.*", "", NGINX_CONF.read_text())  # directives only
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "proxy_set_header Connection $connection_upgrade;" in conf
    assert "proxy_http_version 1.1;" in conf
    for sticky in ("ip_hash", "sticky", "hash "):
        assert sticky not in conf, f"{sticky}: every process serves every room"
    upstreams = re.findall(r"^\s*server\s+(\S+):8000", conf, re.MULTILINE)
    assert sorted(upstreams) == sorted(APPS)


def test_operator_guide_names_every_setting_and_flag() -> None:
    guide = (REPO / "docs" / "operator-guide.md").read_text()
    source = "\n".join(p.read_text() for p in (REPO / "server" / "cocreate").rglob("*.py"))
    env = set(re.findall(r"""environ(?:\.get)?[\[(]\s*["']([A-Z][A-Z0-9_]+)["']""", source))
    env |= set(re.findall(r"""\benv\.get\(\s*["']([A-Z][A-Z0-9_]+)["']""", source))
    flags = set(re.findall(r"""add_argument\(\s*["'](--[a-z][a-z-]*)["']""", source))
    assert {"DATABASE_URL", "REDIS_URL", "COCREATE_REDIS_PREFIX", "COCREATE_ALLOWED_ORIGINS",
            "COCREATE_DATA_DIR", "COCREATE_PUBLIC_URL", "COCREATE_WEB_DIR"} <= env, env
    assert {"--workers", "--database", "--redis"} <= flags, flags
    missing = [name for name in sorted(env | flags) if f"`{name}" not in guide]
    assert not missing, f"docs/operator-guide.md does not explain {missing}"
    for topic in ("cocreate migrate", "pg_dump", ".backup", "synchronous=NORMAL", "/healthz",
                  "room:{room_id}", "docker-compose up"):
        assert topic in guide, topic


class Nginx:
    """deploy/nginx.conf run by a real nginx, upstreams pointed at local processes."""

    def __init__(self, upstreams: dict[str, int]) -> None:
        binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                           else None)
        if binary is None:
            pytest.skip("nginx is not installed (apt-get install nginx-light)")
        self.binary = binary
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="cocreate-nginx-"))
        self.dir.chmod(0o755)
        site = NGINX_CONF.read_text().replace("listen 80;", f"listen 127.0.0.1:{self.port};")
        for name, port in upstreams.items():
            site = site.replace(f"server {name}:8000", f"server 127.0.0.1:{port}")
        (self.dir / "site.conf").write_text(site)
        temp = "\n".join(f"  {kind}_temp_path {self.dir}/{kind};"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (self.dir / "nginx.conf").write_text(
            f"worker_processes 1;\npid {self.dir}/nginx.pid;\nerror_log {self.dir}/error.log;\n"
            f"events {{ worker_connections 512; }}\n"
            f"http {{\n  access_log off;\n{temp}\n  include {self.dir}/site.conf;\n}}\n")
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Nginx:
        cmd = [self.binary, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"),
               "-g", "daemon off;"]
        check = subprocess.run([*cmd, "-t"], capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stderr
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.http + "/healthz", timeout=1.0, trust_env=False).status_code:
                    return self
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError(f"nginx did not start:\n{self.log()}")

    def log(self) -> str:
        path = self.dir / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.mark.redis
def test_nginx_in_front_of_two_processes_serves_one_room(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    servers = [start_server(redis_url=redis_server.url) for _ in APPS]
    proxy = Nginx({name: s.port for name, s in zip(APPS, servers, strict=True)})
    try:
        proxy.start()
        front = ServerProcess(database_url="", port=proxy.port)  # only its URLs are used
        with Api(proxy.http) as api:
            r = api.get("/healthz")
            assert (r.status_code, r.json()) == (200, {"db": "ok", "redis": "ok"})
            assert api.get("/metrics").status_code == 404  # for the inside network only
            ws = api.workshop()
            people = [api.member(ws, f"Person {i}") for i in range(4)]
        channel = f"cocreate:room:{ws.plenary_room_id}"
        writers = [Writer(f"w{i}", m, [front], seed=i) for i, m in enumerate(people)]

        async def scenario() -> None:
            try:
                for w in writers:
                    await w.open(front)
                # least_conn, no stickiness: the connections are spread over both.
                assert redis_server.wait_numsub(channel, 2) == 2
                await asyncio.gather(*(w.run_count(15) for w in writers))
                views: list[Follower] = list(writers)
                await asyncio.gather(*(v.sync(60) for v in views))
                assert_one_history(views, 60)
                assert_acks_kept(writers, writers)
                # The Host header keeps its port, so the browser's own origin is allowed.
                browser = await Client.open(front.ws, origin=proxy.http, label="browser")
                try:
                    welcome = await browser.hello(people[0].token)
                    assert welcome["seq"] == 60
                finally:
                    await browser.close()
                with pytest.raises(Exception, match="403"):
                    await Client.open(front.ws, origin="http://elsewhere.example", label="x")
            finally:
                await asyncio.gather(*(w.close() for w in writers))

        run(scenario(), timeout=90)
    except BaseException:
        print(proxy.log())
        raise
    finally:
        proxy.stop()
