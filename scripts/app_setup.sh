# The set-up that `make run` (scripts/run.sh) and `make serve` (scripts/serve.sh) share, so the two
# ways of serving greenplan as users get it cannot drift apart. Sourced, not run: the caller has
# `set -euo pipefail`, stands in the repository's root and has set PORT.
#
# At sourcing: VENV and PY, and the settings both serve with (DEBUG off, the loopback's hosts and
# address, plain HTTP). prepare_app: the kept secret key, migrate, the demo, collectstatic; the
# caller runs it once the database (DATABASE_URL) is chosen.

VENV=${VENV:-.venv}
PY="$VENV/bin/python"
export DJANGO_SETTINGS_MODULE=greenplan.settings
export VAR_DIR=${VAR_DIR:-$PWD/var}
export DEBUG=0
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}
# Plain HTTP on the loopback: no redirect to HTTPS, no HSTS, cookies not limited to HTTPS.
# Real production leaves these unset and gets the secure defaults (`manage.py check --deploy`).
export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0

prepare_app() {
  # A secret key generated once and kept, so sessions survive a restart; only its owner may read it.
  mkdir -p "$VAR_DIR"
  local key="$VAR_DIR/secret_key"
  if [ -z "${SECRET_KEY:-}" ] && [ ! -s "$key" ]; then
    (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(64))' > "$key.new")
    mv "$key.new" "$key"
  fi
  [ ! -e "$key" ] || chmod 600 "$key"

  "$PY" manage.py migrate --noinput
  if [ "${LOAD_DEMO:-1}" != 0 ]; then
    "$PY" manage.py load_demo --if-empty
  fi
  "$PY" manage.py collectstatic --noinput --verbosity 0
}
