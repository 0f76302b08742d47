# Newsroom Archive: `make run` serves the archive, `make test` runs every test.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
# The runtime lock for `make run` and the commands; the development lock (runtime + tests, lint,
# benchmarks) for `make test`. Both are hash-checked and installed with whatever pip the venv has
# (a stock Python's own pip works: no upgrade first). --no-deps because the lock is already the
# whole resolution: pip 23.2 (Python 3.11's own) re-resolving it picks the newest release for a
# dependency asked with an extra ("smart-open[http]" under weasel) and then refuses it as unpinned.
# `pip check` afterwards proves the installed set is complete and consistent.
STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps
PIP_CHECK := $(PY) -m pip check --disable-pip-version-check
HOST ?= 127.0.0.1
PORT ?= 8000
# `make import PATHS=...`, `make export OUTPUT=... ARGS=...`, `make analyze ARGS=...`
PATHS ?=
OUTPUT ?= archive.jsonl
ARGS ?=
# PostgreSQL for the second run of the suite; skipped with a message when unreachable.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/postgres

# axe-core for the browser tests' accessibility checks: fetched from the npm
# registry into a git-ignored folder, never committed.
AXE := tests/vendor/axe-core/axe.min.js

# The tool that writes the locks (`make lock`), in a venv of its own.
LOCK_VENV := .venv-lock
UV := $(LOCK_VENV)/bin/uv
UV_VERSION := 0.13.9
LOCK_ARGS ?=
COMPILE = $(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" $(LOCK_ARGS)

.PHONY: run test test-sqlite test-postgres lint bench bench-million clean axe install install-dev lock \
	import export analyze

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(PY)
	@echo "Installing the locked runtime packages (requirements.txt) into $(VENV)..."
	$(PIP_INSTALL) -r requirements.txt
	$(PIP_CHECK)
	touch $(STAMP)

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	@echo "Installing the locked development packages (requirements-dev.txt) into $(VENV)..."
	$(PIP_INSTALL) -r requirements-dev.txt
	$(PIP_CHECK)
	touch $(STAMP) $(DEV_STAMP)

install: $(STAMP)
install-dev: $(DEV_STAMP)

# Regenerate requirements.txt and requirements-dev.txt from requirements.in and requirements-dev.in
# (pins already in the locks are kept; `make lock LOCK_ARGS=--upgrade` moves everything to the newest).
lock: | $(UV)
	$(COMPILE) requirements.in -o requirements.txt
	$(COMPILE) requirements-dev.in -o requirements-dev.txt

$(UV):
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet uv==$(UV_VERSION)

run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py import_articles samples/
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

import: $(STAMP)
	@test -n "$(PATHS)" || { echo 'Name what to import: make import PATHS="page.html folder/"'; exit 2; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_articles $(PATHS) $(ARGS)

export: $(STAMP)
	$(PY) manage.py export_articles -o $(OUTPUT) $(ARGS)

analyze: $(STAMP)
	$(PY) manage.py analyze $(ARGS)

test: $(DEV_STAMP) $(AXE)
	$(PY) -m pytest
	@$(MAKE) --no-print-directory test-postgres

axe: $(AXE)

$(AXE):
	@if command -v npm >/dev/null 2>&1; then \
		tmp=$$(mktemp -d) && mkdir -p $(dir $(AXE)) && \
		npm pack axe-core@4 --silent --pack-destination "$$tmp" >/dev/null && \
		tar -xzf "$$tmp"/axe-core-*.tgz -C "$$tmp" && \
		cp "$$tmp"/package/axe.min.js "$$tmp"/package/LICENSE "$$tmp"/package/package.json $(dir $(AXE)) \
		|| echo "axe-core could not be fetched from the npm registry: the browser tests will skip"; \
		rm -rf "$$tmp"; \
	else echo "npm not found: the browser tests will skip (they need axe-core)"; fi

test-sqlite: $(DEV_STAMP) $(AXE)
	$(PY) -m pytest

test-postgres: $(DEV_STAMP)
	@if $(PY) scripts/pg_reachable.py "$(PG_TEST_URL)"; then \
		echo "== test suite on PostgreSQL ($(PG_TEST_URL)) =="; \
		DATABASE_URL="$(PG_TEST_URL)" $(PY) -m pytest -m "not browser and not install"; \
	else \
		echo "== SKIPPED: PostgreSQL not reachable at $(PG_TEST_URL); the suite ran on SQLite only =="; \
	fi

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=. $(VENV)/bin/lint-imports --no-cache

bench: $(DEV_STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# Search at a million synthetic articles (benchmarks/output/, about 10 GB; generating takes most of the time).
bench-million: $(DEV_STAMP)
	$(PY) benchmarks/bench_search.py --articles 1000000

clean:
	rm -rf $(VENV) $(LOCK_VENV) staticfiles tests/artifacts tests/vendor/axe-core

# Issue 9: fixity, fuzzing, load and memory (see README "Fixity, backup and restore" and "Security").
.PHONY: verify fuzz load load-smoke bench-warc-memory
verify: $(STAMP)
	$(PY) manage.py verify

fuzz: $(DEV_STAMP)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-300} FUZZ_RANDOM=1 $(PY) -m pytest -q -p no:cacheprovider tests/test_fuzz_import.py

load: $(DEV_STAMP)
	$(PY) benchmarks/load/run_load.py

load-smoke: $(DEV_STAMP)
	$(PY) benchmarks/load/run_load.py --smoke

bench-warc-memory: $(DEV_STAMP)
	$(PY) benchmarks/warc_memory.py

# Issue 18: a task queue worker for import_articles --enqueue and analyze --enqueue (README "Workers").
# QUEUE_URL (and DATABASE_URL) from the environment or the command line; WORKER_ARGS=--concurrency=N etc.
.PHONY: worker queue-status
WORKER_ARGS ?=
worker: $(STAMP)
	@test -n "$$QUEUE_URL" || { echo 'Name the broker: make worker QUEUE_URL=redis://127.0.0.1:6379/0'; exit 2; }
	$(VENV)/bin/celery -A archive.site.celery worker --loglevel=INFO $(WORKER_ARGS)

queue-status: $(STAMP)
	$(PY) manage.py queue_status
