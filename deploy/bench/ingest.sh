#!/usr/bin/env bash
# Ingest benchmark (issue 3, item 11): N bots post customer messages through
#   POST /api/v1/channels/whatsapp/inbound
# at a fixed arrival rate (open model) and, in the same run, the raw PostgreSQL ceiling on this machine: pgbench
# inserting one message row plus one outbox row per transaction. Prints sustained msg/s, POST latency
# p50/p99/p99.9, commit-to-Kafka lag (the relay's switchboard.outbox.lag timer), RSS of each process, and our rate
# as a share of the ceiling.
#
#   deploy/bench/ingest.sh [--rate 300] [--seconds 30] [--warmup 60] [--bots 10] [--contacts 50] [--start]
# (the warm-up runs at the full rate and is not measured: with 10 s the run measured the JIT compiler)
#
# Against the conversation-service at --url (default http://127.0.0.1:8082, e.g. from `deploy/switchboard up`);
# --start runs the packaged jar itself on 8082 and stops it (by its PID) at the end. Contacts are pre-seeded in
# the contacts table of a fresh tenant, so customer-service is not needed: this measures the steady ingest path
# (contact known; conversation created on its first message, then reused).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RATE=300; DURATION=30; WARMUP=60; BOTS=10; CONTACTS=50; START=no; URL=http://127.0.0.1:8082; PG_CLIENTS=8; PG_SECONDS=15
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE=$2; shift 2;; --seconds) DURATION=$2; shift 2;; --warmup) WARMUP=$2; shift 2;;
    --bots) BOTS=$2; shift 2;; --contacts) CONTACTS=$2; shift 2;; --url) URL=$2; shift 2;;
    --pg-clients) PG_CLIENTS=$2; shift 2;; --start) START=yes; shift;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
PGHOST=${PGHOST:-127.0.0.1}; PGUSER=${PGUSER:-postgres}
PSQL=(psql -X -q -At -v ON_ERROR_STOP=1 -h "$PGHOST" -U "$PGUSER")
CEILING_DB=switchboard_bench_ceiling
WORK=$(mktemp -d)
STARTED_PID=""

cleanup() {
  if [ -n "$STARTED_PID" ]; then kill "$STARTED_PID" 2>/dev/null || true; wait "$STARTED_PID" 2>/dev/null || true; fi
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $CEILING_DB" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

rss_of() { # pid → "123 MB"
  awk '/VmRSS/ {printf "%d MB", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"
}

if [ "$START" = yes ]; then
  JAR="$ROOT/conversation-service/target/quarkus-app/quarkus-run.jar"
  [ -f "$JAR" ] || (cd "$ROOT/conversation-service" && mvn -B -q package -DskipTests)
  SWITCHBOARD_INTERNAL_TOKEN=${SWITCHBOARD_INTERNAL_TOKEN:-bench-internal-token} \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$ROOT/deploy/dev-keys/public.pem" \
  SWITCHBOARD_CONVERSATION_BOT_RATE_LIMIT_PER_SECOND=${SWITCHBOARD_CONVERSATION_BOT_RATE_LIMIT_PER_SECOND:-1000} \
  SWITCHBOARD_CONVERSATION_BOT_RATE_LIMIT_BURST=${SWITCHBOARD_CONVERSATION_BOT_RATE_LIMIT_BURST:-1000} \
    java ${SWITCHBOARD_JAVA_OPTS:--Xms64m -Xmx384m -XX:+UseSerialGC} -jar "$JAR" > "$WORK/service.log" 2>&1 &
  STARTED_PID=$!
  URL=http://127.0.0.1:8082
fi
for _ in $(seq 1 60); do
  curl -fs "$URL/q/health/ready" > /dev/null && break
  sleep 0.5
done
curl -fs "$URL/q/health/ready" > /dev/null || { echo "conversation-service not ready at $URL" >&2; [ -f "$WORK/service.log" ] && tail -20 "$WORK/service.log"; exit 1; }
SERVICE_PID=${STARTED_PID:-$(ss -ltnpH "sport = :${URL##*:}" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)}

echo "== raw ceiling: pgbench, one message row + one outbox row per transaction ($PG_CLIENTS clients, ${PG_SECONDS}s)"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $CEILING_DB" -c "CREATE DATABASE $CEILING_DB"
"${PSQL[@]}" -d "$CEILING_DB" <<'SQL'
-- The same shapes (keys, unique constraints, indexes) as conversation-service's messages and the platform outbox.
CREATE TABLE messages (
    id UUID PRIMARY KEY, tenant_id VARCHAR(64) NOT NULL, conversation_id UUID NOT NULL, sequence BIGINT NOT NULL,
    direction VARCHAR(16) NOT NULL, author_kind VARCHAR(16) NOT NULL, author_id VARCHAR(64), text VARCHAR(4096) NOT NULL,
    client_message_id VARCHAR(128), created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (conversation_id, sequence), UNIQUE (conversation_id, client_message_id));
CREATE TABLE outbox_events (
    position BIGSERIAL PRIMARY KEY, id UUID NOT NULL UNIQUE, aggregatetype VARCHAR(64) NOT NULL,
    aggregateid VARCHAR(128) NOT NULL, type VARCHAR(128) NOT NULL, topic VARCHAR(128) NOT NULL,
    tenant_id VARCHAR(64) NOT NULL, customer_id VARCHAR(64), sequence BIGINT NOT NULL, occurred_at TIMESTAMPTZ NOT NULL,
    traceparent VARCHAR(64), payload JSONB NOT NULL, lane SMALLINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), sent_at TIMESTAMPTZ);
