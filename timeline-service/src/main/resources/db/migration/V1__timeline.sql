-- The customer timeline: a projection of customer.events, conversation.events and timeline.events.
-- Rebuildable from the topics (deploy/timeline-rebuild.sh), so nothing here is the source of truth except
-- comments and attachments, whose events the service itself publishes.

CREATE TABLE timeline_entries (
    id             UUID          PRIMARY KEY,          -- = event_id: a rebuild yields the same ids
    tenant_id      VARCHAR(64)   NOT NULL,
    customer_id    VARCHAR(64)   NOT NULL,
    type           VARCHAR(128)  NOT NULL,
    event_id       UUID          NOT NULL UNIQUE,
    aggregate_id   VARCHAR(128),
    sequence       BIGINT        NOT NULL,
    source         VARCHAR(200),
    occurred_at    TIMESTAMPTZ   NOT NULL,
    actor_kind     VARCHAR(16),
    actor_id       VARCHAR(128),
    summary        VARCHAR(500)  NOT NULL,
    data           JSONB         NOT NULL,
    is_comment     BOOLEAN       NOT NULL DEFAULT false,
    comment_id     UUID,                               -- set on note/order-note entries, to mark them deleted
    deleted_at     TIMESTAMPTZ,
    deleted_by_kind VARCHAR(16),
    deleted_by_id  VARCHAR(128),
    recorded_at    TIMESTAMPTZ   NOT NULL DEFAULT now()
);
-- Newest-first keyset pages (occurred_at, sequence, id all descending, so a row comparison walks the index).
CREATE INDEX timeline_entries_page ON timeline_entries (tenant_id, customer_id, occurred_at DESC, sequence DESC, id DESC);
CREATE INDEX timeline_entries_type_page ON timeline_entries (tenant_id, customer_id, type, occurred_at DESC, sequence DESC, id DESC);
CREATE INDEX timeline_entries_comment_page ON timeline_entries (tenant_id, customer_id, occurred_at DESC, sequence DESC, id DESC)
    WHERE is_comment;
CREATE INDEX timeline_entries_comment ON timeline_entries (comment_id) WHERE comment_id IS NOT NULL;

-- Per-customer indicators, maintained incrementally by the projection (same transaction, same claim).
-- One row per conversation: its channel and latest status (applied only for a newer sequence).
CREATE TABLE indicator_conversations (
    tenant_id       VARCHAR(64)  NOT NULL,
    conversation_id VARCHAR(128) NOT NULL,
    customer_id     VARCHAR(64)  NOT NULL,
    channel         VARCHAR(32),
    status          VARCHAR(16)  NOT NULL,
    last_sequence   BIGINT       NOT NULL,
    started_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id)
);
CREATE INDEX indicator_conversations_customer ON indicator_conversations (tenant_id, customer_id, started_at);

-- Counts per customer and UTC day, so a date range is a sum over few rows.
-- dimension 'channel': interactions (messages, calls) per channel; 'campaign': campaign touches.
CREATE TABLE indicator_daily (
    tenant_id   VARCHAR(64)  NOT NULL,
    customer_id VARCHAR(64)  NOT NULL,
    day         DATE         NOT NULL,
    dimension   VARCHAR(16)  NOT NULL,
    key         VARCHAR(200) NOT NULL,
    count       BIGINT       NOT NULL,
    last_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, customer_id, dimension, day, key)
);
