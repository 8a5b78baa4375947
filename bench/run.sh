#!/usr/bin/env bash
# The tree measurement of docs/benchmarks.md on SQLite (var/bench.sqlite3) and, when
# BENCH_PG_URL points at a scratch PostgreSQL database, on PostgreSQL too.
#   GRASSROOTS=150000 BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/greenplan_bench bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${VENV:-.venv}/bin/python
GRASSROOTS=${GRASSROOTS:-150000}
RUNS=${RUNS:-7}

echo "== SQLite"
DATABASE_URL=sqlite:///var/bench.sqlite3 $PY bench/tree_bench.py --grassroots "$GRASSROOTS" --runs "$RUNS"
if [ -z "${BENCH_PG_URL:-}" ] && [ -z "${SKIP_PG:-}" ]; then
    # A scratch database on the server the tests use (started or installed when needed).
    server=$(bash scripts/ensure_postgres.sh)
    base=${server%/*}
    psql "$server" -Atc "select 1 from pg_database where datname = 'greenplan_bench'" | grep -q 1 \
        || psql "$server" -qc "create database greenplan_bench"
    BENCH_PG_URL="$base/greenplan_bench"
fi
if [ -n "${BENCH_PG_URL:-}" ]; then
    echo "== PostgreSQL"
    DATABASE_URL="$BENCH_PG_URL" $PY bench/tree_bench.py --grassroots "$GRASSROOTS" --runs "$RUNS"
fi
