#!/usr/bin/env bash
# customer-service read benchmark: 100,000 customers in one tenant, then latency p50/p99 over HTTP of filtered
# pages, deep keyset pages, free-text search, prev/next and profile reads. Prints a table.
#
#   deploy/bench/customers.sh [--reseed] [--requests N]
#
# Uses its own database (switchboard_customer_bench) and starts its own customer-service on port 18081
# (stopped again at the end, by its PID). Needs PostgreSQL at $SWITCHBOARD_DB_HOST:5432 and the broker
# (deploy/switchboard infra).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DB=switchboard_customer_bench
PORT="${BENCH_PORT:-18081}"
PGHOST="${SWITCHBOARD_DB_HOST:-127.0.0.1}"
PSQL=(psql -h "$PGHOST" -U "${SWITCHBOARD_DB_USER:-postgres}" -v ON_ERROR_STOP=1 -qtA)
RESEED=0
REQUESTS=300
while [[ $# -gt 0 ]]; do
  case "$1" in
    --reseed) RESEED=1 ;;
    --requests) REQUESTS="$2"; shift ;;
    *) echo "usage: $0 [--reseed] [--requests N]" >&2; exit 2 ;;
  esac
  shift
done
LOG="$ROOT/customer-service/target/bench-customers.log"

jar="$ROOT/customer-service/target/quarkus-app/quarkus-run.jar"
if [[ ! -f "$jar" || -n "$(find "$ROOT/customer-service/src/main" -newer "$jar" -print -quit)" ]]; then
  echo "building customer-service…" >&2
  (cd "$ROOT/customer-service" && mvn -B -q package -DskipTests -o >/dev/null)
fi

"${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
  || "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >/dev/null

echo "starting customer-service on :$PORT (database $DB)…" >&2
java -Xms128m -Xmx384m -XX:+UseParallelGC \
  -Dquarkus.http.port="$PORT" \
  -Dswitchboard.db.name="$DB" \
  -Dmp.jwt.verify.publickey.location="$ROOT/deploy/dev-keys/public.pem" \
  -Dswitchboard.internal.token=bench-internal-token \
  -Dmp.messaging.incoming.conversation-events.group.id=customer-service-bench \
  -Dquarkus.log.level=WARN \
  -jar "$jar" > "$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { tail -30 "$LOG" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { tail -30 "$LOG" >&2; echo "not ready" >&2; exit 1; }

count=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM customers WHERE tenant_id = 'bench'")
if [[ "$RESEED" == 1 || "$count" != 100000 ]]; then
  echo "seeding 100,000 customers…" >&2
  t0=$SECONDS
  "${PSQL[@]}" -d "$DB" -f "$ROOT/deploy/bench/customers-seed.sql" >/dev/null
  echo "seeded in $((SECONDS - t0)) s" >&2
fi
IDS="$ROOT/customer-service/target/bench-customer-ids.txt"
"${PSQL[@]}" -d "$DB" -c "SELECT id FROM customers WHERE tenant_id = 'bench' ORDER BY md5(id::text) LIMIT 500" > "$IDS"
LIST=$("${PSQL[@]}" -d "$DB" -c "SELECT id FROM customer_lists WHERE tenant_id = 'bench' AND name = 'VIP'")

TOKEN=$(java "$ROOT/deploy/tools/Token.java" --key "$ROOT/deploy/dev-keys/private.pem" --tenant bench --user agent-3 --role AGENT)
# Latencies are client-side (one client, keep-alive, JSON included); the machine's load is printed with them
# because on a shared 2-core box it moves the p99 more than anything the service does.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)   cores: $(nproc)"
java "$ROOT/deploy/bench/customers-load.java" "http://127.0.0.1:$PORT" "$TOKEN" "$IDS" "$LIST" "$REQUESTS"
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
