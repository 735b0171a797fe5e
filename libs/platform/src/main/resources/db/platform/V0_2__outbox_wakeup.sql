-- Wakes the outbox relays the moment an outbox insert commits (a NOTIFY is delivered at commit, and repeats
-- within one transaction collapse into one), instead of every relay polling many times a second. Polling
-- remains as the slow fallback (a relay whose listening connection is being re-established).
CREATE FUNCTION outbox_events_wakeup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_events', '');
    RETURN NULL;
END $$;

CREATE TRIGGER outbox_events_wakeup AFTER INSERT ON outbox_events
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_events_wakeup();
