# SIGAP Tubei — the two commands: `make run` and `make test`. Everything installs into .venv.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.terpasang
HOST ?= 127.0.0.1
PORT ?= 8000
# Compiled translation catalogues: build output, never committed (see .gitignore).
MO := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
# Web assets: TypeScript/CSS in frontend/src, built by esbuild into frontend/static/frontend (never committed).
NPM_STAMP := node_modules/.package-lock.json
ASET := frontend/static/frontend/.dibangun
ASET_SUMBER := $(wildcard frontend/src/*) frontend/build.mjs package-lock.json

.PHONY: run test install frontend messages migrate demo lint typecheck check lock clean

$(STAMP): requirements-dev.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 dibutuhkan")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-virtualenv -r requirements-dev.lock
	touch $(STAMP)

install: $(STAMP) $(MO) $(ASET)

# npm ci installs exactly what package-lock.json says.
$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js 18+) dibutuhkan untuk membangun aset web"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

$(ASET): $(NPM_STAMP) $(ASET_SUMBER)
	npm run --silent build
	touch $(ASET)

frontend: $(ASET)

# pybabel compiles .po to .mo with Python alone: running SIGAP Tubei needs no GNU gettext. Only extracting
# msgids after changing UI text does (a developer step): `manage.py makemessages -l id -l en
# --ignore=.venv --ignore=tests --ignore=node_modules --ignore=benchmarks`, then fill the Indonesian msgstr.
messages: $(MO)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(STAMP)
	$(BIN)/pybabel compile -d locale -D django -l $*

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py muat_demo --tikets 2000 --hari 180 --bila-belum

# Serves HTTP and websockets (Daphne's runserver) on the embedded default unless DATABASE_URL/REDIS_URL say otherwise,
# and runs the periodic jobs (CELERY_BEAT_SCHEDULE: escalation, auto-close, metrics warm-up, ...) in a thread of the
# serving process, as a Celery worker and beat do in production: in the embedded default the live updates and the
# cache live in that process's memory. Ctrl-C stops both.
run: demo
	$(BIN)/python manage.py jadwal_lokal --server $(HOST):$(PORT)

# Browser tests run in their own pytest process: after Playwright, pytest-asyncio tests in the same process
# fail (STACK_NOTES.md). Without Chromium they skip with a reason; REQUIRE_BROWSER=1 turns that into a failure.
test: install
	$(BIN)/python -m pytest --ignore=tests/e2e $(PYTEST_ARGS)
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .
	npm run --silent typecheck

check: lint typecheck
	$(BIN)/python manage.py makemigrations --check --dry-run

# Re-resolve pinned versions after editing pyproject.toml.
lock: install
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras -o requirements.lock pyproject.toml && $(BIN)/pip-compile --quiet --strip-extras --extra dev -o requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules frontend/static/frontend staticfiles .pytest_cache .mypy_cache .ruff_cache $(MO)
