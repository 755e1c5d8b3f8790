"""The address links to this server are built from (the join link and its QR code).

Never a `Host` header the server has no reason to believe:

1. COCREATE_PUBLIC_URL when it is set, whatever the request says;
2. else the request's own `scheme://host` when its `Host` is one of
   COCREATE_TRUSTED_HOSTS (exactly, `host` or `host:port`, case-insensitive);
3. else, with no such list, only when `Host` names the address the connection
   came in on (the listening socket's own IP and port, e.g. 192.168.1.20:8000
   on a LAN) or a loopback name (`localhost`, `127.0.0.1`, `[::1]`, any port),
   which can only ever point a phone at itself;
4. anything else is refused with 400 `invalid`.
"""

from __future__ import annotations

import re

from starlette.requests import Request

from cocreate.endpoints.json_http import ApiError

LOOPBACK = frozenset({"localhost", "127.0.0.1", "[::1]"})
_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?")
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def public_base(request: Request) -> str:
    """`scheme://host[:port]` of this server as people reach it, without a trailing slash."""
    settings = request.app.state.settings
    if settings.public_url:
        return str(settings.public_url).rstrip("/")
    host = request.headers.get("host", "").strip().lower()
    if host_trusted(host, settings.trusted_hosts, request.scope.get("server"),
                    request.url.scheme):
        return f"{request.url.scheme}://{host}"
    raise ApiError(400, "invalid",
                   "the Host of this request is not a known name of this server; "
                   "set COCREATE_PUBLIC_URL (or COCREATE_TRUSTED_HOSTS) to the public address")


def host_trusted(host: str, trusted: list[str], server: tuple[str, int | None] | None,
                 scheme: str) -> bool:
    match = _HOST.fullmatch(host)
    if match is None:
        return False
    if trusted:
        return host in trusted
    name, port = match.group(1), match.group(2)
    if name in LOOPBACK:
        return True
    if server is None:
        return False
    listen_host, listen_port = server
    listen_name = f"[{listen_host}]" if ":" in listen_host else listen_host
    wanted_port = int(port) if port is not None else _DEFAULT_PORTS.get(scheme)
    return name == listen_name.lower() and wanted_port == listen_port
