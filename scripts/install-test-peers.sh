#!/usr/bin/env bash
# Installs the Debian packages the tests use as independent peers and browser:
# chromium (end-to-end UI, headless), openssl, scep (micromdm's scepclient),
# libplist-utils (plistutil), zbar-tools (zbarimg), librsvg2-bin (rsvg-convert);
# and for the coming MQTT agent and PostgreSQL store tests, mosquitto,
# mosquitto-clients (mosquitto_pub/sub) and postgresql.
# Runs apt-get as root, or through sudo for another user.
# LANYARD_TEST_PEERS_DRY_RUN=1 prints the apt-get commands instead (tests).
set -euo pipefail
packages=(chromium openssl scep libplist-utils zbar-tools librsvg2-bin mosquitto mosquitto-clients postgresql)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "test peers: all installed"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "test peers: apt-get not found (the tests expect Debian or Ubuntu); install these yourself: ${missing[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "test peers: installing ${missing[*]} needs root, and sudo is not installed: run this as root, or install them with apt-get as root first." >&2
  exit 1
fi
echo "test peers: installing ${missing[*]}"
run() {
  if [ -n "${LANYARD_TEST_PEERS_DRY_RUN:-}" ]; then echo "test peers: would run: $*"; else "$@" >/dev/null; fi
}
run ${as_root[@]+"${as_root[@]}"} apt-get update -qq
run ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
