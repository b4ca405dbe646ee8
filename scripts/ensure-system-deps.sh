#!/usr/bin/env bash
# Installs the system programs the test suite drives for real: Debian's redis-server (webhook
# store tests), postgresql (the Postgres store and its transactional mode, run as a throwaway
# server in a temporary directory) and chromium (the hosted checkout page test). Runs before
# `npm test`; does nothing when all are present. Set PAYBRIDGE_SKIP_SYSTEM_DEPS=1 to skip the check.
set -euo pipefail
[ "${PAYBRIDGE_SKIP_SYSTEM_DEPS:-}" = "1" ] && exit 0
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "paybridge tests need: ${missing[*]} (Debian packages). Install them, or run as root so this script can." >&2
  exit 1
fi
echo "Installing ${missing[*]} from Debian's packages (needed by the tests)…" >&2
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
