#!/usr/bin/env bash
# Push benchmark: many agent WebSockets on ONE notification-service instance, counter-changing
# conversation events published to Kafka at a fixed rate (the real path: consumer → counters + change log + outbox
# in one transaction → pushed to this instance's sockets once committed; the relay → agent.counters path that serves
# other replicas runs too), push latency publish → frame received p50/p99/p99.9, delivered frames/s and RSS, and the
# service's own stage timings (publish → batch received, transaction, publish → committed). Then the same fan-out through nginx + nchan (HTTP publish → WebSocket subscribers)
# as the peer to compare with.
#
#   deploy/bench/notify.sh [--sockets 10000] [--rate 1000] [--seconds 30] [--warmup 90] [--no-nchan]
# (the warm-up runs at the full rate and is not measured: a fresh JVM compiles for its first minute or more — the
# C2 compiler still took a quarter of a core 60–75 s in — so a shorter warm-up measures the JIT, not the service)
#
# Starts its own service instance (packaged jar, port 18084, database switchboard_notification_bench, fresh
# consumer groups reading from "now") and its own nginx (127.0.0.1:18090, prefix under a temp dir), and stops
# both by PID at the end. Needs the broker and PostgreSQL (deploy/switchboard infra), and for the peer the Debian
# packages nginx and libnginx-mod-nchan.
# Caution: the events go to the shared conversation.events topic (tenant bench-<time>), so every service's consumer
# groups (and their test groups) must read past them afterwards; at --rate 1000 that is tens of thousands.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=deploy/bench/autovacuum.sh
. "$ROOT/deploy/bench/autovacuum.sh"
SOCKETS=10000; RATE=1000; SECONDS_=30; WARMUP=90; NCHAN=yes; PORT=18084; NGINX_PORT=18090
while [ $# -gt 0 ]; do
  case "$1" in
    --sockets) SOCKETS=$2; shift 2;; --rate) RATE=$2; shift 2;; --seconds) SECONDS_=$2; shift 2;;
    --warmup) WARMUP=$2; shift 2;; --no-nchan) NCHAN=no; shift;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
