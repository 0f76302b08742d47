# Newsroom Archive: `make run` serves the archive, `make test` runs every test.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
HOST ?= 127.0.0.1
PORT ?= 8000
# PostgreSQL for the second run of the suite; skipped with a message when unreachable.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/postgres

# axe-core for the browser tests' accessibility checks: fetched from the npm
# registry into a git-ignored folder, never committed.
AXE := tests/vendor/axe-core/axe.min.js

.PHONY: run test test-sqlite test-postgres lint bench bench-million clean axe

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py import_articles samples/
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP) $(AXE)
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

test-sqlite: $(STAMP) $(AXE)
	$(PY) -m pytest

test-postgres: $(STAMP)
	@if $(PY) scripts/pg_reachable.py "$(PG_TEST_URL)"; then \
		echo "== test suite on PostgreSQL ($(PG_TEST_URL)) =="; \
		DATABASE_URL="$(PG_TEST_URL)" $(PY) -m pytest -m "not browser"; \
	else \
		echo "== SKIPPED: PostgreSQL not reachable at $(PG_TEST_URL); the suite ran on SQLite only =="; \
	fi

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# Search at a million synthetic articles (benchmarks/output/, about 10 GB; generating takes most of the time).
bench-million: $(STAMP)
	$(PY) benchmarks/bench_search.py --articles 1000000

clean:
	rm -rf $(VENV) staticfiles tests/artifacts tests/vendor/axe-core

# Issue 9: fixity, fuzzing, load and memory (see README "Fixity, backup and restore" and "Security").
.PHONY: verify fuzz load load-smoke bench-warc-memory
verify: $(STAMP)
	DEBUG=$${DEBUG-1} $(PY) manage.py verify  # DEBUG on by default, as `make run`: no SECRET_KEY needed

fuzz: $(STAMP)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-300} FUZZ_RANDOM=1 $(PY) -m pytest -q -p no:cacheprovider tests/test_fuzz_import.py

load: $(STAMP)
	$(PY) benchmarks/load/run_load.py

load-smoke: $(STAMP)
	$(PY) benchmarks/load/run_load.py --smoke

bench-warc-memory: $(STAMP)
	$(PY) benchmarks/warc_memory.py
