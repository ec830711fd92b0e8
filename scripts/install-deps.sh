#!/usr/bin/env bash
# Installs the npm dependencies exactly as locked. The Electron binary is not
# downloaded (package.json allowScripts keeps its installer from running on
# npm 11; ELECTRON_SKIP_BINARY_DOWNLOAD does the same on older npm).
set -euo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
