#!/usr/bin/env bash
# Print the nginx configuration of `make serve` (deploy/nginx.conf.template, placeholders filled).
#   bash scripts/nginx_conf.sh SERVE_DIR PORT APP_BIND STATIC_ROOT > SERVE_DIR/nginx.conf
# As root, nginx's workers run as NGINX_USER (www-data by default): they read STATIC_ROOT and
# write under SERVE_DIR/nginx-tmp. Not root: no user line (nginx cannot switch users anyway).
set -euo pipefail
cd "$(dirname "$0")/.."
serve_dir=$1 port=$2 app_bind=$3 static_root=$4
user_line=""
if [ "$(id -u)" = 0 ]; then user_line="user ${NGINX_USER:-www-data};"; fi
sed -e "s|@SERVE_DIR@|$serve_dir|g" -e "s|@PORT@|$port|g" -e "s|@APP_BIND@|$app_bind|g" \
    -e "s|@STATIC_ROOT@|$static_root|g" -e "s|@USER_LINE@|$user_line|g" deploy/nginx.conf.template
