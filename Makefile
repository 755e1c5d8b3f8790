# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# System packages the server and the test suite need, as package:command; a package
# without a command of its own (a library, fonts) is written package: and checked with
# `dpkg -s`. `make test` installs the missing ones with apt-get (as root, or with sudo
# when it works without a password); otherwise it stops and prints the command to run.
# The workshop report's PDF needs Pango and DejaVu fonts (WeasyPrint); its tests read
# the PDF back with poppler's pdftotext.
SYSTEM_PACKAGES := redis-server:redis-server chromium:chromium nginx-light:nginx \
	docker-compose:docker-compose libpango-1.0-0: libpangoft2-1.0-0: fonts-dejavu-core: \
	poppler-utils:pdftotext

.PHONY: run test lint system-packages unit integration e2e bench bench-browser soak clean lock audit fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/cocreate serve --host $(HOST) --port $(PORT)

test: system-packages lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check server tests benchmarks
	$(BIN)/mypy

system-packages:
	@missing=""; \
	for pair in $(SYSTEM_PACKAGES); do \
	  package="$${pair%%:*}"; command="$${pair#*:}"; \
	  if [ -n "$$command" ]; then command -v "$$command" >/dev/null 2>&1 || missing="$$missing $$package"; \
	  else dpkg -s "$$package" >/dev/null 2>&1 || missing="$$missing $$package"; fi; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; \
	  else echo "make test needs these system packages:$$missing"; \
	       echo "install them with: sudo apt-get install -y$$missing"; exit 1; fi; \
	  echo "installing system packages:$$missing"; \
	  $$sudo apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q $$missing; \
	fi

unit: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/unit $(PYTEST_ARGS)

integration: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/integration $(PYTEST_ARGS)

e2e: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

# Minutes of a steady workshop load on two processes, then everyone leaves:
# fails if a process still holds sockets, tasks or connections (not in CI).
soak: $(VENV)/.installed-test
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python -m benchmarks.soak $(SOAK_ARGS)

# Fuzz the protocol across two processes (tests/integration/test_fuzz_protocol.py) with the
# long Hypothesis profile: rounds of random examples for FUZZ_SECONDS (0: until stopped). A
# failure is shrunk, printed as a pasteable Script, and saved as tests/fuzz-regressions/*.json,
# which every later run (make test included) replays first.
FUZZ_SECONDS ?= 600

fuzz: system-packages $(VENV)/.installed-test
	HYPOTHESIS_PROFILE=long FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/python -m pytest \
	  tests/integration/test_fuzz_protocol.py -k fuzzed_sessions -s -p no:cacheprovider $(PYTEST_ARGS)

# The Node peers' packages, exactly as benchmarks/peers/node/package-lock.json pins them;
# reinstalled when node_modules is missing or the lock (or package.json) changed.
NODE_PEERS := benchmarks/peers/node

$(NODE_PEERS)/node_modules/.installed: $(NODE_PEERS)/package-lock.json $(NODE_PEERS)/package.json
	npm ci --prefix $(NODE_PEERS) --no-audit --no-fund --loglevel=error
	touch $@

bench: $(VENV)/.installed-test $(NODE_PEERS)/node_modules/.installed
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# The web client on big boards, in Debian's Chromium: a 1,000-note board on a laptop and on a
# phone with its CPU slowed 4x (benchmarks/README.md). Its own server, no Redis.
BENCH_BROWSER_ARGS ?= --runs 3

bench-browser: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.browser $(BENCH_BROWSER_ARGS)

# --- Dependencies: the lock file and the advisory audit ---------------------------------------
# requirements.lock pins every runtime package (and the build backend) with its hashes; the
# Dockerfile installs only those. `make lock` re-pins it within pyproject.toml's ranges,
# keeping the pins that still fit; `make lock LOCK_ARGS=--upgrade` (or
# `LOCK_ARGS='--upgrade-package NAME'`) moves them to the newest releases.
# `make audit` asks an advisory service about every pin (see docs/operator-guide.md).
# Both tools live in venvs of their own under .venv/tools, apart from the project's packages.
LOCK_FILE := requirements.lock
LOCK_PYTHON ?= python3.11
LOCK_ARGS ?=
TOOLS := $(VENV)/tools
AUDIT_SERVICE ?= pypi
# More pip-audit options, e.g. `--osv-url URL` (with AUDIT_SERVICE=osv) or `--ignore-vuln ID`.
AUDIT_ARGS ?=
# A release with well-known advisories. The service must report them before its answer about
# the lock file is believed: a service (or mirror) that answers with no data is no audit.
AUDIT_CANARY ?= jinja2==2.10

$(TOOLS)/lock/bin/pip-compile:
	$(LOCK_PYTHON) -m venv $(TOOLS)/lock
	$(TOOLS)/lock/bin/pip install -q --upgrade pip pip-tools

