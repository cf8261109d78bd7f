#!/usr/bin/env bash
# The README's test command: installs the system packages the tests use (Debian/Ubuntu),
# the npm dependencies, then runs `npm test` (lint, type-check, build, unit/integration/browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium poppler-utils qpdf fonts-liberation2 softhsm2 opensc libnss3-tools
  libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui tesseract-ocr tesseract-ocr-vie postgresql)
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
# Signing tests: a PKCS#11 token (SoftHSM2 + pkcs11-tool) and certutil for pdfsig's NSS database.
command -v softhsm2-util >/dev/null 2>&1 || missing+=(softhsm2)
command -v pkcs11-tool >/dev/null 2>&1 || missing+=(opensc)
command -v certutil >/dev/null 2>&1 || missing+=(libnss3-tools)
# Office files become PDF with LibreOffice; scanned pages get a text layer with Tesseract (Vietnamese).
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
# The server suites run on PostgreSQL too.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -f /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] || [ -f /usr/share/tesseract-ocr/4.00/tessdata/vie.traineddata ] || missing+=(tesseract-ocr-vie)
ls /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf >/dev/null 2>&1 || missing+=(fonts-liberation2)
# Only when something is missing: a package index update alone costs a minute or more.
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO=none; fi
  if [ "$SUDO" = none ]; then
    echo "Cần cài các gói / please install: ${APT_PACKAGES[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${APT_PACKAGES[@]}"
fi

# Electron's binary cannot be downloaded offline; the app runs in browser mode without it.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
# The lock file pins every version: packages already in npm's cache are not asked for again.
# Install scripts wait: the two native modules (SQLite with its ciphers, PKCS#11) compile for
# a minute on one core, so that minute runs beside the build and the lint and type checks
# (`npm test`, ECABINET_BEFORE_TESTS) instead of before them. The other packages' scripts are
# quick checks (esbuild's binary) and run now.
npm ci --no-audit --no-fund --prefer-offline --ignore-scripts
light=$(node scripts/install-scripts.mjs --light)
[ -z "$light" ] || npm rebuild $light
# Started now (root: the system cluster; otherwise one in a temporary folder), so that a
# PostgreSQL that cannot start stops here with its reason; the tests reuse it.
bash scripts/test-postgres.sh >/dev/null
native=$(node scripts/install-scripts.mjs --native)
# SQLite is one 13 MB C file: at its own -O3 it compiles in ~75 s on one core, and the tests wait
# for it; at -O1 in ~30 s, and runs the tests as well. The build is marked, so that the benchmarks
# (scripts/run-bench.mjs) refuse it: they measure the app as it ships, at -O3
# (`npm rebuild better-sqlite3-multiple-ciphers`). Any rebuild starts from a clean build folder.
sqlite_mark=node_modules/better-sqlite3-multiple-ciphers/build/compiled-for-tests
ECABINET_BEFORE_TESTS="${native:+CFLAGS=-O1 npm rebuild $native && touch $sqlite_mark}" npm test
