"""What an operator's monitoring reads: `/healthz` and `/metrics`."""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
from starlette.requests import Request
from starlette.responses import Response

from cocreate.endpoints.json_http import json_response, store_of


async def healthz(request: Request) -> Response:
    db_ok = await store_of(request).ping_db()
    body = {"db": "ok" if db_ok else "down", "redis": request.app.state.broker.status()}
    return json_response(body, 200 if db_ok else 503)


async def metrics(request: Request) -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest()
    return Response(body, media_type=CONTENT_TYPE_LATEST)
