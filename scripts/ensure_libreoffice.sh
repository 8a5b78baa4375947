#!/usr/bin/env bash
# LibreOffice (headless Writer) turns the generated .docx into PDF; poppler-utils' pdftotext and
# pdftoppm let the tests read the PDF back. Debian's packages, installed only when missing.
set -euo pipefail
if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then exit 0; fi
echo "Installing Debian libreoffice-writer-nogui and poppler-utils for the PDF documents…"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
# Another install (e.g. Chromium) may hold the dpkg lock: wait for it rather than fail.
$SUDO apt-get -o DPkg::Lock::Timeout=900 update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -q \
  --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-liberation
