# Newsroom: the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
# make run always serves the local SQLite database with debugging on.
DEV := env -u DATABASE_URL DEBUG=1
DEMO := demo/vienna-talks-2018.json

TEST_POSTGRES_URL ?= postgres://root@127.0.0.1:5432/newsroom

.PHONY: run serve test lint typecheck test-sqlite test-postgres coverage install bench loadtest

run: install
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py import_records $(DEMO)
	$(DEV) $(PY) manage.py create_demo_admin
	@echo ""
	@echo "Newsroom is starting on http://127.0.0.1:8000/"
	@echo "  Search pages:     http://127.0.0.1:8000/search/?q=Jaafari"
	@echo "  Admin (editing):  http://127.0.0.1:8000/admin/   user: admin"
	@echo "  Read API:         http://127.0.0.1:8000/api/v1/"
	@echo "  API docs:         http://127.0.0.1:8000/api/docs/"
	@echo "Stop it with Ctrl-C."
	@echo ""
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

# Production mode on this machine: DEBUG off, collectstatic, gunicorn (scripts/serve).
serve: install
	@bash scripts/serve

test: install
	@bash scripts/test-all

# The checks alone (scripts/lint): ruff, ruff format --check, the import contracts,
# mypy and makemigrations --check.
lint: install
	@bash scripts/lint

# mypy alone (scripts/typecheck), with the Django and DRF stubs.
typecheck: install
	@bash scripts/typecheck

# The suite on one database, without the checks.
test-sqlite: install
	env -u DATABASE_URL $(PY) -m pytest

test-postgres: install
	@$(PY) scripts/postgres-ready "$(TEST_POSTGRES_URL)" || { echo "PostgreSQL is not reachable at $(TEST_POSTGRES_URL)."; exit 1; }
	DATABASE_URL=$(TEST_POSTGRES_URL) $(PY) -m pytest

# The suite on SQLite under coverage, then the report per module (no target to reach).
coverage: install
	env -u DATABASE_URL $(PY) -m coverage run -m pytest
	$(PY) -m coverage report

# Measure the synthetic archive on SQLite and PostgreSQL (scripts/bench; BENCH_QUOTES=1000000 for the full size).
bench: install
	@bash scripts/bench

# Mixed reads against gunicorn with wrk at 64 and 256 connections (scripts/loadtest; after make bench).
loadtest: install
	@bash scripts/loadtest

install: $(STAMP)

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)
