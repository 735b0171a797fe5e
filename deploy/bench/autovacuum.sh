# shellcheck shell=bash
# Sourced by the benchmarks: autovacuum's work, done by hand on a PostgreSQL whose autovacuum is off (this machine's
# CI server is configured so). In production autovacuum gathers table statistics and clears dead rows; without
# statistics (a fresh database is never analyzed) the planner joins a batch's rows to a whole table by scanning it
# instead of looking up its primary key, and without vacuum the outbox's dead rows pile up in its indexes, so a run
# would measure that instead of the service.
#
#   autovacuum_standin DB...   when the server's autovacuum is off: once now, then every 60 s (autovacuum_naptime),
#                              each table that autovacuum would pick is vacuumed or analyzed (its thresholds and
#                              scale factors: the server's, or the table's own storage parameters), throttled as
#                              autovacuum throttles itself (cost delay 2 ms). The loop's PID is in AUTOVACUUM_PID.
#                              Does nothing when autovacuum is on.
#   autovacuum_standin_stop    ends the loop (safe to call twice, or when none was started).
# Needs PSQL (an array: psql and its connection options) set by the caller.
AUTOVACUUM_PID=""
AUTOVACUUM_PICK=$(cat <<'SQL'
WITH t AS (
  SELECT s.relname, s.n_dead_tup, s.n_mod_since_analyze, greatest(c.reltuples, 0) AS tuples,
         coalesce((o.opt ->> 'autovacuum_vacuum_threshold')::float8, current_setting('autovacuum_vacuum_threshold')::float8) AS vt,
         coalesce((o.opt ->> 'autovacuum_vacuum_scale_factor')::float8, current_setting('autovacuum_vacuum_scale_factor')::float8) AS vs,
         coalesce((o.opt ->> 'autovacuum_analyze_threshold')::float8, current_setting('autovacuum_analyze_threshold')::float8) AS at,
         coalesce((o.opt ->> 'autovacuum_analyze_scale_factor')::float8, current_setting('autovacuum_analyze_scale_factor')::float8) AS as_
    FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
    -- the table's own storage parameters, name → value
    CROSS JOIN LATERAL (SELECT jsonb_object_agg(split_part(r, '=', 1), split_part(r, '=', 2)) AS opt
                          FROM unnest(c.reloptions) r) o)
SELECT CASE WHEN n_dead_tup > vt + vs * tuples THEN format('VACUUM (ANALYZE) %I', relname)
            ELSE format('ANALYZE %I', relname) END
  FROM t
 WHERE n_dead_tup > vt + vs * tuples OR n_mod_since_analyze > at + as_ * tuples
\gexec
SQL
)
autovacuum_pass() { # DB...
  local db
  for db in "$@"; do
    PGOPTIONS="-c vacuum_cost_delay=2ms" "${PSQL[@]}" -d "$db" <<< "$AUTOVACUUM_PICK" >/dev/null 2>&1 || true
  done
}
autovacuum_standin() {
  [ "$("${PSQL[@]}" -d "$1" -c 'SHOW autovacuum')" = off ] || return 0
  echo "PostgreSQL's autovacuum is off: the bench vacuums and analyzes what autovacuum would in $*, now and every 60 s"
  autovacuum_pass "$@"
  (while sleep 60; do autovacuum_pass "$@"; done) &
  AUTOVACUUM_PID=$!
}
autovacuum_standin_stop() {
  if [ -n "$AUTOVACUUM_PID" ]; then kill "$AUTOVACUUM_PID" 2>/dev/null || true; wait "$AUTOVACUUM_PID" 2>/dev/null || true; fi
  AUTOVACUUM_PID=""
}
