# govdx: `make demo` serves the demo organisation; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
ASSETS := src/govdx/static/dist/govdx.css
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo serve test test-postgres test-browser lint typecheck bench assets install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(ASSETS): node_modules/.package-lock.json frontend/govdx.scss frontend/govdx.mjs frontend/build.mjs
	npm run --silent build

install: $(STAMP) $(ASSETS)

assets: $(ASSETS)

## demo: create .venv, install, initialise var/govdx.sqlite3 with the demo organisation and serve it
demo: install
	GOVDX_HTTPS=0 $(BIN)/govdx demo --host $(HOST) --port $(PORT)

## serve: serve the database as it is (run `govdx init` first)
serve: install
	GOVDX_HTTPS=0 $(BIN)/govdx serve --host $(HOST) --port $(PORT)

## test: the whole suite but the browser tests, on SQLite (or on DATABASE_URL when set)
test: $(TEST_STAMP) $(ASSETS)
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -m "not browser" -q -n auto --dist loadscope

## test-postgres: the same suite on the PostgreSQL server at 127.0.0.1:5432
test-postgres: $(TEST_STAMP) $(ASSETS)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/govdx} $(BIN)/pytest -m "not browser" -q -n auto --dist loadscope

## test-browser: a real Chromium against a live govdx, with axe-core on every page
test-browser: $(TEST_STAMP) $(ASSETS)
	$(BIN)/pytest -m browser -q -p no:randomly -n 2 --dist loadscope

## lint: ruff, mypy (strict on domain and core) and the import contracts
lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src/govdx/domain src/govdx/core
	$(BIN)/lint-imports --no-cache

## bench: the benchmarks, each against its baseline
bench: $(TEST_STAMP)
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules src/govdx/static/dist var .pytest_cache .mypy_cache .ruff_cache
