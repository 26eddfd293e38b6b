# Selaras — everything a fresh machine needs, from two commands: `make run` and `make test`.
# A second `make run` redoes only what changed: the venv (requirements.lock), the catalogues (a
# .po file), the migrations (a migration file) and the demo (its code), each by a stamp file.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
VAR := $(or $(SELARAS_VAR_DIR),var)
SITE := $(or $(SELARAS_BASE_URL),http://127.0.0.1:$(or $(SELARAS_PORT),8000))
MIGRATED := $(VAR)/.migrated
ACCOUNTS := $(VAR)/demo-accounts.txt
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
MIGRATIONS := $(wildcard */migrations/0*.py)
DEMO_CODE := lms/demo.py lms/demo_learning.py cohorts/demo.py cms/demo.py cms/demo_content.py \
	lms/demo_live.py cohorts/demo_live.py lms/demo_visioning.py casestudies/demo.py lms/demo_practices.py \
	lms/management/commands/load_demo.py

# The stamps speak for the embedded database only: gone with it, and ignored for DATABASE_URL.
ifeq ($(DATABASE_URL),)
ifeq ($(wildcard $(VAR)/selaras.sqlite3),)
$(shell rm -f $(MIGRATED) $(ACCOUNTS))
endif
else
$(MIGRATED) $(ACCOUNTS): FORCE
endif

.PHONY: help install messages var migrate demo run test test-ci lint format chromium clean FORCE

help:
	@echo "make run   — install, migrate, load demo data, serve on http://127.0.0.1:8000 with a Celery worker"
	@echo "make test  — install and run the whole test suite"

# Bytecode compiled once here: the machines set PYTHONDONTWRITEBYTECODE, so otherwise every
# process (server, worker, each test subprocess) compiles Django and Wagtail again (≈2 s each).
$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "uv==0.13.8"
	$(BIN)/uv pip sync --quiet --python $(PY) --require-hashes --compile-bytecode requirements.lock
	touch $(STAMP)

install: $(STAMP)

# Compiled catalogues are build output (git-ignored), rebuilt when their .po file changes.
messages: $(CATALOGUES)

%.mo: %.po
	msgfmt --check-format -o $@ $<

var:
	@mkdir -p $(VAR)/media $(VAR)/celery/queue $(VAR)/celery/processed $(VAR)/celery/control $(VAR)/static

migrate: $(MIGRATED)

$(MIGRATED): $(STAMP) $(MIGRATIONS) | var
	$(MANAGE) migrate --noinput
	@touch $@

demo: $(ACCOUNTS)

# The demo accounts, written by load_demo, are the demo's stamp.
$(ACCOUNTS): $(MIGRATED) $(DEMO_CODE)
	$(MANAGE) load_demo --accounts-file $@

run: messages demo
	@cat $(ACCOUNTS)
	@echo "Site: $(SITE)/   Admin: $(SITE)/admin/"
	@echo
	$(BIN)/honcho --procfile Procfile start

# Debian's Chromium for the browser tests (skipped, with their reason, where none is installed).
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# One pytest-xdist worker a core (tests/conftest.py keeps each module on one worker).
WORKERS ?= auto
test: install messages var chromium
	$(BIN)/pytest -n $(WORKERS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf var db.sqlite3 $(VENV)
