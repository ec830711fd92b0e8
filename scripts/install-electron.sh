#!/usr/bin/env bash
# Installs the Electron binary (the desktop app) when it can be had: runs the
# electron package's own installer (node_modules/electron/install.js, which
# downloads it from GitHub or ELECTRON_MIRROR) with a time limit. Never fails:
# without the binary, `npm start` runs the headless server instead.
# Does nothing when the binary is already there or ELECTRON_SKIP_BINARY_DOWNLOAD
# is set (CI sets it). LANYARD_ELECTRON_INSTALLER replaces the installer (tests),
# LANYARD_ELECTRON_TIME_LIMIT the limit in seconds (default 120).
set -uo pipefail
cd "$(dirname "$0")/.."
if [ -n "${ELECTRON_SKIP_BINARY_DOWNLOAD:-}" ]; then
  echo "electron: ELECTRON_SKIP_BINARY_DOWNLOAD is set, not downloading the Electron binary."
  exit 0
fi
binary_present() {
  node -e 'process.exit(require("node:fs").existsSync(require("electron")) ? 0 : 1)' >/dev/null 2>&1
}
if [ -z "${LANYARD_ELECTRON_INSTALLER:-}" ] && binary_present; then
  echo "electron: binary already installed."
  exit 0
fi
installer=(node node_modules/electron/install.js)
[ -z "${LANYARD_ELECTRON_INSTALLER:-}" ] || installer=("$LANYARD_ELECTRON_INSTALLER")
limit="${LANYARD_ELECTRON_TIME_LIMIT:-120}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

echo "electron: downloading the Electron binary (at most ${limit} s)..."
set -m # the installer in its own process group, so the watchdog stops all of it
"${installer[@]}" >"$log" 2>&1 </dev/null &
installer_pid=$!
set +m
# A portable time limit (macOS has no `timeout`): a watchdog that stops the
# installer, and is itself stopped (with its sleep) when the installer ends.
(
  trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
  sleep "$limit" &
  sleeper=$!
  wait "$sleeper"
  kill -TERM -- "-$installer_pid" 2>/dev/null
) >/dev/null 2>&1 &
watchdog_pid=$!
wait "$installer_pid"
status=$?
kill -TERM "$watchdog_pid" 2>/dev/null
wait "$watchdog_pid" 2>/dev/null

if [ "$status" -eq 0 ] && { [ -n "${LANYARD_ELECTRON_INSTALLER:-}" ] || binary_present; }; then
  echo "electron: installed; npm start opens the desktop app."
  exit 0
fi
if [ "$status" -eq 143 ]; then
  reason="no download within ${limit} s"
else
  reason="$(grep -m1 -E '[A-Za-z]*Error' "$log" || true)"
  reason="${reason:-the installer exited with status ${status}}"
fi
echo "electron: could not get the Electron binary (${reason}); Lanyard will run as the headless server."
exit 0
