#!/usr/bin/env bash
# Static checks shared by `make lint` and `make test`: one line per checker.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
export PATH="$PWD/$VENV/bin:$PATH"

echo "== ruff"
ruff check .

# The floors of docs/architecture.md ("Layers"), contracts in pyproject.toml.
echo "== import layers"
# On success one line says what was kept; on a failure, import-linter's whole report.
if layers=$(lint-imports --no-logo 2>&1); then
  echo "$layers" | sed -n 's/^Contracts: \([0-9]*\) kept.*/every layer contract kept (\1 of \1)/p'
else
  echo "$layers"
  exit 1
fi

# `make test` runs mypy beside the tests (scripts/test.sh): --no-mypy leaves it out here.
if [ "${1:-}" != "--no-mypy" ]; then
  echo "== mypy"
  mypy
fi
