# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# System packages the test suite needs, as package:command. `make test` installs
# the missing ones with apt-get (as root, or with sudo when it works without a
# password); otherwise it stops and prints the command to run.
SYSTEM_PACKAGES := redis-server:redis-server chromium:chromium nginx-light:nginx \
	docker-compose:docker-compose

.PHONY: run test lint system-packages unit integration e2e bench clean

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
	  command -v "$${pair#*:}" >/dev/null 2>&1 || missing="$$missing $${pair%%:*}"; \
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

bench: $(VENV)/.installed-test
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data .pytest_cache test-artifacts
