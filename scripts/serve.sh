#!/usr/bin/env bash
# `make serve`: greenplan as on a production server, on this machine's loopback —
# nginx (http://127.0.0.1:$PORT, static files from STATIC_ROOT, JSON access log) → gunicorn
# (127.0.0.1:$APP_PORT, WEB_CONCURRENCY workers) → PostgreSQL (database greenplan_serve on the
# server scripts/ensure_postgres.sh finds or starts), and the task worker. Logs are JSON lines
# (LOG_FORMAT=json) on stdout and in $SERVE_DIR/app.log. The task worker and gunicorn are started
# again if they die; Ctrl-C or SIGTERM stops everything. docs/deploy.md has the real-server setup.
#
# Environment: PORT (8080), APP_PORT (8001), WEB_CONCURRENCY (3), DATABASE_URL (a postgres URL to
# use instead), VAR_DIR (var/), SERVE_DIR (VAR_DIR/serve), LOAD_DEMO=0, VENV (.venv).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8080}
APP_PORT=${APP_PORT:-8001}
# VENV, PY, DEBUG off and the loopback's settings (as scripts/run.sh); prepare_app below.
source scripts/app_setup.sh
SERVE_DIR=${SERVE_DIR:-$VAR_DIR/serve}
export STATIC_ROOT=${STATIC_ROOT:-$PWD/staticfiles}
export LOG_FORMAT=json LOG_FILE=${LOG_FILE:-$SERVE_DIR/app.log}
# Connections are kept for a minute and checked before use (CONN_HEALTH_CHECKS, on by default).
export CONN_MAX_AGE=${CONN_MAX_AGE:-60}
mkdir -p "$SERVE_DIR/nginx-tmp"
rm -f "$SERVE_DIR/stopping"

if [ -z "${DATABASE_URL:-}" ]; then
  server=$(bash scripts/ensure_postgres.sh)
  psql "$server" -Atc "select 1 from pg_database where datname = 'greenplan_serve'" | grep -q 1 \
    || psql "$server" -qc "create database greenplan_serve"
  DATABASE_URL="${server%/*}/greenplan_serve"
fi
export DATABASE_URL
bash scripts/ensure_nginx.sh
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# The kept secret key, migrate, the demo, collectstatic (scripts/app_setup.sh).
prepare_app

# As root, nginx's workers run as www-data: they write their temporary files here.
if [ "$(id -u)" = 0 ]; then chown -R "${NGINX_USER:-www-data}" "$SERVE_DIR/nginx-tmp"; fi
bash scripts/nginx_conf.sh "$SERVE_DIR" "$PORT" "127.0.0.1:$APP_PORT" "$STATIC_ROOT" > "$SERVE_DIR/nginx.conf"
"$NGINX" -t -q -p "$SERVE_DIR" -c "$SERVE_DIR/nginx.conf"

# Runs "$@" again whenever it ends, until serve.sh stops; its pid is kept in $SERVE_DIR/NAME.pid.
supervise() {
  local name=$1; shift
  while [ ! -e "$SERVE_DIR/stopping" ]; do
    "$@" & echo $! > "$SERVE_DIR/$name.pid"
    local status=0
    wait $! || status=$?
    [ -e "$SERVE_DIR/stopping" ] && break
    echo "serve: $name ended (status $status); starting it again in 1 s" >&2
    sleep 1
  done
}

nginx_pid=""
stop() {
  trap - EXIT INT TERM
  touch "$SERVE_DIR/stopping"
  # nginx first (no new requests), then gunicorn (finishes its requests: graceful timeout), the worker.
  [ -z "$nginx_pid" ] || kill -QUIT "$nginx_pid" 2>/dev/null || true
  for name in gunicorn worker; do
    [ ! -s "$SERVE_DIR/$name.pid" ] || kill -TERM "$(cat "$SERVE_DIR/$name.pid")" 2>/dev/null || true
  done
  wait || true
  rm -f "$SERVE_DIR"/*.pid "$SERVE_DIR/stopping"
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

supervise worker "$PY" manage.py db_worker --no-reload &
# No control socket: it would live in ~/.gunicorn, shared by every instance on the machine. No
# access log: the app writes one JSON line per request, nginx another.
supervise gunicorn "$VENV/bin/gunicorn" greenplan.wsgi --bind "127.0.0.1:$APP_PORT" \
  --workers "${WEB_CONCURRENCY:-3}" --timeout 120 --graceful-timeout 30 \
  --max-requests 2000 --max-requests-jitter 200 --no-control-socket &
"$NGINX" -p "$SERVE_DIR" -c "$SERVE_DIR/nginx.conf" & nginx_pid=$!

echo ""
echo "greenplan (nginx → gunicorn → PostgreSQL): http://127.0.0.1:$PORT/  —  /healthz"
echo "tài khoản demo / demo accounts: admin, hp-kcn, …  mật khẩu / password: green-2030"
echo "Nhật ký / logs: $SERVE_DIR (app.log, nginx-access.log). Ctrl-C để dừng / to stop."
echo ""
# nginx is the front door: when it ends on its own (e.g. the port is taken), everything stops.
wait "$nginx_pid"
