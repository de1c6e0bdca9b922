# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint messages clean backup restore soak faults

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

run: $(VENV)/.run-deps
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_hattingen
	$(BIN)/python manage.py configure_site --hostname $(HOST) --port $(PORT)
	$(BIN)/python manage.py setup_editorial_roles
	$(BIN)/python manage.py ensure_admin --url http://$(HOST):$(PORT)/admin/
	@# Scheduled publishing and expiry run every minute while the server runs.
	@bash -c '( while sleep 60; do $(BIN)/python manage.py publish_scheduled >/dev/null; done ) & \
		trap "kill $$! 2>/dev/null" EXIT; \
		$(BIN)/python manage.py publish_scheduled >/dev/null; \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)'

test: $(VENV)/.test-deps
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

lint: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: $(VENV)/.test-deps
	$(BIN)/python manage.py makemessages --locale de --ignore ".venv/*" --ignore "tests/*"
	$(BIN)/python manage.py compilemessages --locale de --ignore ".venv/*"

# Database content and media files into backups/ (docs/operations.md).
backup: $(VENV)/.run-deps
	$(BIN)/python manage.py backup_site

# Replaces ALL content: make restore ARCHIVE=backups/stadtteil-….tar.gz
restore: $(VENV)/.run-deps
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=backups/….tar.gz"; exit 2; }
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py restore_site "$(ARCHIVE)"

# Five minutes of mixed traffic against gunicorn and PostgreSQL (docs/operations.md).
SOAK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/stadtteil_soak
soak: $(VENV)/.test-deps
	DATABASE_URL=$(SOAK_DATABASE_URL) $(BIN)/python -m ops.soak

# PostgreSQL and Redis of their own stopped under load; full disk on upload.
faults: $(VENV)/.test-deps
	$(BIN)/python -m ops.faults

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles test-artifacts
