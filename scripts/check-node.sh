#!/usr/bin/env bash
# Checks, before anything uses npm, that the Node.js on PATH is new enough for
# Lanyard (package.json "engines": >=20.19) and that npm is there; says in one
# line what to install when not.
set -euo pipefail
required_major=20
required_minor=19
advice="install it from nodejs.org or your package manager, then run this again."
if ! found=$(node --version 2>/dev/null); then
  echo "Lanyard needs Node.js ${required_major}.${required_minor} or newer (no node found on PATH): ${advice}" >&2
  exit 1
fi
if [[ ! "$found" =~ ^v([0-9]+)\.([0-9]+)\. ]] ||
  [ "${BASH_REMATCH[1]}" -lt "$required_major" ] ||
  { [ "${BASH_REMATCH[1]}" -eq "$required_major" ] && [ "${BASH_REMATCH[2]}" -lt "$required_minor" ]; }; then
  echo "Lanyard needs Node.js ${required_major}.${required_minor} or newer (found ${found}): ${advice}" >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "Lanyard needs npm, which comes with Node.js (found node ${found} without it): ${advice}" >&2
  exit 1
fi
