#!/usr/bin/env bash
# Ingest benchmark: how fast can one conversation-service replica ingest bot messages
#   POST /api/v1/channels/whatsapp/inbound
# A step search over offered rates (open model: requests leave at their scheduled time whatever the answers, and
# latency is measured from that scheduled time), each step an unmeasured warm-up then a measured window. Per step:
# stored msg/s (201), shed share (503/429: the service's overload shedding and bot rate limit), other errors
# (timeouts, closed connections, other statuses), POST p50/p99/p99.9/max of the admitted requests (known contacts and
# first contacts also apart), commit→Kafka lag, service CPU per stored message, the cores each process used, RSS of
# the service, the broker, PostgreSQL (postmaster + backends) and the generator, whether the generator kept up, and
# PostgreSQL's commits, WAL flushes and WAL bytes per second (what group commit saves shows there).
# The search stops after the first step that clearly fails (admitted p99 > 50 ms with most requests admitted, or
# more than 10 % shed, or more than 10 % errors). "Sustained" is the highest offered rate that held: admitted
# p99 ≤ 50 ms, at most 1 % shed or failed, generator on schedule. It is set beside the raw PostgreSQL ceiling
# measured in the same run (pgbench: one message row + one outbox row per transaction).
#
#   deploy/bench/ingest.sh [--rates 250,500,1000,1500,2000,3000,4000] [--seconds 30] [--warmup 10]
#       [--first-warmup 60] [--contacts 10000] [--bots 40] [--new-share 0.05] [--replicas 1|2]
#       [--url http://127.0.0.1:8082] [--timeout 10] [--connections 1024] [--pg-clients 8] [--pg-seconds 15]
#       [--record docs/benchmarks/ingest.jsonl | --no-record]
#
# --first-warmup: the first step of each phase warms a JVM that may be fresh (a cold service measures its JIT
# compiler, not its ingest path); later steps warm up --warmup seconds. --replicas 2: after the one-replica search,
# a second phase starts conversation-service-2 on 8092 (deploy/switchboard start; same database and consumer groups),
# sends round-robin over both URLs (no stickiness: every bot and contact reaches both) from the one-replica sustained
# rate upwards, prints the combined sustained rate, and stops the replica if it started it.
#
# Needs the suite up (deploy/switchboard up --no-build): conversation-service at --url, and customer-service on 8081
# for the first-contact messages (--new-share of the messages, each from a contact never seen before; the rest come
# from --contacts contacts pre-seeded in the contacts table of a fresh tenant). Writes into the developer databases
# (tenant bench-<time>) and its events go to the shared topics, where timeline-service and notification-service
# consume them: their CPU is shown beside the service's, since they share the machine.
# Bot rate limit: the service's limit is left as configured (read from its environment, else the default in
# the platform's defaults) and the bench creates enough bots that its highest step offers each at most 80 % of it
# (the limiter runs on every request, as in production, without capping the bench); a 429 is still counted as shed.
# At the end it appends one JSON line to --record and re-renders docs/benchmarks.md (deploy/bench/report.sh).
# Needs jq, psql, pgbench, curl, ss, and a JDK (javac).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=deploy/bench/autovacuum.sh
. "$ROOT/deploy/bench/autovacuum.sh"
RATES=250,500,1000,1500,2000,3000,4000; DURATION=30; WARMUP=10; FIRST_WARMUP=60; CONTACTS=10000; BOTS_MIN=40
NEW_SHARE=0.05; REPLICAS=1; URL=http://127.0.0.1:8082; URL2=http://127.0.0.1:8092; TIMEOUT=10; CONNECTIONS=1024
PG_CLIENTS=8; PG_SECONDS=15; RECORD="$ROOT/docs/benchmarks/ingest.jsonl"
P99_TARGET_MS=50
while [ $# -gt 0 ]; do
  case "$1" in
    --rates) RATES=$2; shift 2;; --seconds) DURATION=$2; shift 2;; --warmup) WARMUP=$2; shift 2;;
    --first-warmup) FIRST_WARMUP=$2; shift 2;; --contacts) CONTACTS=$2; shift 2;; --bots) BOTS_MIN=$2; shift 2;;
    --new-share) NEW_SHARE=$2; shift 2;; --replicas) REPLICAS=$2; shift 2;; --url) URL=$2; shift 2;;
    --timeout) TIMEOUT=$2; shift 2;; --connections) CONNECTIONS=$2; shift 2;;
    --pg-clients) PG_CLIENTS=$2; shift 2;; --pg-seconds) PG_SECONDS=$2; shift 2;;
    --record) RECORD=$2; shift 2;; --no-record) RECORD=""; shift;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
