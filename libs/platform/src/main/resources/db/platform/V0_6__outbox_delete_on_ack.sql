-- The relay deletes a row once the broker acknowledged it, instead of marking it sent and purging it later: a row is
-- now inserted and deleted, never updated (an update wrote the whole row and an entry in every index again).
-- sent_at and its partial index stay for rows an earlier version marked during a rolling upgrade; the relay purges
-- them, and the index holds nothing otherwise.
-- Event ids are random UUIDs drawn by the service; nothing looks a row up by id, and the unique index cost an entry
-- per insert.
ALTER TABLE outbox_events DROP CONSTRAINT outbox_events_id_key;