$(TOOLS)/audit/bin/pip-audit:
	$(PYTHON) -m venv $(TOOLS)/audit
	$(TOOLS)/audit/bin/pip install -q --upgrade pip pip-audit

lock: $(TOOLS)/lock/bin/pip-compile
	@$(TOOLS)/lock/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	  { echo "make lock: $(LOCK_PYTHON) is not Python 3.11, the Dockerfile's (set LOCK_PYTHON)"; \
	    exit 1; }
	CUSTOM_COMPILE_COMMAND="make lock" $(TOOLS)/lock/bin/pip-compile --quiet \
	  --generate-hashes --allow-unsafe --build-deps-for wheel --strip-extras \
	  --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	  --output-file $(LOCK_FILE) $(LOCK_ARGS) pyproject.toml

# Reads pip-audit's JSON report: `canary FILE` exits 0 only if advisories were reported,
# `lock FILE` prints the findings and exits 0 (clean), 1 (vulnerable) or 2 (not audited).
define AUDIT_REPORT_PY
import json, sys
mode, path = sys.argv[1], sys.argv[2]
try:
    with open(path, encoding="utf-8") as f:
        deps = json.load(f)["dependencies"]
except (OSError, ValueError, KeyError, TypeError):
    sys.exit(2)
skipped = [d for d in deps if d.get("skip_reason")]
found = [(d["name"], d["version"], v) for d in deps for v in d.get("vulns", [])]
if mode == "canary":
    sys.exit(0 if found and not skipped else 2)
for d in skipped:
    print(f"  NOT AUDITED {d['name']} {d.get('version', '')}: {d['skip_reason']}")
for name, version, v in found:
    aliases = ", ".join(v.get("aliases") or [])
    fixed = ", ".join(v.get("fix_versions") or []) or "no fixed release"
    print(f"  {name} {version}: {v['id']}" + (f" ({aliases})" if aliases else "")
          + f"; fixed in {fixed}")
if skipped or not deps:
    sys.exit(2)
if found:
    print(f"make audit: VULNERABLE: {len(found)} known advisories against the {len(deps)} "
          + f"packages pinned in {sys.argv[3]}")
    sys.exit(1)
print(f"make audit: no known vulnerabilities in the {len(deps)} packages pinned in "
      + sys.argv[3])
endef

audit: export AUDIT_REPORT = $(AUDIT_REPORT_PY)

audit: $(TOOLS)/audit/bin/pip-audit
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	report="$(TOOLS)/audit/bin/python -c"; \
	audit="$(TOOLS)/audit/bin/pip-audit --vulnerability-service $(AUDIT_SERVICE) --disable-pip \
	  --strict --progress-spinner off --format json $(AUDIT_ARGS)"; \
	not_done() { \
	  echo "make audit: AUDIT NOT DONE: $$1." >&2; \
	  echo "make audit: nothing is known about the advisories of $(LOCK_FILE): this is NOT a clean result." >&2; \
	  exit 2; }; \
	echo "make audit: asking the $(AUDIT_SERVICE) advisory service about $(AUDIT_CANARY) first"; \
	echo '$(AUDIT_CANARY)' > "$$tmp/canary.txt"; \
	$$audit --no-deps -r "$$tmp/canary.txt" -o "$$tmp/canary.json" > "$$tmp/canary.log" 2>&1; \
	$$report "$$AUDIT_REPORT" canary "$$tmp/canary.json" || { \
	  grep -v -e 'WARNING:pip_audit._cli:--no-deps' -e 'WARNING:pip_audit._cli:Consider' \
	    "$$tmp/canary.log" | sed 's/^/  pip-audit: /' | tail -n 5 >&2; \
	  not_done "the $(AUDIT_SERVICE) advisory service could not be reached, or answered without advisory data (it reported none for $(AUDIT_CANARY))"; }; \
	echo "make audit: pip-audit against $(LOCK_FILE)"; \
	$$audit --require-hashes -r $(LOCK_FILE) -o "$$tmp/lock.json" > "$$tmp/lock.log" 2>&1; \
	[ -s "$$tmp/lock.json" ] || { \
	  sed 's/^/  pip-audit: /' "$$tmp/lock.log" | tail -n 5 >&2; \
	  not_done "pip-audit could not check every package of $(LOCK_FILE)"; }; \
	$$report "$$AUDIT_REPORT" lock "$$tmp/lock.json" $(LOCK_FILE); rc=$$?; \
	[ $$rc -ne 2 ] || not_done "some packages of $(LOCK_FILE) were not checked"; \
	exit $$rc

clean:
	rm -rf $(VENV) data .pytest_cache test-artifacts
