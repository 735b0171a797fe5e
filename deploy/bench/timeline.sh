#!/usr/bin/env bash
# Timeline benchmark against a running timeline-service (deploy/switchboard up, or any instance):
#   1. projection: 100,000 events of one customer published to the real broker; events/s until all are stored,
#      and the consumer group's lag while it runs;
#   2. queries over HTTP at 100k entries: first page, filtered pages (types, onlyComments, from/to) and a
#      page 10,000 entries deep by cursor: p50/p99/max.
#
#   deploy/bench/timeline.sh
#   BENCH_URL=http://127.0.0.1:8083 BENCH_GROUP=timeline-service BENCH_EVENTS=100000 BENCH_REQUESTS=500 deploy/bench/timeline.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="$ROOT/.run"
URL="${BENCH_URL:-http://127.0.0.1:8083}"
GROUP="${BENCH_GROUP:-timeline-service}"
EVENTS="${BENCH_EVENTS:-100000}"
REQUESTS="${BENCH_REQUESTS:-500}"
DB="${SWITCHBOARD_TIMELINE_DB:-switchboard_timeline}"
JDBC="jdbc:postgresql://${SWITCHBOARD_DB_HOST:-127.0.0.1}:${SWITCHBOARD_DB_PORT:-5432}/$DB?user=${SWITCHBOARD_DB_USER:-postgres}"
BOOTSTRAP="${SWITCHBOARD_KAFKA_BOOTSTRAP:-127.0.0.1:9092}"
TENANT="t-bench-$(date +%s)"

curl -fsS "$URL/q/health/ready" >/dev/null || { echo "timeline-service is not ready at $URL" >&2; exit 2; }
CP_FILE="$RUN/tools.classpath"
if [[ ! -s "$CP_FILE" ]]; then
  mkdir -p "$RUN"
  mvn -B -q -f "$ROOT/deploy/tools/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
fi
TOKEN="$("$ROOT/deploy/token.sh" --tenant "$TENANT" --user bench-agent --role AGENT)"
exec java -Xmx512m -cp "$(cat "$CP_FILE")" -Dlog4j2.configurationFile="$ROOT/deploy/kafka/log4j2.properties" \
  "$ROOT/deploy/bench/timeline/TimelineBench.java" "$BOOTSTRAP" "$JDBC" "$GROUP" "$URL" "$TENANT" "$TOKEN" "$EVENTS" "$REQUESTS"
