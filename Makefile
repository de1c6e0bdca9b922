# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint messages wheel bench clean backup restore soak faults

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
	@# Development only: a marked example year (docs/site.md); imports and deployments never run it.
	$(BIN)/python manage.py load_example_year
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

# The benchmark (docs/performance.md): needs PostgreSQL and wrk; Redis optional.
bench: $(VENV)/.test-deps
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lint: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Refresh the catalogues of every language (the plugin keeps its own in
# stadtteil_pages/locale/, the host the rest), compile them, and list the
# visitor-facing strings that still lack a translation (exit 1 if any).
LOCALES := de en tr ar uk
messages: $(VENV)/.test-deps
	for locale in $(LOCALES); do \
		$(BIN)/python manage.py makemessages --locale $$locale --no-obsolete --ignore ".venv/*" \
			--ignore "tests/*" --ignore "scripts/*" --ignore "stadtteil_pages/*" --ignore "bench/*" \
			|| exit 1; \
		(cd stadtteil_pages && env -u DJANGO_SETTINGS_MODULE ../$(BIN)/django-admin makemessages \
			--locale $$locale --no-obsolete) || exit 1; \
	done
	$(BIN)/python manage.py compilemessages --ignore ".venv/*"
	$(BIN)/python scripts/check_catalogues.py

# The plugin's wheel and sdist in dist/ (`stadtteil-pages`, see docs/install.md).
wheel: $(BIN)/python
	$(BIN)/python -m pip wheel --no-deps --wheel-dir dist .

# Database content and media files into backups/ (docs/operations.md).
backup: $(VENV)/.run-deps
	$(BIN)/python manage.py backup_site

# Replaces ALL content: make restore ARCHIVE=backups/stadtteil-….tar.gz
# (asks first; YES=1 restores without asking, for scripts).
restore: $(VENV)/.run-deps
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=backups/….tar.gz [YES=1]"; exit 2; }
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py restore_site "$(ARCHIVE)"$(if $(YES), --yes)

# Five minutes of mixed traffic against gunicorn and PostgreSQL (docs/operations.md).
SOAK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/stadtteil_soak
soak: $(VENV)/.test-deps
	DATABASE_URL=$(SOAK_DATABASE_URL) $(BIN)/python -m ops.soak

# PostgreSQL and Redis of their own stopped under load; full disk on upload.
faults: $(VENV)/.test-deps
	$(BIN)/python -m ops.faults

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles test-artifacts dist var
