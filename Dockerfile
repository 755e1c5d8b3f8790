# Cocreate server image: one `cocreate serve` process per container.
# docker-compose.yml runs two of them behind nginx (deploy/nginx.conf);
# see docs/operator-guide.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# The workshop report's PDF (WeasyPrint) lays text out with Pango, in DejaVu Sans (Latin,
# Estonian, German, Cyrillic).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Every third-party package, the build backend included, comes from requirements.lock:
# exact versions, each file checked against its sha256 (`make lock` regenerates it; see
# "Dependencies and updates" in docs/operator-guide.md). Its own layer, so a source change
# does not reinstall them.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

# Only what the package needs: no virtualenv, data or test files from the work tree. It is
# built with the locked setuptools and installed without fetching anything more.
COPY pyproject.toml README.md ./
COPY server ./server
COPY web ./web
RUN pip install --no-deps --no-build-isolation --no-index . \
    && pip check \
    && useradd --system --uid 10001 --home-dir /data --create-home cocreate

# The static client is served from here; SQLite (when DATABASE_URL is unset) lives in /data.
ENV COCREATE_WEB_DIR=/app/web \
    COCREATE_DATA_DIR=/data
VOLUME ["/data"]
USER cocreate
EXPOSE 8000

HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3).status != 200)"]

# Migrations run at start (serialised by an advisory lock on PostgreSQL).
CMD ["cocreate", "serve", "--host", "0.0.0.0", "--port", "8000"]
