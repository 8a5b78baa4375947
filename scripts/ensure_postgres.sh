#!/usr/bin/env bash
# Print a DATABASE_URL for a PostgreSQL server the test suite may use, starting one if needed:
#  1. $DATABASE_URL when it is set to a postgres URL;
#  2. the server on 127.0.0.1:5432 when it answers;
#  3. an installed but stopped Debian cluster, started;
#  4. otherwise `apt-get install postgresql` and a throwaway cluster in /tmp on port 54329.
# Progress goes to stderr so that stdout carries only the URL.
set -euo pipefail
log() { echo "$@" >&2; }

if [[ "${DATABASE_URL:-}" == postgres* ]]; then echo "$DATABASE_URL"; exit 0; fi

answers() { pg_isready -q -h 127.0.0.1 -p "$1" 2>/dev/null; }
can_login() { psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -Atc "select 1" >/dev/null 2>&1; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

if command -v pg_isready >/dev/null && answers 5432 && can_login 5432; then
  echo "postgres://postgres@127.0.0.1:5432/postgres"; exit 0
fi

if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ] && ! answers 5432; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  log "Starting the installed PostgreSQL $version cluster…"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  for _ in $(seq 20); do answers 5432 && break; sleep 0.5; done
  if answers 5432 && can_login 5432; then echo "postgres://postgres@127.0.0.1:5432/postgres"; exit 0; fi
fi

PORT=54329
DIR=/tmp/greenplan-pgtest
if answers $PORT && can_login $PORT; then echo "postgres://postgres@127.0.0.1:$PORT/postgres"; exit 0; fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ]; then
  log "Installing PostgreSQL from Debian's packages…"
  $SUDO apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
export PATH="$bindir:$PATH"

log "Starting a throwaway PostgreSQL cluster in $DIR on port $PORT…"
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ ! -f "$DIR/PG_VERSION" ]; then
  $SUDO mkdir -p "$DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DIR"; fi
  run_pg "$bindir/initdb" -D "$DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $PORT"
    echo "unix_socket_directories = '$DIR'"
    echo "fsync = off"
    echo "synchronous_commit = off"
  } | run_pg tee -a "$DIR/postgresql.conf" >/dev/null
fi
run_pg "$bindir/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w start >&2
echo "postgres://postgres@127.0.0.1:$PORT/postgres"
