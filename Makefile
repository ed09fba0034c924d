# Two commands on a fresh machine: `make run` (demo on http://127.0.0.1:8000)
# and `make test` (lint + every test on SQLite and PostgreSQL).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
CSS := lac/web/static/lac/lac.css
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint lock bench faults migrate demo messages clean

setup: $(PY_STAMP) $(NPM_STAMP) $(CSS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Development installs the dev lock (the production lock plus test and lint tools);
# a server installs requirements.lock alone (README, Deploying). Both pin every
# package with its hashes, so pip refuses anything else.
$(PY_STAMP): $(BIN)/python requirements-dev.lock pyproject.toml
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# Re-pin after changing pyproject.toml's dependencies (needs pip-tools, in the dev lock).
COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
lock:
	$(COMPILE) --output-file=requirements.lock pyproject.toml
	$(COMPILE) --extra=dev --output-file=requirements-dev.lock pyproject.toml

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CSS): $(NPM_STAMP) $(wildcard lac/web/scss/*.scss)
	npm run --silent build

migrate: setup
	$(BIN)/lac migrate --no-input

demo: migrate
	$(BIN)/lac demo-data --if-empty

# The task worker (PDFs, extracts, large simulations) runs beside the server
# and stops with it.
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/ with a background task worker (Ctrl+C to stop)"
	$(BIN)/lac db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/lac runserver $(HOST):$(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: setup
	scripts/run-tests

bench: setup
	$(BIN)/python bench/run.py

# Saves under faults (workers killed, connections cut, races) against gunicorn and the task
# worker on PostgreSQL, 127.0.0.1 only, about five minutes; also part of `make bench`.
faults: setup
	$(BIN)/python bench/faults.py

# After marking strings for translation: bring the Welsh catalogue up to date, translate
# its new entries (lac/locale/cy/LC_MESSAGES/django.po), then run it again to compile.
messages: setup
	cd lac && ../$(BIN)/lac makemessages --locale cy --no-obsolete --add-location file
	cd lac && ../$(BIN)/lac compilemessages --locale cy

clean:
	rm -rf $(VENV) node_modules staticfiles $(CSS)
