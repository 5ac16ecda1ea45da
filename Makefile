# Synergi. `make run` and `make test` are all a newcomer needs; see README.md.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .cache/uv/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
INFRA := $(PY) deploy/local/infra.py
PYTEST := $(PY) -m pytest

.DEFAULT_GOAL := help
.PHONY: help install tools run test test-unit test-integration test-e2e test-faults infra-up infra-down lint asyncapi bench

help:
	@echo "make run         the platform: Kafka, PostgreSQL + FerretDB, four services, a gateway on"
	@echo "                 http://127.0.0.1:8000; data kept in .data/, Ctrl-C stops it all"
	@echo "make test        start Kafka + FerretDB, run unit, integration and e2e tests, stop them"
	@echo "make test-unit   the fast tests only (no servers needed)"
	@echo "make test-faults kill processes, stop Kafka and the database, feed poison (docs/reliability.md)"
	@echo "make infra-up    start real Kafka and FerretDB on loopback, throw-away data (infra-down stops)"
	@echo "make bench       benchmarks against baselines measured in the same run (see bench/)"
	@echo "make asyncapi    regenerate docs/asyncapi/ from the event models"
	@echo "make lint        ruff, and the import layering (lint-imports)"

# uv itself comes from PyPI into a private virtualenv, pinned.
$(UV):
	$(PYTHON) -m venv .cache/uv
	.cache/uv/bin/pip install --quiet "uv==$(UV_VERSION)"

# The workspace (shared kernel, four services, dev tools) as locked in uv.lock.
$(VENV)/.synced: $(UV) uv.lock pyproject.toml shared/pyproject.toml services/*/pyproject.toml
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: $(VENV)/.synced

# Java, Maven, PostgreSQL, nginx and docker-compose from Debian when missing.
tools:
	@deploy/local/install-tools.sh

run: install tools
	$(VENV)/bin/synergi run

infra-up: install tools
	$(INFRA) up

infra-down:
	@if [ -x $(PY) ]; then $(INFRA) down; fi

# No server and no tool from apt-get: pure logic (tests/unit) and whole apps
# on the in-memory broker and database (tests/component).
test-unit: install
	$(PYTEST) tests/unit tests/component

test-integration: install
	$(PYTEST) tests/integration

test-e2e: install
	$(PYTEST) tests/e2e

# The servers are stopped whatever the tests' outcome.
test: install tools
	$(VENV)/bin/lint-imports
	$(INFRA) up
	status=0; $(PYTEST) tests/unit tests/component tests/integration tests/e2e || status=$$?; \
	$(INFRA) down; exit $$status

# Fault injection: processes killed, Kafka and FerretDB stopped under the
# services, poison, duplicates, fuzzing. Slower (about 10 min); CI runs it too.
test-faults: install tools
	$(INFRA) up
	status=0; $(PYTEST) tests/faults || status=$$?; \
	$(INFRA) down; exit $$status

# Benchmarks on real Kafka and FerretDB; results in bench/results/latest.json.
bench: install tools
	$(INFRA) up
	status=0; $(VENV)/bin/python -m bench || status=$$?; \
	$(INFRA) down; exit $$status

# Regenerate docs/asyncapi/ after changing an event model (a test checks for drift).
asyncapi: install
	SYNERGI_KAFKA_BOOTSTRAP_SERVERS=kafka:9092 $(VENV)/bin/synergi asyncapi --out docs/asyncapi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
