#!/usr/bin/env bash
# Sets up and runs every test: system test peers, npm dependencies, then
# typecheck, lint, build, unit/integration tests and end-to-end browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/check-node.sh
bash scripts/install-test-peers.sh
bash scripts/install-deps.sh
rm -rf test-results
status=0
npm test || status=$?
node scripts/test-summary.mjs
exit $status
