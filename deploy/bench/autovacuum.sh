# shellcheck shell=bash
# Sourced by the benchmarks: autovacuum's work, done by hand on a PostgreSQL whose autovacuum is off (this machine's
# CI server is configured so). In production autovacuum gathers table statistics and clears dead rows; without
# statistics (a fresh database is never analyzed) the planner joins a batch's rows to a whole table by scanning it
# instead of looking up its primary key, and without vacuum the outbox's dead rows pile up in its indexes, so a run
# would measure that instead of the service.
#
#   autovacuum_standin DB...   when the server's autovacuum is off: VACUUM ANALYZE the databases once now, then every
#                              60 s (autovacuum_naptime) throttled as autovacuum throttles itself (cost delay 2 ms);
#                              the loop's PID is in AUTOVACUUM_PID. Does nothing when autovacuum is on.
#   autovacuum_standin_stop    ends the loop (safe to call twice, or when none was started).
# Needs PSQL (an array: psql and its connection options) set by the caller.
AUTOVACUUM_PID=""
autovacuum_standin() {
  local db
  [ "$("${PSQL[@]}" -d "$1" -c 'SHOW autovacuum')" = off ] || return 0
  echo "PostgreSQL's autovacuum is off: the bench runs VACUUM ANALYZE on $* now and every 60 s in its place"
  for db in "$@"; do "${PSQL[@]}" -d "$db" -c "VACUUM ANALYZE" >/dev/null; done
  (while sleep 60; do
     for db in "$@"; do PGOPTIONS="-c vacuum_cost_delay=2ms" "${PSQL[@]}" -d "$db" -c "VACUUM ANALYZE" >/dev/null 2>&1 || true; done
   done) &
  AUTOVACUUM_PID=$!
}
autovacuum_standin_stop() {
  if [ -n "$AUTOVACUUM_PID" ]; then kill "$AUTOVACUUM_PID" 2>/dev/null || true; wait "$AUTOVACUUM_PID" 2>/dev/null || true; fi
  AUTOVACUUM_PID=""
}
