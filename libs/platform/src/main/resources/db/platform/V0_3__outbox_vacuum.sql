-- The outbox is a queue: every row is inserted, updated once (sent_at) and later deleted. Vacuum it after a
-- fixed number of dead rows rather than a share of the table, so its unsent index stays small under load.
ALTER TABLE outbox_events SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                               autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000);
