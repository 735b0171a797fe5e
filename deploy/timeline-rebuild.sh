#!/usr/bin/env bash
# Rebuild the timeline projection from the beginning of customer.events, conversation.events and
# timeline.events into a fresh schema (same code: the packaged timeline-service with another schema and a new
# consumer group, relay and dead-lettering off), then report per customer whether entry count and content
# checksum, and the indicators' rows, equal the live tables. Exit 0 when equal, 1 when not. The topics keep every
# event, so the replay covers the whole history whatever its age; progress (records read, per second, lag left)
# is printed every few seconds while it runs.
#
#   deploy/timeline-rebuild.sh              against switchboard_timeline (the running suite's database)
#   SWITCHBOARD_TIMELINE_DB=switchboard_timeline_test deploy/timeline-rebuild.sh
#
# Run it when the suite is quiet (e.g. after the system test): entries projected live after the rebuild read
# its end offsets would show as differences. Knobs: REBUILD_SCHEMA (timeline_rebuild), REBUILD_PORT (8093),
# REBUILD_TIMEOUT seconds (900), REBUILD_KEEP=1 keeps the schema for inspection, REBUILD_TENANTS a SQL LIKE
# pattern of the tenants to compare (default all; the test command compares only its own run's tenants).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/.run"
mkdir -p "$RUN/logs"
DB="${SWITCHBOARD_TIMELINE_DB:-switchboard_timeline}"
DB_HOST="${SWITCHBOARD_DB_HOST:-127.0.0.1}"
DB_PORT="${SWITCHBOARD_DB_PORT:-5432}"
DB_USER="${SWITCHBOARD_DB_USER:-postgres}"
BOOTSTRAP="${SWITCHBOARD_KAFKA_BOOTSTRAP:-127.0.0.1:9092}"
SCHEMA="${REBUILD_SCHEMA:-timeline_rebuild}"
PORT="${REBUILD_PORT:-8093}"
TIMEOUT="${REBUILD_TIMEOUT:-900}"
GROUP="timeline-rebuild-$(date +%s)"
TOPICS=(customer.events conversation.events timeline.events)
JDBC="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB?user=$DB_USER${SWITCHBOARD_DB_PASSWORD:+&password=$SWITCHBOARD_DB_PASSWORD}"
JAR="$ROOT/timeline-service/target/quarkus-app/quarkus-run.jar"
LOG="$RUN/logs/timeline-rebuild.log"

log() { printf '[timeline-rebuild] %s\n' "$*" >&2; }

CP_FILE="$RUN/tools.classpath"
if [[ ! -s "$CP_FILE" ]]; then
  log "resolving the tools classpath"
  mvn -B -q -f "$ROOT/deploy/tools/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
fi
tool() { java -cp "$(cat "$CP_FILE")" "$ROOT/deploy/timeline-rebuild/TimelineRebuild.java" "$@"; }

if [[ ! -f "$JAR" || -n "${REBUILD_PACKAGE:-}" ]]; then
  log "packaging timeline-service"
  (cd "$ROOT/timeline-service" && mvn -B -q package -DskipTests)
fi

log "fresh schema $SCHEMA in $DB"
tool reset "$JDBC" "$SCHEMA"

started=$SECONDS
log "replaying ${TOPICS[*]} from the beginning (group $GROUP, port $PORT; log $LOG)"
java -XX:+UseParallelGC -Xmx512m \
  -Dquarkus.http.port="$PORT" \
  -Dswitchboard.db.name="$DB" \
  -Dquarkus.datasource.reactive.url="postgresql://$DB_HOST:$DB_PORT/$DB?search_path=$SCHEMA" \
  -Dquarkus.datasource.jdbc.url="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB?currentSchema=$SCHEMA" \
  -Dquarkus.flyway.schemas="$SCHEMA" \
  -Dswitchboard.outbox.relay-enabled=false \
  -Dswitchboard.timeline.dead-letter-enabled=false \
  -Dmp.messaging.incoming.timeline-sources.group.id="$GROUP" \
  -Dmp.messaging.incoming.timeline-sources.auto.offset.reset=earliest \
  -jar "$JAR" > "$LOG" 2>&1 &
PID=$!
cleanup() {
  if kill "$PID" 2>/dev/null; then wait "$PID" 2>/dev/null || true; fi
  tool delete-group "$BOOTSTRAP" "$GROUP" 2>/dev/null || true
  [[ -n "${REBUILD_KEEP:-}" ]] || tool drop "$JDBC" "$SCHEMA" 2>/dev/null || true
}
trap cleanup EXIT

deadline=$((SECONDS + TIMEOUT))
until curl -fsS "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1; do
  kill -0 "$PID" 2>/dev/null || { tail -30 "$LOG" >&2; log "the rebuild instance died"; exit 2; }
  (( SECONDS < deadline )) || { log "not ready in time"; exit 2; }
  sleep 0.5
done
shown=$SECONDS
while :; do
  read -r lag total <<< "$(tool lag "$BOOTSTRAP" "$GROUP" "${TOPICS[@]}")"
  [[ "$lag" == 0 ]] && break
  (( SECONDS < deadline )) || { log "still lagging ($lag) after ${TIMEOUT}s"; exit 2; }
  if (( SECONDS - shown >= 5 )); then
    done_=$(( lag < 0 ? 0 : total - lag )); secs=$(( SECONDS - started > 0 ? SECONDS - started : 1 ))
    log "read $done_ of $total records ($(( done_ / secs ))/s), lag left $(( lag < 0 ? total : lag ))"
    shown=$SECONDS
  fi
  sleep 1
done
log "caught up in $((SECONDS - started)) s: $total records read from the beginning"
kill "$PID"; wait "$PID" 2>/dev/null || true

tool compare "$JDBC" "$SCHEMA" "${REBUILD_TENANTS:-%}"
