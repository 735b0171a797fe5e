-- Claims older than the topics' retention are purged (ProcessedEventsPurge): the purge finds them by age.
CREATE INDEX processed_events_processed_at ON processed_events (processed_at);
