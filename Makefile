# Synergi. `make run` and `make test` are all a newcomer needs; see README.md.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .cache/uv/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
INFRA := $(PY) deploy/local/infra.py
PYTEST := $(PY) -m pytest

.DEFAULT_GOAL := help
.PHONY: help install tools web run test test-unit test-web test-integration test-e2e test-faults infra-up infra-down lint asyncapi openapi bench bench-faults

help:
	@echo "make run         the platform: Kafka, PostgreSQL + FerretDB, four services, a gateway on"
	@echo "                 http://127.0.0.1:8000; data kept in .data/, Ctrl-C stops it all"
	@echo "make test        start Kafka + FerretDB, run unit, integration and e2e tests, stop them"
	@echo "make test-unit   the fast tests only (no servers needed); make test-web: the web app's"
	@echo "make test-faults kill processes, stop Kafka and the database, feed poison (docs/reliability.md)"
	@echo "make infra-up    start real Kafka and FerretDB on loopback, throw-away data (infra-down stops)"
	@echo "make bench       benchmarks against baselines measured in the same run (see bench/)"
	@echo "make bench-faults  the platform under load through kills and a Kafka restart"
	@echo "make asyncapi    regenerate docs/asyncapi/ from the event models"
	@echo "make openapi     regenerate docs/openapi/ from the routes and models (the web app's types)"
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

# The web app (web/), from the npm registry; built again when its sources
# change, or the services' OpenAPI documents its API types come from.
WEB_SOURCES := $(shell find web/src web/scripts web/public -type f -not -path "web/src/schema/*") web/index.html web/package.json web/vite.config.ts web/tsconfig.json web/tools/openapi/generate.mjs
web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

# The type generator (openapi-typescript), apart: it needs TypeScript 5's
# compiler API, which the app's TypeScript 7 no longer has.
web/tools/openapi/node_modules/.installed: web/tools/openapi/package.json web/tools/openapi/package-lock.json
	cd web/tools/openapi && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.installed web/tools/openapi/node_modules/.installed $(WEB_SOURCES) $(wildcard docs/openapi/*.json)
	cd web && npm run build

# docs/openapi/ first, from the code: a field renamed in a service fails the
# build at the screen that reads it.
web: openapi web/dist/index.html

run: install tools web
	$(VENV)/bin/synergi run

infra-up: install tools
	$(INFRA) up

infra-down:
	@if [ -x $(PY) ]; then $(INFRA) down; fi

# No server and no tool from apt-get: pure logic (tests/unit) and whole apps
# on the in-memory broker and database (tests/component).
test-unit: install
	$(PYTEST) tests/unit tests/component

# The web app's own logic (Vitest).
test-web: web/node_modules/.installed
	cd web && npm test

test-integration: install
	$(PYTEST) tests/integration

test-e2e: install
	$(PYTEST) tests/e2e

# The servers are stopped whatever the tests' outcome.
test: install tools web
	$(VENV)/bin/lint-imports
	cd web && npm test
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

# The platform under load while matching is killed and Kafka restarted
# (about 8 min; apart, so `make bench` stays within 20 minutes).
bench-faults: install tools
	$(INFRA) up
	status=0; $(VENV)/bin/python -m bench --only load-under-faults || status=$$?; \
	$(INFRA) down; exit $$status

# Each service's OpenAPI document (a test checks the committed ones for drift);
# a file is rewritten only when its document changed.
openapi: install
	$(VENV)/bin/synergi openapi --out docs/openapi

# Regenerate docs/asyncapi/ after changing an event model (a test checks for drift).
asyncapi: install
	SYNERGI_KAFKA_BOOTSTRAP_SERVERS=kafka:9092 $(VENV)/bin/synergi asyncapi --out docs/asyncapi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
