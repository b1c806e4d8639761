# Statements archive. `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON_BIN ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: install install-dev setup run dev test test-postgres loadtest lint ci migrations-check bench clean browser screenshots axe

# What the archive needs to run (requirements.txt), and for the tests and lint also requirements-dev.txt.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Database, gazetteer, seed statements, static files and search index.
setup: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_gazetteer
	$(MANAGE) load_seeds
	$(MANAGE) sync_index
	$(MANAGE) collectstatic --noinput --verbosity 0

run: setup
	$(VENV)/bin/gunicorn --config gunicorn.conf.py

# Development server with DEBUG on (the only target that turns it on).
dev: install
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) load_gazetteer
	DEBUG=1 $(MANAGE) load_seeds
	DEBUG=1 $(MANAGE) sync_index
	DEBUG=1 $(MANAGE) runserver $${BIND:-127.0.0.1:8000}

lint: install-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djhtml --check $$(find templates -name '*.html')

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

# The browser tests drive Debian's Chromium (never a downloaded one); install it when missing.
browser:
	@test -x /usr/bin/chromium || { apt-get update && apt-get install -y --no-install-recommends chromium; }

# axe-core for the accessibility checks of the browser tests: from npm into .cache/axe (ignored by git),
# injected into each page by tests/test_browser.py (never a CDN).
AXE := .cache/axe/node_modules/axe-core/axe.min.js
$(AXE):
	@command -v npm >/dev/null || { apt-get update && apt-get install -y --no-install-recommends npm; }
	npm install --no-save --no-audit --no-fund --prefix .cache/axe axe-core@4.14.1

axe: $(AXE)

# The suite fails when the archive's code coverage drops below COVERAGE_FLOOR (a little under the
# figure the README gives).
COVERAGE_FLOOR ?= 88
test: install-dev lint migrations-check browser axe
	$(VENV)/bin/pytest --cov --cov-report=term --cov-fail-under=$(COVERAGE_FLOOR)

# The README's screenshots, taken by the browser tests (test-output/screenshots).
screenshots: install-dev browser axe
	$(VENV)/bin/pytest tests/test_browser.py
	mkdir -p docs/screenshots
	cp test-output/screenshots/*.png docs/screenshots/

# The whole suite again on a throwaway database in the machine's PostgreSQL 15.
test-postgres: install-dev browser axe
	tests/with_postgres.sh $(VENV)/bin/pytest

# The full load test (make test runs a reduced one): 50 parallel uploads, 300 searches.
loadtest: install-dev
	LOAD_UPLOADS=50 LOAD_SEARCHES=300 $(VENV)/bin/pytest tests/test_live.py -k parallel

ci: test

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .cache/axe

# Search benchmark (see bench/run.py; BENCH_SIZES="10000 100000" for both sizes),
# then search quality on the shared development set (bench/quality.py),
# then extraction accuracy on the shared data (bench/extraction.py), then the memory of make run's
# gunicorn with and without the preloaded lexicon (bench/memory.py).
BENCH_SIZES ?= 10000
bench: install
	$(PY) bench/run.py $(foreach s,$(BENCH_SIZES),--size $(s))
	$(PY) bench/quality.py
	$(PY) bench/extraction.py --import
	$(PY) bench/memory.py
