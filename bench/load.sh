#!/usr/bin/env bash
# `make load`: deadline day on the national dataset (issue #15, docs/benchmarks.md "Deadline-day
# load"). gunicorn on 127.0.0.1 with DEBUG off against the scratch database greenplan_load,
# locust headless beside it (reporters save and submit, approvers approve and return, officers
# read dashboards and exports), bounded in time (DURATION) and in count (MAX_REQUESTS). Then
# bench/load_verify.py proves that no accepted write was lost and that the totals are exact.
#
#   LOAD_DATA=1 bash bench/load.sh          # first time: load the national dataset (minutes)
#   USERS=50 RATE=10 DURATION=120s WORKERS=5 bash bench/load.sh
#
# Environment: LOAD_PG_URL (the scratch database), GRASSROOTS (130000, with LOAD_DATA=1),
# USER_CLASSES ("Reporter Approver": only these locust users; all three by default),
# LOAD_WITHOUT_ROLLUP=1 (skip the roll-up upkeep, to measure its cost; bench/load_wsgi.py),
# REPORTERS (units taken up by this run; each run needs fresh draft reports), PORT (8765),
# CONN_MAX_AGE (60: gunicorn's workers keep their database connection), OUT (the run's folder:
# locust's CSV, wait events and CPU samples, the accepted writes).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY=$VENV/bin/python
DB=${LOAD_PG_URL:-postgres://postgres@127.0.0.1:5432/greenplan_load}
USERS=${USERS:-50} RATE=${RATE:-10} DURATION=${DURATION:-120s} WORKERS=${WORKERS:-5}
REPORTERS=${REPORTERS:-2000} PORT=${PORT:-8765} MAX_REQUESTS=${MAX_REQUESTS:-100000}
OUT=${OUT:-var/load/u$USERS-w$WORKERS-$(date +%Y%m%d-%H%M%S)}
export DATABASE_URL=$DB
mkdir -p "$OUT"

if [ -n "${LOAD_DATA:-}" ]; then
    psql "${DB%/*}/postgres" -Atc "select 1 from pg_database where datname = '${DB##*/}'" | grep -q 1 \
        || psql "${DB%/*}/postgres" -qc "create database ${DB##*/}"
    $PY bench/national_bench.py --grassroots "${GRASSROOTS:-130000}" --runs 1
fi
DEBUG=1 $PY manage.py migrate --noinput -v 0
$PY bench/load_accounts.py --reporters "$REPORTERS" --out "$OUT"

# As users get it (scripts/run.sh): DEBUG off, hashed static files, gunicorn's sync workers.
export DEBUG=0 SECRET_KEY=${SECRET_KEY:-load-bench-only} ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 CONN_MAX_AGE=${CONN_MAX_AGE:-60}
export STATIC_ROOT=$PWD/var/load/static
$PY manage.py collectstatic --noinput -v 0
# --timeout 120: on the shared machine a starved worker must not be killed mid-request.
PYTHONPATH=$PWD $VENV/bin/gunicorn bench.load_wsgi --preload --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --timeout 120 --no-control-socket --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" & server=$!
sampler=""
stop() { kill $sampler $server 2>/dev/null || true; wait $server 2>/dev/null || true; }
trap stop EXIT
for _ in $(seq 60); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break; sleep 1; done
# Each worker opens its database connection and fills its caches before the clock starts.
warm=()
for _ in $(seq $(( WORKERS * 3 ))); do curl -s -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" & warm+=($!); done
wait "${warm[@]}"

# Every second: what the server's database sessions wait for; every 5 s, CPU per process.
(
    while true; do
        echo "sample|0" >> "$OUT/waits.txt"
        psql "$DB" -Atc "select state || ' ' || coalesce(wait_event_type || ':' || wait_event, 'on CPU'),
            count(*) from pg_stat_activity where datname = current_database() and state <> 'idle'
            and pid <> pg_backend_pid() group by 1" >> "$OUT/waits.txt" 2>/dev/null || true
        if [ $(( SECONDS % 5 )) = 0 ]; then top -b -n1 -w 200 | head -20 >> "$OUT/top.txt"; fi
        sleep 1
    done
) & sampler=$!

uptime > "$OUT/uptime.txt"
$PY bench/load_report.py cpu "$OUT/cpu-start.json" "$server"
LOAD_DIR=$OUT LOAD_MAX_REQUESTS=$MAX_REQUESTS $VENV/bin/locust -f bench/locustfile.py --headless \
    -u "$USERS" -r "$RATE" -t "$DURATION" --host "http://127.0.0.1:$PORT" --csv "$OUT/locust" \
    --only-summary --stop-timeout 10 --exit-code-on-error 0 ${USER_CLASSES:-} > "$OUT/locust.log" 2>&1
$PY bench/load_report.py cpu "$OUT/cpu-end.json" "$server"
uptime >> "$OUT/uptime.txt"
stop
trap - EXIT

$PY bench/load_report.py "$OUT"
# LOAD_WITHOUT_ROLLUP=1 (bench/load_wsgi.py) left the totals behind: put them right, then check.
if [ "${LOAD_WITHOUT_ROLLUP:-}" = 1 ]; then DEBUG=1 $PY bench/load_verify.py "$OUT" --repair; fi
DEBUG=1 $PY bench/load_verify.py "$OUT"
