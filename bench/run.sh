#!/usr/bin/env bash
# `make bench`: the national dataset of docs/benchmarks.md ("National scale (issue #5)"), the
# tree measurements and the Excel import of 1,000 templates (IMPORT_FILES), on SQLite
# (var/bench.sqlite3) and PostgreSQL (a scratch database greenplan_bench on the test server, or
# BENCH_PG_URL). Both databases are emptied first.
#   GRASSROOTS=130000 RUNS=7 bash bench/run.sh      # SKIP_PG=1: SQLite only
# Optional steps: PAGES=1 the list pages at province scale (bench/pages_bench.py), SUBMIT_COST=1
# the cost of the roll-up upkeep at submit (bench/submit_cost.py), both on the national dataset
# before the import empties it; LOAD=1 the deadline-day load afterwards (bench/load.sh, its own
# scratch database greenplan_load).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${VENV:-.venv}/bin/python
GRASSROOTS=${GRASSROOTS:-130000}
RUNS=${RUNS:-7}

one_database() {
    local started=$SECONDS
    DATABASE_URL="$1" $PY bench/national_bench.py --grassroots "$GRASSROOTS" --runs "$RUNS"
    # The tree measurements run on the same tree (generate_org already ran above).
    DATABASE_URL="$1" $PY bench/tree_bench.py --keep --no-cte --runs "$RUNS"
    # The green-jobs survey: 100,000 responses in a bench province of its own (docs/benchmarks.md).
    DATABASE_URL="$1" $PY bench/survey_bench.py --responses "${SURVEY_RESPONSES:-100000}" --runs "$RUNS"
    if [ -n "${PAGES:-}" ]; then DATABASE_URL="$1" $PY bench/pages_bench.py --runs "$RUNS"; fi
    if [ -n "${SUBMIT_COST:-}" ]; then DATABASE_URL="$1" $PY bench/submit_cost.py; fi
    # 1,000 filled Excel templates imported (issue #11); it empties the database, so it runs last.
    DATABASE_URL="$1" $PY bench/exchange_bench.py --files "${IMPORT_FILES:-1000}"
    echo "($(( SECONDS - started )) s for this database)"
}

echo "== SQLite"
mkdir -p var
rm -f var/bench.sqlite3 var/bench.sqlite3-wal var/bench.sqlite3-shm
one_database sqlite:///var/bench.sqlite3
if [ -z "${BENCH_PG_URL:-}" ] && [ -z "${SKIP_PG:-}" ]; then
    # A scratch database on the server the tests use (started or installed when needed).
    server=$(bash scripts/ensure_postgres.sh)
    base=${server%/*}
    psql "$server" -Atc "select 1 from pg_database where datname = 'greenplan_bench'" | grep -q 1 \
        || psql "$server" -qc "create database greenplan_bench"
    BENCH_PG_URL="$base/greenplan_bench"
fi
if [ -n "${BENCH_PG_URL:-}" ] && [ -z "${SKIP_PG:-}" ]; then
    echo "== PostgreSQL"
    one_database "$BENCH_PG_URL"
fi
if [ -n "${LOAD:-}" ]; then
    echo "== Deadline-day load (PostgreSQL, greenplan_load)"
    LOAD_DATA=${LOAD_DATA:-1} GRASSROOTS=$GRASSROOTS bash bench/load.sh
fi
