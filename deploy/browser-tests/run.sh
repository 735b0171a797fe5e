#!/usr/bin/env bash
# Browser tests of the agent console: Playwright (playwright-core) driving Debian's Chromium, headless, against
# the suite that deploy/switchboard started. Installs what it needs, idempotently.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$DIR/../.." && pwd)"
if ! command -v chromium >/dev/null 2>&1; then
  echo "[browser-tests] installing Debian's chromium"
  if [[ "$(id -u)" == 0 ]]; then
    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium) >/dev/null
  else
    echo "[browser-tests] chromium is missing and this user cannot install it (apt-get install chromium)" >&2
    exit 1
  fi
fi
command -v node >/dev/null 2>&1 || { echo "[browser-tests] node is required" >&2; exit 1; }
cd "$DIR"
[[ -d node_modules/playwright-core ]] || npm ci --no-audit --no-fund --loglevel=error
export SWITCHBOARD_ROOT="$ROOT"
export SCREENSHOTS="${SCREENSHOTS:-$ROOT/.run/screenshots}"
mkdir -p "$SCREENSHOTS"
node --test --test-concurrency=1 console.test.mjs
echo "[browser-tests] screenshots: $SCREENSHOTS"
