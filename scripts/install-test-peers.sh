#!/usr/bin/env bash
# Installs the Debian packages the tests use as independent peers and browser:
# chromium (end-to-end UI), openssl, scep (micromdm's scepclient), libplist-utils
# (plistutil), zbar-tools (zbarimg), librsvg2-bin, mosquitto.
set -euo pipefail
packages=(chromium openssl scep libplist-utils zbar-tools librsvg2-bin mosquitto mosquitto-clients xauth xvfb)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "test peers: all installed"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "test peers: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