case "$REPLICAS" in 1|2) ;; *) echo "--replicas is 1 or 2" >&2; exit 2;; esac
for tool in jq psql pgbench curl ss java javac; do
  command -v "$tool" >/dev/null || { echo "$tool is required (jq: apt-get install jq)" >&2; exit 1; }
done
IFS=, read -r -a RATE_LIST <<< "$RATES"
ulimit -n "$(ulimit -Hn)" # every connection is a descriptor on both ends
PGHOST=${PGHOST:-127.0.0.1}; PGUSER=${PGUSER:-postgres}
PSQL=(psql -X -q -At -v ON_ERROR_STOP=1 -h "$PGHOST" -U "$PGUSER")
pg() { # psql, tried again for up to 30 s: on a shared server every connection slot may be taken for a while
  local i
  for i in $(seq 1 60); do
    "${PSQL[@]}" "$@" 2>"$WORK/pg.err" && return 0
    grep -q 'too many clients\|the database system is starting up' "$WORK/pg.err" || break
    [ "$i" = 1 ] && echo "  (PostgreSQL: every connection slot is taken; trying again for up to 30 s)" >&2
    sleep 0.5
  done
  cat "$WORK/pg.err" >&2; return 1
}
CEILING_DB=switchboard_bench_ceiling
CLK_TCK=$(getconf CLK_TCK)
WORK=$(mktemp -d)
STARTED_REPLICA=no

