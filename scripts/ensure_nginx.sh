#!/usr/bin/env bash
# nginx for `make serve`: Debian's package when the command is missing (its service is not used:
# serve.sh runs nginx itself, in the foreground, with its own configuration).
set -euo pipefail
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then exit 0; fi
echo "Installing Debian nginx for make serve…" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q nginx-light >&2 \
  || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q nginx >&2
