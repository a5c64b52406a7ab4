# Meldpunt: `make run` serves the embedded default with demo data, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/meldpunt_test
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install system-deps spatialite postgis lint typecheck importlint pytest clean \
        bench-routing bench-media bench-classifier

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# SpatiaLite is a SQLite module from the OS, not from PyPI.
spatialite:
	@if [ -z "$$(find /usr/lib /usr/local/lib -name 'mod_spatialite.so*' 2>/dev/null | head -n 1)" ]; then \
	  echo "installing libsqlite3-mod-spatialite"; \
	  $(SUDO) apt-get update -qq && $(SUDO) $(APT_GET) install -y -qq libsqlite3-mod-spatialite; \
	fi

# The PostGIS extension for the local PostgreSQL 15 server, used by the tests.
postgis:
	@if ! ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then \
	  echo "installing postgresql-15-postgis-3"; \
	  $(SUDO) apt-get update -qq && $(SUDO) $(APT_GET) install -y -qq postgresql-15-postgis-3; \
	fi

system-deps: spatialite postgis

run: install spatialite
	$(BIN)/meldpunt db upgrade
	$(BIN)/meldpunt demo load
	$(BIN)/uvicorn meldpunt.api.app:create_app --factory --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy meldpunt tests bench

importlint: install
	$(BIN)/lint-imports

pytest: install system-deps
	MELDPUNT_TEST_POSTGRES_URL=$(PG_TEST_URL) $(BIN)/pytest

test: install system-deps lint typecheck importlint pytest

bench-routing: install postgis
	$(BIN)/python -m bench.bench_routing

bench-media: install
	$(BIN)/python -m bench.bench_media

bench-classifier: install
	$(BIN)/python -m bench.bench_classifier

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache build *.egg-info
