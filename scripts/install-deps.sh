#!/usr/bin/env bash
# Installs the npm dependencies exactly as locked, then the Electron binary
# when it can be had (scripts/install-electron.sh).
# `npm ci` itself never downloads Electron: npm 11 runs a dependency's install
# scripts only when package.json "allowScripts" allows them, and it denies
# electron's postinstall; npm versions that ignore allowScripts would run it, so
# ELECTRON_SKIP_BINARY_DOWNLOAD=1 (which makes electron's install.js exit at
# once) is set for `npm ci`. Offline, that postinstall would fail `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
bash scripts/install-electron.sh