ulimit -n "$(ulimit -Hn)" # every socket is a descriptor on both ends
PGHOST=${PGHOST:-127.0.0.1}; PGUSER=${PGUSER:-postgres}
PSQL=(psql -X -q -At -v ON_ERROR_STOP=1 -h "$PGHOST" -U "$PGUSER")
DB=switchboard_notification_bench
WORK=$(mktemp -d)
SERVICE_PID=""; NGINX_PID=""
cleanup() {
  autovacuum_standin_stop
  [ -n "$SERVICE_PID" ] && { kill "$SERVICE_PID" 2>/dev/null || true; wait "$SERVICE_PID" 2>/dev/null || true; }
  [ -n "$NGINX_PID" ] && { kill "$NGINX_PID" 2>/dev/null || true; }
  rm -rf "$WORK"
}
trap cleanup EXIT
rss_of() { awk '/VmRSS/ {printf "%d MB", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

CP_FILE="$ROOT/.run/tools.classpath"
[ -s "$CP_FILE" ] || "$ROOT/deploy/switchboard" infra >/dev/null
CP=$(cat "$CP_FILE")
JAR="$ROOT/notification-service/target/quarkus-app/quarkus-run.jar"
[ -f "$JAR" ] || (cd "$ROOT/notification-service" && mvn -B -q package -DskipTests)
# A fresh database per run: runs must not measure the dead rows of the runs before them.
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

RUN_ID=$(date +%s)
mkdir -p "$ROOT/.run/logs"
SERVICE_LOG="$ROOT/.run/logs/bench-notification-service.log" # kept after the run
TENANT="bench-$RUN_ID"
# Several options in one variable: split on spaces, as a command line would.
read -r -a JAVA_OPTS <<< "${SWITCHBOARD_JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseParallelGC}"
# Agents known up front, so the measurement is the push path, not 10,000 first sign-ins.
SWITCHBOARD_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$PORT SWITCHBOARD_DB_NAME=$DB \
SWITCHBOARD_INTERNAL_TOKEN=bench-internal-token MP_JWT_VERIFY_PUBLICKEY_LOCATION="$ROOT/deploy/dev-keys/public.pem" \
MP_MESSAGING_INCOMING_CONVERSATION_EVENTS_GROUP_ID="notification-bench-$RUN_ID" \
MP_MESSAGING_INCOMING_CONVERSATION_EVENTS_AUTO_OFFSET_RESET=latest \
MP_MESSAGING_INCOMING_TIMELINE_EVENTS_GROUP_ID="notification-bench-$RUN_ID" \
MP_MESSAGING_INCOMING_TIMELINE_EVENTS_AUTO_OFFSET_RESET=latest \
MP_MESSAGING_INCOMING_WEBHOOK_FEED_GROUP_ID="notification-bench-webhooks-$RUN_ID" \
MP_MESSAGING_INCOMING_WEBHOOK_FEED_AUTO_OFFSET_RESET=latest \
  java "${JAVA_OPTS[@]}" -jar "$JAR" > "$SERVICE_LOG" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { echo "service not ready" >&2; tail -30 "$SERVICE_LOG"; exit 1; }
"${PSQL[@]}" -d $DB -c "INSERT INTO agents (tenant_id, agent_id, roles, event_sequence)
  SELECT '$TENANT', 'agent-' || g, 'AGENT', 1 FROM generate_series(0, $SOCKETS - 1) g;
  INSERT INTO agent_counters (tenant_id, agent_id) SELECT '$TENANT', 'agent-' || g FROM generate_series(0, $SOCKETS - 1) g;"
RSS_IDLE=$(rss_of $SERVICE_PID)
autovacuum_standin $DB

echo "== Switchboard notification-service: $SOCKETS agent sockets on one instance, $RATE counter changes/s"
java -Xmx1500m -XX:+UseParallelGC -cp "$CP" "$ROOT/deploy/bench/NotifyBench.java" switchboard "ws://127.0.0.1:$PORT" \
  "$SOCKETS" "$RATE" "$SECONDS_" "$WARMUP" "$TENANT" "$ROOT/deploy/dev-keys/private.pem" "${SWITCHBOARD_KAFKA_BOOTSTRAP:-127.0.0.1:9092}"
echo "  service RSS: idle $RSS_IDLE, after the run $(rss_of $SERVICE_PID)"
curl -fs "http://127.0.0.1:$PORT/q/metrics" | grep -E '^switchboard_(outbox_lag|counters_lag|counters_transaction|counters_received)_seconds\{.*quantile="0.(5|99)"|^switchboard_counters_batch\{.*quantile="0.(5|99)"|^switchboard_push_resyncs_total' | sed 's/^/  /' || true
kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true; SERVICE_PID=""
autovacuum_standin_stop

if [ "$NCHAN" = yes ]; then
  MOD=/usr/lib/nginx/modules/ngx_nchan_module.so
  if ! { command -v nginx >/dev/null && [ -f "$MOD" ]; }; then
    echo "nchan peer skipped: apt-get install nginx libnginx-mod-nchan"; exit 0
  fi
  mkdir -p "$WORK/nginx/logs"
  cat > "$WORK/nginx/nginx.conf" <<CONF
load_module $MOD;
daemon off;
master_process off;
worker_rlimit_nofile 65536;
error_log $WORK/nginx/logs/error.log warn;
pid $WORK/nginx/nginx.pid;
events { worker_connections 40000; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp; proxy_temp_path $WORK/nginx/tmp; fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp; scgi_temp_path $WORK/nginx/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location ~ /pub/(.+)\$ { nchan_publisher; nchan_channel_id \$1; nchan_message_buffer_length 10; }
    location ~ /sub/(.+)\$ { nchan_subscriber websocket; nchan_channel_id \$1; }
  }
}
CONF
  nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" > "$WORK/nginx/logs/stdout.log" 2>&1 &
  NGINX_PID=$!
  for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/$NGINX_PORT) 2>/dev/null && break; sleep 0.1; done
  echo "== nginx + nchan (one process): $SOCKETS WebSocket subscribers, $RATE HTTP publishes/s"
  # nginx compiles nothing at run time: 10 s warm-up (for the client's own JIT). Bounded: a run that hangs (one did,
  # with a 90 s warm-up: 120,000 HTTP publishes) must not hold the benchmark.
  timeout $((SECONDS_ + 10 + 120)) java -Xmx1500m -XX:+UseParallelGC -cp "$CP" "$ROOT/deploy/bench/NotifyBench.java" nchan \
    "ws://127.0.0.1:$NGINX_PORT" "$SOCKETS" "$RATE" "$SECONDS_" 10 "$TENANT" - - || echo "  nchan client did not finish (exit $?)"
  echo "  nginx RSS: $(rss_of $NGINX_PID)"
fi
