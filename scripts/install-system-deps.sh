#!/usr/bin/env bash
# Debian packages the project needs outside Python, installed once by `make`:
#   chromium      headless browser for the tests that open the HTML briefing as a reader would
#   poppler-utils pdftoppm/pdftotext, for the tests that read the PDF briefing's pages
#   fonts-dejavu-core  the fonts the PDF is typeset in (fixed, so builds are reproducible)
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "installing Debian packages: ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "error: need root to install ${need[*]} (run: apt-get install ${need[*]})" >&2
    exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
