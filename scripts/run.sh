#!/usr/bin/env bash
# Sets up and runs Lanyard: the desktop app where Electron is installed,
# otherwise the headless server (arguments are passed on, e.g. --data-dir).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/check-node.sh
bash scripts/install-deps.sh
npm start -- "$@"
