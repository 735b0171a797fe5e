#!/usr/bin/env bash
# Prints a JWT the local suite accepts: deploy/token.sh --tenant acme --user ana --role AGENT
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec java "$ROOT/deploy/tools/Token.java" --key "$ROOT/deploy/dev-keys/private.pem" "$@"
