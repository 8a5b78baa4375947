#!/usr/bin/env bash
# The whole suite: lint (ruff, the import layers, mypy), SQLite with the real-browser and schemathesis tests, then PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
export PATH="$PWD/$VENV/bin:$PATH"

bash scripts/lint.sh

bash scripts/ensure_chromium.sh

echo "== SQLite (with browser and schemathesis tests)"
env -u DATABASE_URL pytest -q

echo "== PostgreSQL"
PG_URL=$(bash scripts/ensure_postgres.sh)
echo "using ${PG_URL}"
# Schemathesis (about two minutes) runs once, in the SQLite phase, to keep `make test` short.
DATABASE_URL="$PG_URL" pytest -q -m "not browser and not schemathesis"
