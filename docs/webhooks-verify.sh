#!/usr/bin/env bash
# Verifies one Switchboard webhook delivery (Standard Webhooks signature), as explained in docs/webhooks.md.
#
#   WEBHOOK_SECRET=whsec_... docs/webhooks-verify.sh "$WEBHOOK_ID" "$WEBHOOK_TIMESTAMP" "$WEBHOOK_SIGNATURE" < body
#
# The body must be the exact bytes received. Exits 0 and prints "valid" when one of the signatures matches and the
# timestamp is within WEBHOOK_TOLERANCE seconds (default 300) of now; otherwise exits 1 with the reason.
# Needs bash, openssl and od. In a receiver, prefer a Standard Webhooks library (constant-time comparison).
set -euo pipefail
id=${1:?webhook-id} timestamp=${2:?webhook-timestamp} signatures=${3:?webhook-signature}
secret=${WEBHOOK_SECRET:?set WEBHOOK_SECRET to the secret of the webhook (whsec_...)}
tolerance=${WEBHOOK_TOLERANCE:-300}

[[ $timestamp =~ ^[0-9]+$ ]] || { echo "invalid: webhook-timestamp is not a number" >&2; exit 1; }
now=$(date +%s)
if (( now - timestamp > tolerance || timestamp - now > tolerance )); then
  echo "invalid: timestamp $timestamp is more than ${tolerance}s from now ($now): a replay?" >&2; exit 1
fi

# The key is the base64 after "whsec_" (secrets from before the standard used the URL-safe alphabet: same bytes).
b64=$(printf '%s' "${secret#whsec_}" | tr -- '-_' '+/')
while (( ${#b64} % 4 )); do b64+="="; done
key=$(printf '%s\n' "$b64" | openssl base64 -d -A | od -An -v -tx1 | tr -d ' \n')

# Signed content: id.timestamp.body
expected=$({ printf '%s.%s.' "$id" "$timestamp"; cat; } \
  | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -binary | openssl base64 -A)

# The header may carry several space-separated signatures (e.g. during a secret rotation): one match is enough.
for signature in $signatures; do
  if [[ $signature == "v1,$expected" ]]; then echo "valid"; exit 0; fi
done
echo "invalid: no signature matches" >&2
exit 1