cleanup() {
  autovacuum_standin_stop
  if [ "$STARTED_REPLICA" = yes ]; then "$ROOT/deploy/switchboard" stop conversation-service-2 || true; fi
  pg -d postgres -c "DROP DATABASE IF EXISTS $CEILING_DB" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

pid_on() { ss -ltnpH "sport = :$1" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1; }
ready() { curl -fs "$1/q/health/ready" > /dev/null; }
env_of() { tr '\0' '\n' < "/proc/$1/environ" 2>/dev/null | sed -n "s/^$2=//p" | head -1; }
sysprop_of() { tr '\0' '\n' < "/proc/$1/cmdline" 2>/dev/null | sed -n "s/^-D$2=//p" | head -1; }
rss_of() { awk '/VmRSS/ {printf "%d MB", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
# The jar a running service loads its classes from, lazily: rebuilt under it, the service fails on classes it had
# not loaded yet (NoClassDefFoundError), so a run against it would measure that.
jar_rebuilt_after_start() { # PID → non-empty when its quarkus-app changed after the process started
  local jar started
  jar=$(tr '\0' '\n' < "/proc/$1/cmdline" | sed -n '/^-jar$/{n;p}')
  [ -n "$jar" ] && [ -f "$jar" ] || return 0
  started=$(date -d "$(ps -o lstart= -p "$1")" +%s)
  find "$(dirname "$jar")" -newermt "@$started" -name '*.jar' -print -quit
}

# ------------------------------------------------------------------------------------------------ the suite
ready "$URL" || { echo "conversation-service is not ready at $URL: start the suite (deploy/switchboard up --no-build)" >&2; exit 1; }
SERVICE_PID=$(pid_on "${URL##*:}")
[ -n "$SERVICE_PID" ] || { echo "no process listens on ${URL##*:}" >&2; exit 1; }
stale() { # SERVICE PORT → whether the service runs on a jar rebuilt since it started (said on stderr)
  local pid; pid=$(pid_on "$2")
  [ -n "$pid" ] && [ -n "$(jar_rebuilt_after_start "$pid")" ] || return 1
  echo "$1's jar was rebuilt after it started (pid $pid): restart it (deploy/switchboard stop $1 && deploy/switchboard start $1)" >&2
}
if stale conversation-service "${URL##*:}"; then exit 1; fi
for s in timeline-service:8083 notification-service:8084; do
  stale "${s%%:*}" "${s##*:}" && echo "  (a warning: it only consumes the events)" >&2
done
CUSTOMER_URL=$(env_of "$SERVICE_PID" SWITCHBOARD_CUSTOMER_SERVICE_URL)
CUSTOMER_URL=${CUSTOMER_URL:-http://127.0.0.1:8081}
if awk -v s="$NEW_SHARE" 'BEGIN {exit !(s > 0)}'; then
  if stale customer-service "${CUSTOMER_URL##*:}"; then
    echo "  (the first-contact messages go through it: an older build may lack what the conversation-service calls)" >&2
    exit 1
  elif ready "$CUSTOMER_URL"; then
    echo "customer-service: ready at $CUSTOMER_URL; $(awk -v s="$NEW_SHARE" 'BEGIN {printf "%g", s*100}') % of the messages come from contacts never seen before and go through it"
  else
    echo "customer-service is not ready at $CUSTOMER_URL, and the first-contact messages (--new-share $NEW_SHARE) need it:" >&2
    echo "  start it (deploy/switchboard up --no-build, or deploy/switchboard start customer-service) or pass --new-share 0" >&2
    exit 1
  fi
else
  echo "customer-service: not used (--new-share 0: every message comes from a known contact)"
fi
BROKER_PID=$(pid_on 9092); PG_PID=$(pid_on "${PGPORT:-5432}")
procs_for() { # URL... → NAME=PID list for the generator's /proc samples
  local list="" i=1 u name pid
  for u in "$@"; do
    name=conversation-service; [ "$i" -gt 1 ] && name="conversation-service-$i"
    list+="$name=$(pid_on "${u##*:}"),"; i=$((i + 1))
  done
  for name in customer-service:8081 timeline-service:8083 notification-service:8084; do
    pid=$(pid_on "${name##*:}"); [ -n "$pid" ] && list+="${name%%:*}=$pid,"
  done
  [ -n "$BROKER_PID" ] && list+="kafka=$BROKER_PID,"
  [ -n "$PG_PID" ] && list+="postgres=$PG_PID+,"
  echo "${list%,}"
}

# ------------------------------------------------------------------------------------------------ bot rate limit
LIMIT=$(env_of "$SERVICE_PID" SWITCHBOARD_BOT_RATE_LIMIT_PER_SECOND)
BURST=$(env_of "$SERVICE_PID" SWITCHBOARD_BOT_RATE_LIMIT_BURST)
LIMIT=${LIMIT:-$(sysprop_of "$SERVICE_PID" switchboard.bot-rate-limit.per-second)}
BURST=${BURST:-$(sysprop_of "$SERVICE_PID" switchboard.bot-rate-limit.burst)}
LIMIT_SOURCE="set in the service's environment"
DEFAULTS="$ROOT/libs/platform/src/main/resources/META-INF/microprofile-config.properties"
if [ -z "$LIMIT" ]; then
  LIMIT_SOURCE="the service's default (not set in its environment)"
  LIMIT=$(sed -n 's/^switchboard\.bot-rate-limit\.per-second=//p' "$DEFAULTS")
  LIMIT=${LIMIT:-50}
fi
if [ -z "$BURST" ]; then
  BURST=$(sed -n 's/^switchboard\.bot-rate-limit\.burst=//p' "$DEFAULTS")
  BURST=${BURST:-100}
fi
MAX_RATE=$(printf '%s\n' "${RATE_LIST[@]}" | sort -n | tail -1)
BOTS=$(awk -v r="$MAX_RATE" -v l="$LIMIT" -v m="$BOTS_MIN" 'BEGIN {b = int(r / (0.8 * l)); if (b < r / (0.8 * l)) b++; print (b > m ? b : m)}')
PER_BOT=$(( (CONTACTS + BOTS - 1) / BOTS ))
echo "bot rate limit: $LIMIT/s, burst $BURST, per bot, shared by the replicas ($LIMIT_SOURCE). Not raised: the bench uses $BOTS bots,"
echo "  so its highest step ($MAX_RATE msg/s) offers each $(awk -v r="$MAX_RATE" -v b="$BOTS" 'BEGIN {printf "%.0f", r/b}') msg/s (≤ 80 % of the limit); the limiter runs on every request"
echo "  without capping the bench, and any 429 is counted as shed. Contacts: $BOTS × $PER_BOT known, + first contacts."

# ------------------------------------------------------------------------------------------------ pgbench ceiling
echo "== raw ceiling: pgbench, one message row + one outbox row per transaction ($PG_CLIENTS clients, ${PG_SECONDS}s)"
pg -d postgres -c "DROP DATABASE IF EXISTS $CEILING_DB" -c "CREATE DATABASE $CEILING_DB"
pg -d "$CEILING_DB" <<'SQL'
-- The same shapes (keys, unique constraints, indexes) as conversation-service's messages and the platform outbox.
CREATE TABLE messages (
    id UUID PRIMARY KEY, tenant_id VARCHAR(64) NOT NULL, conversation_id UUID NOT NULL, sequence BIGINT NOT NULL,
    direction VARCHAR(16) NOT NULL, author_kind VARCHAR(16) NOT NULL, author_id VARCHAR(64), text VARCHAR(4096) NOT NULL,
    client_message_id VARCHAR(128), created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (conversation_id, sequence), UNIQUE (conversation_id, client_message_id));
CREATE TABLE outbox_events (
    position BIGSERIAL PRIMARY KEY, id UUID NOT NULL, aggregatetype VARCHAR(64) NOT NULL,
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
pg -d postgres -c "DROP DATABASE IF EXISTS $CEILING_DB"

# ------------------------------------------------------------------------------------------------ tenant, bots, contacts
echo "== setup: tenant, $BOTS bots, $((BOTS * PER_BOT)) known contacts"
TENANT="bench-$(date +%s)"
TOKEN=$("$ROOT/deploy/token.sh" --tenant "$TENANT" --user bench-admin --role ADMIN)
for b in $(seq 1 "$BOTS"); do
  curl -fsS -X POST "$URL/api/v1/bots" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\": \"bench bot $b\"}" | jq -r .apiKey >> "$WORK/keys"
done
[ "$(grep -c . "$WORK/keys")" -eq "$BOTS" ] || { echo "could not create the bots" >&2; exit 1; }
# Each known contact's customer exists in customer-service too (same id on both sides, derived from the contact), as
# it would after its first message, so the consumers that follow messages (last interaction) update real rows.
KNOWN="FROM generate_series(0, $BOTS - 1) b, generate_series(0, $PER_BOT - 1) k"
CUSTOMER_ID="md5('$TENANT/' || b || '/' || k)::uuid"
pg -d switchboard_conversation -c "
  INSERT INTO contacts (tenant_id, channel, external_id, customer_id)
  SELECT '$TENANT', 'whatsapp', 'bench-' || b || '-' || k, $CUSTOMER_ID $KNOWN"
pg -d switchboard_customer -c "
  INSERT INTO customers (id, tenant_id, display_name, channel, external_id, created_at, updated_at)
  SELECT $CUSTOMER_ID, '$TENANT', 'Bench contact ' || b || '-' || k, 'whatsapp', 'bench-' || b || '-' || k, now(), now() $KNOWN"
autovacuum_standin switchboard_conversation switchboard_customer
javac -d "$WORK/classes" "$ROOT/deploy/bench/Ingest.java"
# The generator at a higher priority than the service, when allowed: on one machine it must not wait behind the
# service for a core to send on time (its own CPU is small and reported); a real client does not share the service's.
NICE=()
if nice -n -10 true 2>/dev/null; then NICE=(nice -n -10); echo "generator: runs at nice -10 (ahead of the service for a core)"
else echo "generator: runs at normal priority (nice -10 not allowed): on a loaded machine it may fall behind"; fi

# ------------------------------------------------------------------------------------------------ the step search
# Commit→Kafka lag per step: the generator reads the relay's switchboard_outbox_lag_seconds histogram (insert in the
# ingest transaction → broker ack) at the measured window's edges; the differences of its bucket counts give the
# window's p50/p99 and event count (every tenant's events; the bench's are nearly all of them). The relay deletes a
# row once acked, so what is still in this tenant's outbox after the step is what was not sent: waited for (bounded,
# 30 s) and reported as unsent.
step_unsent() { # → JSON {unsent}
  local i unsent
  for i in $(seq 1 60); do
    unsent=$("${PSQL[@]}" -d switchboard_conversation -c "SELECT count(*) FROM outbox_events WHERE sent_at IS NULL AND tenant_id = '$TENANT'" 2>/dev/null || echo "?")
    [ "$unsent" = 0 ] && break
    [ "$i" -lt 60 ] && sleep 0.5
  done
  jq -n -c --arg u "$unsent" '{unsent: ($u | tonumber? // null)}'
}

# held: p99 ≤ target, ≤ 1 % shed or failed, generator on schedule. failed (stop): p99 > target with most admitted,
# > 10 % shed, > 10 % errors, or nothing stored. A generator behind its schedule makes a step not held (its latencies
# are overstated) without stopping the search: on a busy machine it may be a moment's contention.
# shellcheck disable=SC2016 # a jq program: its $t is jq's
VERDICT_JQ='
  (.stored / .requests) as $admitted
  | (if .generator.kept_up then "" else " (and the generator fell behind)" end) as $gen
  | (if .stored == 0 then "stop: nothing stored"
    elif .post_ms.p99 > $t and $admitted >= 0.5 then "stop: p99 \(.post_ms.p99) ms > \($t) ms"
    elif .shed_share > 0.10 then "stop: \(.shed_share * 100 | floor) % shed"
    elif .error_share > 0.10 then "stop: \(.error_share * 100 | floor) % errors"
    elif .post_ms.p99 <= $t and .shed_share + .error_share <= 0.01 and .generator.kept_up then "held"
    elif .post_ms.p99 <= $t and .shed_share + .error_share <= 0.01 then "not held: the generator fell behind its schedule"
    else "not held: p99 \(.post_ms.p99) ms, \((.shed_share + .error_share) * 1000 | round / 10) % shed or failed"
    end) as $v | $v + (if $v | startswith("stop") then $gen else "" end)'

# PostgreSQL's work per step, from the server's cumulative counters read before and after the step (warm-up and
# measured window, both at the step's rate): commits (all databases, so the consumers' and the relay's too), WAL
# flushes (fsync calls: a group commit shares one among many transactions) and WAL bytes, each per second.
pg_counters() {
  pg -d postgres -c "SELECT json_build_object('t', extract(epoch FROM clock_timestamp()),
      'commits', (SELECT sum(xact_commit) FROM pg_stat_database), 'wal_syncs', wal_sync, 'wal_bytes', wal_bytes)
    FROM pg_stat_wal"
}
pg_rates() { # BEFORE AFTER → JSON {commits_per_s, wal_syncs_per_s, wal_mb_per_s}
  jq -n -c --argjson a "$1" --argjson b "$2" '($b.t - $a.t) as $s
    | {commits_per_s: (($b.commits - $a.commits) / $s | round), wal_syncs_per_s: (($b.wal_syncs - $a.wal_syncs) / $s | round),
       wal_mb_per_s: (($b.wal_bytes - $a.wal_bytes) / $s / 1048576 * 100 | round / 100)}'
}

search() { # PHASE_NAME START_RATE URL... → appends steps to $WORK/steps.jsonl, prints the sustained rate to $WORK/sustained.PHASE
  local phase="$1" from="$2"; shift 2
  local urls procs rate warm=$FIRST_WARMUP n=0 result lag verdict sustained=0 before pgwork
  urls=$(IFS=,; echo "$*")
  procs=$(procs_for "$@")
  for rate in "${RATE_LIST[@]}"; do
    awk -v r="$rate" -v f="$from" 'BEGIN {exit !(r >= f)}' || continue
    n=$((n + 1))
    echo "== $phase, step $n: $rate msg/s offered ($warm s warm-up, $DURATION s measured)"
    before=$(pg_counters)
    "${NICE[@]}" java -Xms64m -Xmx768m -XX:+UseSerialGC -cp "$WORK/classes" Ingest --urls "$urls" --keys "$WORK/keys" \
      --contacts-per-bot "$PER_BOT" --rate "$rate" --warmup "$warm" --seconds "$DURATION" --new-share "$NEW_SHARE" \
      --timeout "$TIMEOUT" --connections "$CONNECTIONS" --run "$phase-$rate" --procs "$procs" --clk-tck "$CLK_TCK" \
      | tee "$WORK/step.out" | grep -v '^RESULT '
    pgwork=$(pg_rates "$before" "$(pg_counters)")
    result=$(sed -n 's/^RESULT //p' "$WORK/step.out")
    [ -n "$result" ] || { echo "the generator gave no result" >&2; exit 1; }
    lag=$(step_unsent)
    verdict=$(jq -r --argjson t "$P99_TARGET_MS" "$VERDICT_JQ" <<< "$result")
    result=$(jq -c --arg phase "$phase" --argjson lag "$lag" --argjson pg "$pgwork" --arg v "$verdict" \
      '{phase: $phase} + . + {lag_ms: (.lag_window + $lag), postgres: ($pg + {commits_per_msg: ($pg.commits_per_s / .stored_per_s * 100 | round / 100),
        messages_per_wal_sync: (if $pg.wal_syncs_per_s > 0 then (.stored_per_s / $pg.wal_syncs_per_s * 10 | round / 10) else null end)}),
        verdict: $v} | del(.lag_window)' <<< "$result")
    echo "$result" >> "$WORK/steps.jsonl"
    jq -r '"  commit→Kafka lag   p50 \(.lag_ms.p50) ms   p99 \(.lag_ms.p99) ms   (\(.lag_ms.events) events acked in the window, \(.lag_ms.unsent) of the bench left unsent after it; relay mean commit→ack over the window \(.lag_prometheus.mean_ms // "-") ms)"' <<< "$result"
    jq -r '"  postgres           \(.postgres.commits_per_s) commits/s (\(.postgres.commits_per_msg) per stored message, all databases), \(.postgres.wal_syncs_per_s) WAL flushes/s (\(.postgres.messages_per_wal_sync // "-") messages each), \(.postgres.wal_mb_per_s) MB/s of WAL"' <<< "$result"
    echo "  verdict            $verdict"
    [ "$verdict" = held ] && sustained=$rate
    case "$verdict" in stop:*) break;; esac
    warm=$WARMUP
  done
  echo "$sustained" > "$WORK/sustained.$phase"
}

table() { # PHASE
  echo "== $1: per step"
  { printf 'offered\tstored/s\tshed\terrors\tp50\tp99\tp99.9\tmax\t1st-contact p99\tlag p50\tlag p99\tCPU/msg\tservice cores\tgen CPU\tverdict\n'
    jq -r --arg p "$1" 'select(.phase == $p) | [.offered, (.stored_per_s | round), "\(.shed_share * 1000 | round / 10) %",
        .errors, .post_ms.p50, .post_ms.p99, .post_ms.p999, .post_ms.max, .first_contact_ms.p99, .lag_ms.p50, .lag_ms.p99,
        .service_cpu_ms_per_msg, ([.cores | to_entries[] | select(.key | startswith("conversation-service")) | .value] | add),
        .generator.cpu_cores, .verdict] | map(if type == "number" then (. * 100 | round / 100) else . // "-" end) | @tsv' \
        "$WORK/steps.jsonl"
  } | column -t -s $'\t' | sed 's/^/  /'
  echo "  (latencies and CPU per stored message in ms; cores: CPU seconds per second over the window)"
}

search "1 replica" 0 "$URL"
SUSTAINED=$(cat "$WORK/sustained.1 replica")
table "1 replica"

SUSTAINED2=""
if [ "$REPLICAS" = 2 ]; then
  if ready "$URL2"; then
    echo "== conversation-service-2 already runs on ${URL2##*:} (not started here, so not stopped here either)"
  else
    FREE=$(pg -d postgres -c "SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity")
    [ "$FREE" -lt 30 ] && echo "  (PostgreSQL has $FREE free connection slots; a replica's pools want about 20 more)"
    echo "== starting conversation-service-2 on ${URL2##*:} (same database and consumer groups, same bot rate limit and JVM options)"
    STARTED_REPLICA=yes
    SWITCHBOARD_BOT_RATE_LIMIT_PER_SECOND=$LIMIT SWITCHBOARD_BOT_RATE_LIMIT_BURST=$BURST \
    SWITCHBOARD_JAVA_OPTS=$(env_of "$SERVICE_PID" SWITCHBOARD_JAVA_OPTS) \
      "$ROOT/deploy/switchboard" start conversation-service-2
  fi
  search "2 replicas" "$SUSTAINED" "$URL" "$URL2"
  SUSTAINED2=$(cat "$WORK/sustained.2 replicas")
  table "2 replicas"
  if [ "$STARTED_REPLICA" = yes ]; then
    "$ROOT/deploy/switchboard" stop conversation-service-2; STARTED_REPLICA=no
  fi
fi

# ------------------------------------------------------------------------------------------------ result
echo "== processes (RSS at the end of the last step)"
jq -r -s '[.[] | select(.phase == "1 replica")] | last | .rss_mb | to_entries[] | "  \(.key)\t\(.value) MB"' \
  "$WORK/steps.jsonl" | column -t -s $'\t'
echo "  (postgres: the postmaster and all its backends, also other users'; RSS counts the shared buffers in each,"
echo "   PSS shares them out; the broker and PostgreSQL are shared with whatever else runs on the machine)"
echo "== result"
AT_SUSTAINED=$(jq -c --argjson r "$SUSTAINED" 'select(.phase == "1 replica" and .offered == $r)' "$WORK/steps.jsonl")
if [ "$SUSTAINED" != 0 ]; then
  jq -r --argjson c "$CEILING" '"sustained (1 replica)   \(.offered) msg/s offered, \(.stored_per_s | round) stored: POST p99 \(.post_ms.p99) ms (first contacts \(.first_contact_ms.p99) ms), \(.service_cpu_ms_per_msg * 100 | round / 100) ms CPU per message\n  = \(.stored_per_s / $c * 100 | round / 100) of the pgbench ceiling (\($c | round) tx/s)"' <<< "$AT_SUSTAINED"
else
  echo "sustained (1 replica)   none: no step held POST p99 ≤ $P99_TARGET_MS ms with ≤ 1 % shed or failed (ceiling $(printf '%.0f' "$CEILING") tx/s)"
fi
if [ "$REPLICAS" = 2 ]; then
  if [ "${SUSTAINED2:-0}" != 0 ]; then
    echo "sustained (2 replicas)  $SUSTAINED2 msg/s combined, round-robin over both ($(nproc) cores shared by both replicas, the database and the broker)"
  else
    echo "sustained (2 replicas)  none: no step held$([ "$SUSTAINED" != 0 ] && echo " from $SUSTAINED msg/s on")"
  fi
fi

# ------------------------------------------------------------------------------------------------ the record
if [ -n "$RECORD" ]; then
  mkdir -p "$(dirname "$RECORD")"
  JAR=$(tr '\0' '\n' < "/proc/$SERVICE_PID/cmdline" | sed -n '/^-jar$/{n;p}')
  jq -n -c --slurpfile steps "$WORK/steps.jsonl" \
    --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg commit "$(git -C "$ROOT" rev-parse --short HEAD)" \
    --argjson dirty "$([ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ] && echo true || echo false)" \
    --arg jar_built "$(date -u -d "@$(stat -c %Y "$(dirname "$JAR")/app" 2>/dev/null || echo 0)" +%Y-%m-%dT%H:%M:%SZ)" \
    --argjson nproc "$(nproc)" --arg kernel "$(uname -r)" \
    --argjson mem_mb "$(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo)" \
    --arg cpu "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)" \
    --arg rates "$RATES" --argjson seconds "$DURATION" --argjson warmup "$WARMUP" --argjson first_warmup "$FIRST_WARMUP" \
    --argjson bots "$BOTS" --argjson contacts "$((BOTS * PER_BOT))" --argjson new_share "$NEW_SHARE" \
    --argjson replicas "$REPLICAS" --argjson limit "$LIMIT" --argjson burst "$BURST" --arg limit_source "$LIMIT_SOURCE" \
    --argjson timeout "$TIMEOUT" --argjson connections "$CONNECTIONS" \
    --arg java_opts "$(tr '\0' ' ' < "/proc/$SERVICE_PID/cmdline")" \
    --argjson pg_clients "$PG_CLIENTS" --argjson pg_seconds "$PG_SECONDS" --argjson ceiling "$CEILING" \
    --argjson sustained "$SUSTAINED" --argjson sustained2 "${SUSTAINED2:-null}" '
    ($steps | map(select(.phase == "1 replica" and .offered == $sustained)) | first) as $s
    | {bench: "ingest", date: $date, commit: $commit, dirty_tree: $dirty, service_jar_built: $jar_built,
       machine: {nproc: $nproc, mem_mb: $mem_mb, kernel: $kernel, cpu: $cpu},
       params: {rates: $rates, seconds: $seconds, warmup: $warmup, first_warmup: $first_warmup, bots: $bots,
                known_contacts: $contacts, new_share: $new_share, replicas: $replicas,
                bot_rate_limit: {per_second: $limit, burst: $burst, source: $limit_source},
                timeout_s: $timeout, connections_per_url: $connections, service_command: $java_opts,
                pgbench: {clients: $pg_clients, seconds: $pg_seconds}, p99_target_ms: 50},
       ceiling_tps: $ceiling, sustained_msg_s: $sustained, sustained_2_replicas_msg_s: $sustained2, steps: $steps,
       summary: ({"sustained msg/s": $sustained,
                  "stopped at msg/s": ($steps | map(select(.phase == "1 replica")) | last | .offered),
                  "p99 ms": $s.post_ms.p99,
                  "first-contact p99 ms": $s.first_contact_ms.p99,
                  "lag p99 ms": $s.lag_ms.p99,
                  "CPU ms/msg": $s.service_cpu_ms_per_msg,
                  "pgbench tx/s": ($ceiling | round),
                  "share of ceiling": (if $sustained > 0 then ($s.stored_per_s / $ceiling * 100 | round / 100) else 0 end)}
                 + (if $replicas == 2 then {"2 replicas msg/s": $sustained2} else {} end))}' >> "$RECORD"
  echo "recorded in ${RECORD#"$ROOT"/}"
  if [ "$(cd "$(dirname "$RECORD")" && pwd)" = "$ROOT/docs/benchmarks" ]; then
    "$ROOT/deploy/bench/report.sh"
  else
    echo "(outside docs/benchmarks: docs/benchmarks.md left as it is; deploy/bench/report.sh DIR OUT renders any directory)"
  fi
fi
