#!/usr/bin/env bash
# `make run`: greenplan as users get it, on this machine's loopback. DEBUG off, a production
# WSGI server (gunicorn), static files hashed and compressed through whitenoise, the embedded
# SQLite database in $VAR_DIR, and the task worker beside the server. Ctrl-C stops both; the
# data stays. `make dev` is the developer's autoreloading server with debug pages.
#
# Environment: PORT (8000), VAR_DIR (var/), VENV (.venv), WEB_CONCURRENCY (3 gunicorn
# workers), LOAD_DEMO=0 to skip loading the demo province into an empty database.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8000}
# VENV, PY, DEBUG off and the loopback's settings; prepare_app (key, migrate, demo, static).
source scripts/app_setup.sh
prepare_app

echo ""
echo "greenplan: http://127.0.0.1:$PORT/  —  tài khoản demo / demo accounts: admin, hp-kcn, …  mật khẩu / password: green-2030"
echo "Ctrl-C để dừng / to stop."
echo ""

# Background jobs ignore Ctrl-C in a script, so the traps stop them and wait for both to end:
# Ctrl-C is a normal stop (status 0); if the server dies on its own, the worker goes too.
server="" worker=""
stop() { trap - EXIT INT TERM; kill $server $worker 2>/dev/null || true; wait || true; }
trap 'stop; exit 0' INT TERM
trap stop EXIT
"$PY" manage.py db_worker & worker=$!
# No control socket: it would live in ~/.gunicorn, shared by every instance on the machine.
"$VENV/bin/gunicorn" greenplan.wsgi --bind "127.0.0.1:$PORT" --workers "${WEB_CONCURRENCY:-3}" \
  --graceful-timeout 5 --access-logfile - --no-control-socket & server=$!
wait "$server"
