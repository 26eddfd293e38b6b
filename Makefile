# Selaras — everything a fresh machine needs, from two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed

.PHONY: help install messages var migrate demo run test test-ci lint format chromium clean

help:
	@echo "make run   — install, migrate, load demo data, serve on http://127.0.0.1:8000 with a Celery worker"
	@echo "make test  — install and run the whole test suite"

$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "uv==0.13.8"
	$(BIN)/uv pip sync --quiet --python $(PY) --require-hashes requirements.lock
	touch $(STAMP)

install: $(STAMP)

# Compiled catalogues are build output (git-ignored), rebuilt whenever a .po file changes.
messages: install
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0

var:
	mkdir -p var/media var/celery/queue var/celery/processed var/celery/control var/static

migrate: messages var
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

run: demo
	$(BIN)/honcho --procfile Procfile start

# Debian's Chromium for the browser tests (skipped, with their reason, where none is installed).
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

test: messages var chromium
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf var db.sqlite3 $(VENV)
