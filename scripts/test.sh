#!/usr/bin/env bash
# The whole suite: lint (ruff and the import layers; mypy runs beside the tests), then SQLite (with the real-browser and
# schemathesis tests) and PostgreSQL side by side — each phase is one process that mostly keeps one
# core busy, and the machine has two. PARALLEL=0 runs them one after the other.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
export PATH="$PWD/$VENV/bin:$PATH"

# The quick checkers first; mypy (a minute on a fresh clone, one core) runs beside the installs
# and the tests, and its verdict is printed and counted at the end.
bash scripts/lint.sh --no-mypy
mypy_log=$(mktemp)
mypy > "$mypy_log" 2>&1 & mypy_pid=$!

bash scripts/ensure_chromium.sh
bash scripts/ensure_libreoffice.sh
PG_URL=$(bash scripts/ensure_postgres.sh)

# Each phase keeps its uploaded files apart (and its own PostgreSQL test database, see test_settings).
sqlite_media=$(mktemp -d) pg_media=$(mktemp -d) pg_log=$(mktemp)
trap 'rm -rf "$sqlite_media" "$pg_media" "$pg_log" "$mypy_log"' EXIT

# Schemathesis (about two minutes) runs once, in the SQLite phase, to keep `make test` short.
# The `replica` tests start their own PostgreSQL pair and server (`make replica-test`); the fault
# tests (marker `faults`, minutes of real processes) run from `make faults` only.
SLOW="not replica and not faults"
# Tests marked `once` never read the test database, so the PostgreSQL phase would only repeat them.
run_pg() { MEDIA_ROOT="$pg_media" DATABASE_URL="$PG_URL" pytest -q --durations=25 -m "not browser and not schemathesis and not once and $SLOW"; }
run_sqlite() { MEDIA_ROOT="$sqlite_media" env -u DATABASE_URL pytest -q --durations=25 -m "$SLOW"; }

mypy_verdict() {
  local status=0
  wait "$mypy_pid" || status=$?
  echo "== mypy"
  cat "$mypy_log"
  return "$status"
}

if [ "${PARALLEL:-1}" = 0 ]; then
  echo "== SQLite (with browser and schemathesis tests)"
  run_sqlite
  echo "== PostgreSQL (${PG_URL})"
  run_pg
  mypy_verdict
  exit 0
fi

echo "== PostgreSQL (${PG_URL}) in the background; its output follows the SQLite phase"
run_pg > "$pg_log" 2>&1 & pg=$!
echo "== SQLite (with browser and schemathesis tests)"
sqlite_status=0
run_sqlite || sqlite_status=$?
pg_status=0
wait "$pg" || pg_status=$?
echo "== PostgreSQL (${PG_URL})"
cat "$pg_log"
mypy_status=0
mypy_verdict || mypy_status=$?
if [ "$sqlite_status" != 0 ] || [ "$pg_status" != 0 ] || [ "$mypy_status" != 0 ]; then
  echo "SQLite phase: exit ${sqlite_status}; PostgreSQL phase: exit ${pg_status}; mypy: exit ${mypy_status}"
  exit 1
fi
