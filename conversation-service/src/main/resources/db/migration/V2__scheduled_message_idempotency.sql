-- A retried POST …/scheduled-messages with the same Idempotency-Key answers the first one instead of scheduling
-- the message twice. Checked with the conversation locked; the constraint holds it whatever the code does.
ALTER TABLE scheduled_messages ADD COLUMN idempotency_key VARCHAR(128);
ALTER TABLE scheduled_messages
    ADD CONSTRAINT scheduled_messages_idempotency UNIQUE (conversation_id, idempotency_key);
