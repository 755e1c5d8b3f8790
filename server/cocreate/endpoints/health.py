"""What an operator's monitoring reads: `/healthz` and `/metrics`.

`/metrics` needs `Authorization: Bearer COCREATE_METRICS_TOKEN` when that is
set. With COCREATE_METRICS_PORT set it is not served on the main port at all
but by a small HTTP listener of its own (`serve_metrics`), on 127.0.0.1 unless
COCREATE_METRICS_HOST says otherwise. Every worker of `--workers N` listens on
that port (SO_REUSEPORT) and answers with the metrics summed over all of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import os
import socket

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
from starlette.requests import Request
from starlette.responses import Response

from cocreate.config import Settings
from cocreate.endpoints.json_http import error_response, json_response, store_of
from cocreate.endpoints.security_headers import security_headers

log = logging.getLogger("cocreate.metrics")

# The metrics listener: how long a scraper may take to send its request, and how big it may be.
REQUEST_SECONDS = 5.0
REQUEST_BYTES_MAX = 16_384


async def healthz(request: Request) -> Response:
    db_ok = await store_of(request).ping_db()
    body = {"db": "ok" if db_ok else "down", "redis": request.app.state.broker.status()}
    return json_response(body, 200 if db_ok else 503)


def metrics_body() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest()


def token_ok(expected: str | None, authorization: str | None) -> bool:
    """No token configured, or `Bearer <the token>` (compared in constant time)."""
    if expected is None:
        return True
    scheme, _, given = (authorization or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), expected.encode())


def _unauthorized() -> Response:
    response = error_response(401, "unauthorized", "send 'Authorization: Bearer TOKEN' "
                              "with the metrics token (COCREATE_METRICS_TOKEN)")
    response.headers["www-authenticate"] = "Bearer"
    return response


async def metrics(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    if settings.metrics_port is not None:
        return error_response(404, "not_found", "no such page")
    if not token_ok(settings.metrics_token, request.headers.get("authorization")):
        return _unauthorized()
    return Response(metrics_body(), media_type=CONTENT_TYPE_LATEST)


# --- the metrics port -----------------------------------------------------------------------


async def serve_metrics(settings: Settings) -> asyncio.Server:
    """Listen for `GET /metrics` on COCREATE_METRICS_HOST:COCREATE_METRICS_PORT."""
    assert settings.metrics_port is not None
    extra = security_headers(settings.frame_ancestors)

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), REQUEST_SECONDS)
            response = _metrics_answer(settings, head)
            if response is None:
                return  # not HTTP: close without an answer
            lines = [f"HTTP/1.1 {response.status_code} {_REASONS[response.status_code]}"]
            lines += [f"{k}: {v}" for k, v in response.headers.items()
                      if k.lower() not in ("content-length", "connection")]
            lines += [f"{k.decode()}: {v.decode()}" for k, v in extra]
            lines += [f"content-length: {len(response.body)}", "connection: close", "", ""]
            writer.write("\r\n".join(lines).encode("latin-1") + bytes(response.body))
            await writer.drain()
        except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                ConnectionError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    server = await asyncio.start_server(
        answer, settings.metrics_host, settings.metrics_port, limit=REQUEST_BYTES_MAX,
        reuse_address=True, reuse_port=hasattr(socket, "SO_REUSEPORT"))
    log.info("metrics on http://%s:%s/metrics", settings.metrics_host, settings.metrics_port)
    return server


async def stop_metrics(server: asyncio.Server) -> None:
    server.close()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(server.wait_closed(), 1.0)


_REASONS = {200: "OK", 401: "Unauthorized", 404: "Not Found"}


def _metrics_answer(settings: Settings, head: bytes) -> Response | None:
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        return None
    method, target = parts[0], parts[1].split("?", 1)[0]
    if method != "GET" or target != "/metrics":
        return error_response(404, "not_found", "only GET /metrics is served on this port")
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    if not token_ok(settings.metrics_token, headers.get("authorization")):
        return _unauthorized()
    return Response(metrics_body(), media_type=CONTENT_TYPE_LATEST)