CREATE INDEX outbox_events_unsent ON outbox_events (lane, position) WHERE sent_at IS NULL;
SQL
cat > "$WORK/ceiling.sql" <<'SQL'
\set seq random(1, 1000000000)
BEGIN;
INSERT INTO messages (id, tenant_id, conversation_id, sequence, direction, author_kind, author_id, text, client_message_id, created_at)
VALUES (gen_random_uuid(), 'bench', gen_random_uuid(), :seq, 'INCOMING', 'CUSTOMER', 'c', 'message text', gen_random_uuid()::text, now());
INSERT INTO outbox_events (id, aggregatetype, aggregateid, type, topic, tenant_id, customer_id, sequence, occurred_at, payload, lane)
VALUES (gen_random_uuid(), 'conversation', gen_random_uuid()::text, 'conversation.message_created', 'conversation.events',
        'bench', 'c', :seq, now(), '{"text": "message text", "state": {"status": "OPEN", "unread": true}}', :seq & 15);
END;
SQL
pgbench -n -h "$PGHOST" -U "$PGUSER" -c "$PG_CLIENTS" -j 2 -T "$PG_SECONDS" -f "$WORK/ceiling.sql" "$CEILING_DB" > "$WORK/pgbench.out" 2>&1 \
  || { cat "$WORK/pgbench.out"; exit 1; }
CEILING=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$WORK/pgbench.out" | head -1)
grep -E '^(latency average|tps)' "$WORK/pgbench.out"

echo "== setup: tenant, $BOTS bots, $CONTACTS known contacts per bot"
TENANT="bench-$(date +%s)"
TOKEN=$("$ROOT/deploy/token.sh" --tenant "$TENANT" --user bench-admin --role ADMIN)
for b in $(seq 1 "$BOTS"); do
  curl -fs -X POST "$URL/api/v1/bots" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\": \"bench bot $b\"}" | jq -r .apiKey >> "$WORK/keys"
done
[ "$(wc -l < "$WORK/keys")" -eq "$BOTS" ] || { echo "could not create the bots" >&2; exit 1; }
"${PSQL[@]}" -d switchboard_conversation -c "
  INSERT INTO contacts (tenant_id, channel, external_id, customer_id)
  SELECT '$TENANT', 'whatsapp', 'bench-' || b || '-' || k, gen_random_uuid()
    FROM generate_series(0, $BOTS - 1) b, generate_series(0, $CONTACTS - 1) k"

echo "== load: open model, $RATE msg/s, ${WARMUP}s warm-up then ${DURATION}s measured"
java "$ROOT/deploy/bench/Ingest.java" --url "$URL" --keys "$WORK/keys" --contacts "$CONTACTS" --rate "$RATE" \
  --seconds "$DURATION" --warmup "$WARMUP" | tee "$WORK/ingest.out"

# Let the relay finish, then read its commit-to-ack lag (a sliding window of the last ~2 minutes: the run).
for _ in $(seq 1 40); do
  BACKLOG=$(curl -fs "$URL/q/metrics" | awk '/^switchboard_outbox_backlog[{ ]/ && !n {print $NF; n=1}')
  [ "${BACKLOG%.*}" = "0" ] && break   # the gauge is refreshed every 5 s by the relay's housekeeping
  sleep 0.5
done
METRICS=$(curl -fs "$URL/q/metrics")
lag() { echo "$METRICS" | grep "^switchboard_outbox_lag_seconds{.*quantile=\"$1\"" | awk '{printf "%.1f ms", $2*1000}' | head -1; }
LAG_MAX=$(echo "$METRICS" | grep '^switchboard_outbox_lag_seconds_max' | awk '{printf "%.1f ms", $2*1000}' | head -1)
echo "commit→Kafka lag      p50 $(lag 0.5)   p99 $(lag 0.99)   p99.9 $(lag 0.999)   max $LAG_MAX   (backlog now ${BACKLOG:-?})"

echo "== processes"
echo "conversation-service  RSS $(rss_of "$SERVICE_PID") (pid $SERVICE_PID)"
BROKER_PID=$(ss -ltnpH 'sport = :9092' | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
[ -n "$BROKER_PID" ] && echo "kafka broker          RSS $(rss_of "$BROKER_PID") (pid $BROKER_PID)"
PG_PID=$(ss -ltnpH "sport = :5432" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
if [ -n "$PG_PID" ]; then
  PG_TOTAL=$(ps -o rss= --ppid "$PG_PID" -p "$PG_PID" | awk '{s+=$1} END {printf "%d MB", s/1024}')
  echo "postgresql            RSS $(rss_of "$PG_PID") postmaster, $PG_TOTAL with its backends (shared buffers counted per process)"
else
  echo "postgresql            RSS ? (not visible to this user)"
fi
grep '^generator RSS' "$WORK/ingest.out" || true

SUSTAINED=$(sed -n 's/^sustained *\([0-9.]*\).*/\1/p' "$WORK/ingest.out")
echo "== result"
awk -v s="$SUSTAINED" -v c="$CEILING" 'BEGIN {printf "sustained %.0f msg/s = %.2f of the pgbench ceiling (%.0f tx/s)\n", s, s/c, c}'
