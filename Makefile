# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test test-browser messages bench bench-http lint format check-deploy clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-base: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-base

run: $(VENV)/.installed-base
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/python manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/python manage.py seed_demo
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/python manage.py runserver $(HOST)

# Two workers by default (pytest-xdist); PYTEST_XDIST= runs the suite in one process.
# `make test` is the suite on the embedded default; the browser journeys need
# PostgreSQL (two live servers lock SQLite's shared in-memory database) and run
# with `make test-browser` (DB_NAME etc. set, see README) and in CI.
PYTEST_XDIST ?= -n 2
PYTEST_ARGS ?= -m "not browser"
test: $(VENV)/.installed-dev
	$(BIN)/pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

test-browser: $(VENV)/.installed-dev
	$(BIN)/pytest $(PYTEST_XDIST) -m browser

# The English catalogue: collect new strings into locale/en/LC_MESSAGES/django.po, translate
# them there, and compile django.mo. Both files are committed, so a fresh clone needs no gettext.
messages: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/python manage.py makemessages -l en \
		--no-obsolete --no-location -i .venv -i tests -i bench -i static -i media
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/python manage.py compilemessages -l en -i .venv

# Benchmarks run on their own SQLite file so the demo database is untouched.
BENCH_ENV := DJANGO_SETTINGS_MODULE=config.settings.dev SQLITE_PATH=bench.sqlite3
bench: $(VENV)/.installed-dev
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(BENCH_ENV) $(BIN)/python manage.py bench
	# The report benchmark renders the largest kommun of the scale-10 data set.
	$(BENCH_ENV) $(BIN)/python manage.py generate_bench_data --scale 10
	$(BENCH_ENV) $(BIN)/python manage.py bench_reports
	$(BENCH_ENV) $(BIN)/python manage.py bench_import

# HTTP benchmark: gunicorn (3 workers, config.settings.bench: DEBUG off, production
# behaviour without TLS) on PostgreSQL when DB_NAME is set, else bench.sqlite3; Locust
# (the `bench` extra) requests each page with 4 connections for 10 s.
# BENCH_DATA='--profile large' measures the large kommun instead of scale 10.
BENCH_DATA ?= --scale 10
BENCH_HTTP_ENV := DJANGO_SETTINGS_MODULE=config.settings.bench SQLITE_PATH=bench.sqlite3
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@ $(VENV)/.installed-base

bench-http: $(VENV)/.installed-bench
	$(BENCH_HTTP_ENV) $(BIN)/python manage.py check
	$(BENCH_HTTP_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(BENCH_HTTP_ENV) $(BIN)/python manage.py generate_bench_data $(BENCH_DATA) --with-logins
	@port=$$($(BIN)/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	$(BENCH_HTTP_ENV) $(BIN)/gunicorn config.wsgi --workers 3 --bind 127.0.0.1:$$port \
		--log-level warning & pid=$$!; \
	trap 'kill $$pid 2>/dev/null; wait $$pid 2>/dev/null' EXIT INT TERM; \
	$(BENCH_HTTP_ENV) $(BIN)/python manage.py bench_http --base-url http://127.0.0.1:$$port

lint: $(VENV)/.installed-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media
