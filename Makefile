# greenplan — the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTHON ?= python3

.PHONY: run dev serve test bench load faults replica-test lint messages clean

$(VENV)/.base-installed: requirements/base.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/base.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.base-installed requirements/dev.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/dev.txt
	touch $@

# As users get it: DEBUG off, gunicorn, whitenoise, a secret key kept in var/ (scripts/run.sh).
run: $(VENV)/.base-installed
	PORT=$(PORT) VENV=$(VENV) bash scripts/run.sh

# The developer's server: runserver with autoreload and Django's debug pages (DEBUG=1).
dev: $(VENV)/.base-installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo --if-empty
	@echo ""
	@echo "greenplan (dev, DEBUG=1): http://127.0.0.1:$(PORT)/  —  admin, hp-kcn, …  /  green-2030"
	@echo ""
	@# The task worker (imports and other long work) runs next to the server and stops with it.
	@trap 'kill $$server $$worker 2>/dev/null; wait' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py db_worker & worker=$$!; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT) & server=$$!; \
	wait $$server

# As on a production server: nginx on 127.0.0.1:8080 → gunicorn → PostgreSQL, and the task
# worker; JSON logs (scripts/serve.sh, docs/deploy.md).
serve: $(VENV)/.base-installed
	PORT=$${PORT:-8080} VENV=$(VENV) bash scripts/serve.sh

test: $(VENV)/.dev-installed
	bash scripts/test.sh

bench: $(VENV)/.dev-installed
	bash bench/run.sh

# The read replica against a real one (scripts/replica.sh: a throwaway primary and replica on
# ports 55433/55434), a live server, and the replica stopped mid-run; prints the figures.
replica-test: $(VENV)/.dev-installed
	$(VENV)/bin/pytest -q -s -p no:randomly -m replica greenplan/ops/tests/test_replica_live.py

# Faults on the real stack (gunicorn, task worker, a throwaway PostgreSQL cluster): a few minutes,
# not part of `make test` (marker `faults`). Prints its figures.
faults: $(VENV)/.dev-installed
	$(VENV)/bin/pytest -q -s -p no:randomly -m faults greenplan/ops/tests/faults

# Deadline day (issue #15): gunicorn + locust on the national dataset in the scratch database
# greenplan_load (LOAD_DATA=1 loads it first; USERS, DURATION, WORKERS: bench/load.sh).
load: $(VENV)/.dev-installed
	bash bench/load.sh

# Static checks, also run first by `make test` (scripts/lint.sh): add a checker there, not here.
lint: $(VENV)/.dev-installed
	VENV=$(VENV) bash scripts/lint.sh

# Rebuild the English catalogue after adding Vietnamese msgids (needs GNU gettext).
messages: $(VENV)/.base-installed
	DEBUG=1 $(PY) manage.py makemessages -l en --no-obsolete --no-location -i ".venv/*" -i "var/*"
	DEBUG=1 $(PY) manage.py compilemessages -l en -l vi

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .import_linter_cache
