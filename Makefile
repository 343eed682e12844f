# duban — two commands: `make run` (the demo on SQLite) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
PG_URL ?= postgres://postgres@127.0.0.1:5432/duban

.PHONY: run test test-sqlite test-postgres lint format install install-dev demo clean prod-demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(DEV_STAMP): requirements-dev.txt $(STAMP)
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(STAMP)
install-dev: $(DEV_STAMP)

# The demo runs in debug mode (asked for here): DUBAN_DEBUG is off by default, and
# production refuses to start while the demo accounts keep their published passwords.
# settings.py creates var/ (the SQLite file's folder) when it is missing.
demo run: export DUBAN_DEBUG = 1
# Plain log lines in the terminal the demo runs in (production logs JSON).
demo run: export DUBAN_LOG_FORMAT = text

demo: $(STAMP)
	$(BIN)/duban migrate --noinput -v0
	$(BIN)/duban demo

# The background worker (reminders, 催办, the task queue) runs beside the web
# server and stops with it.
run: demo
	$(BIN)/duban worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/duban runserver 127.0.0.1:8000

# Two gunicorn app servers behind nginx (TLS, self-signed) on one PostgreSQL, all on
# loopback: https://127.0.0.1:19400/ (scripts/prod_demo.py; Ctrl-C stops it).
prod-demo: $(STAMP)
	$(BIN)/python scripts/prod_demo.py

# ruff (style, and C90: no function more complex than today's worst), lint-imports
# (the import contracts of .importlinter: docparse pure, apps layered, urls → views →
# services → models) and mypy over the typed service modules (pyproject [tool.mypy]).
lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The non-browser passes run on two pytest-xdist workers (CI has 2 cores; each worker
# gets a test database of its own). `--dist loadfile` keeps a module on one worker, so a
# module-scoped fixture (the OCR of the seed, a LibreOffice conversion) is built once.
# (`--dist loadgroup` does not group under pytest 9.2 with xdist 3.8: it renames
# item._nodeid, which pytest 9 no longer reads.) The fault test times a rush against
# kill -9 and a PostgreSQL restart: it runs alone. Timings: benchmarks/README.md.
XDIST := -n 2 --dist loadfile

# Browser tests drive Chromium against a live server thread; they run in their own
# session because a live server after in-process tests trips SQLite's thread checks.
test-sqlite: $(DEV_STAMP)
	$(BIN)/pytest -p no:cacheprovider $(XDIST) -m "not browser and not faults"
	$(BIN)/pytest -p no:cacheprovider -m browser

# The PostgreSQL run is not optional: a missing server fails it. tests/docparse and the
# tests marked `once` (tests/conftest.py: their outcome does not depend on DATABASE_URL)
# ran above and are left out here.
test-postgres: $(DEV_STAMP)
	@$(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0] + '/postgres', connect_timeout=5).close()" \
		|| (echo "error: PostgreSQL is not reachable at $(PG_URL); start it (see .ci/run)" >&2; exit 1)
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -p no:cacheprovider $(XDIST) -m "not browser and not faults and not once" --ignore=tests/docparse
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -p no:cacheprovider -m faults
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -p no:cacheprovider -m browser

test: lint test-sqlite test-postgres

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
