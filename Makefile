# Simutasi — two commands for a new machine: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Probe interpreters by running them: pyenv shims exist for every version but fail unless
# that version is selected, so `command -v` alone would lie.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo $$p; break; fi; done)
HOST ?= 127.0.0.1
PORT ?= 8000
SEED_SIZE ?= 3000
PYTEST_ARGS ?=

.PHONY: help run serve install test screenshots lint format messages compilemessages check-python check-system seed bench clean
BENCH_SIZE ?= 100000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/simutasi_bench

help:
	@echo "make run    – install into .venv, migrate, load demo data, serve http://$(HOST):$(PORT)"
	@echo "make test   – run the whole test suite (DATABASE_URL selects PostgreSQL, default SQLite)"
	@echo "make lint   – ruff check + format check"
	@echo "make bench  – seed PostgreSQL with BENCH_SIZE employees, measure, write bench-results.json"
	@echo "make messages – refresh locale/id/LC_MESSAGES/django.po from the code"

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Simutasi needs Python 3.12 or newer, and none was found (tried python3.13, python3.12, python3)."; \
		echo "On Debian/Ubuntu: sudo apt-get install python3 python3-venv   (or run: make run PYTHON=/path/to/python3.12)"; \
		exit 1; fi

$(VENV)/.installed: pyproject.toml | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { \
		echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

check-system: install
	@$(PY) -c "import weasyprint" >/dev/null 2>&1 || { \
		echo "WeasyPrint cannot load its system libraries (Pango, HarfBuzz)."; \
		echo "On Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2"; \
		exit 1; }
	@command -v msgfmt >/dev/null || { \
		echo "Translations need GNU gettext. On Debian/Ubuntu: sudo apt-get install gettext"; exit 1; }

compilemessages: install check-system
	@$(PY) manage.py compilemessages --ignore=.venv -v 0

messages: install
	$(PY) manage.py makemessages -l id --ignore=.venv --ignore=staticfiles --no-obsolete --add-location=file

run: compilemessages
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py seed_demo --size $(SEED_SIZE)
	@echo "Serving Simutasi on http://$(HOST):$(PORT)/ (Ctrl-C stops the server and the task worker)"
	@trap 'kill 0' EXIT INT TERM; \
		$(PY) manage.py worker >/dev/null 2>&1 & \
		$(PY) manage.py runserver $(HOST):$(PORT)

# The browser tests run in a process of their own: their live server, session-wide settings and
# transactional flushes must not meet the rest of the suite on a shared worker.
test: compilemessages
	$(VENV)/bin/pytest -n auto -m "not e2e" $(PYTEST_ARGS)
	$(VENV)/bin/pytest -n 2 -m e2e $(PYTEST_ARGS)

# The README's pictures: taken by the browser tests, copied under docs/screenshots/.
SHOTS := 00-beranda-operator_diskominfo 02-rekomendasi 07-verifikasi 08-antrian-persetujuan-ponsel \
	12-sk-terbit 12b-dasbor 13b-lacak-usulan 16-tugas-impor
screenshots: compilemessages
	$(VENV)/bin/pytest -n 2 -m e2e $(PYTEST_ARGS)
	mkdir -p docs/screenshots
	@# 256-colour PNGs: a tenth of the size, no visible difference for UI screenshots.
	$(PY) -c "import sys; from PIL import Image; [Image.open(f'test-artifacts/screenshots/{n}.png').convert('RGB').quantize(256).save(f'docs/screenshots/{n}.png', optimize=True) for n in sys.argv[1:]]" $(SHOTS)

# The benchmark (docs/benchmarks.md): PostgreSQL from DATABASE_URL, else a database of its own
# on the local server (created when missing, seeded once, reused by later runs).
bench: compilemessages
	@command -v wrk >/dev/null || { echo "make bench needs wrk for the HTTP part. On Debian/Ubuntu: sudo apt-get install wrk"; exit 1; }
	DATABASE_URL="$${DATABASE_URL:-$(BENCH_DATABASE_URL)}" BENCH_SIZE=$(BENCH_SIZE) $(PY) manage.py bench

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache
