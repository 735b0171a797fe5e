-- Shared by every service (Flyway location db/platform); service migrations start at V1.

-- Transactional outbox, shaped for Debezium's outbox EventRouter (id, aggregatetype, aggregateid, type,
-- payload; the other columns become headers), so CDC could replace our relay without a data change.
CREATE TABLE outbox_events (
    position      BIGSERIAL    PRIMARY KEY,           -- publish order within a lane
    id            UUID         NOT NULL UNIQUE,       -- CloudEvents ce_id
    aggregatetype VARCHAR(64)  NOT NULL,
    aggregateid   VARCHAR(128) NOT NULL,              -- record key
    type          VARCHAR(128) NOT NULL,              -- CloudEvents ce_type
    topic         VARCHAR(128) NOT NULL,
    tenant_id     VARCHAR(64)  NOT NULL,
    customer_id   VARCHAR(64),
    sequence      BIGINT       NOT NULL,              -- per aggregate, gap-free, from 1
    occurred_at   TIMESTAMPTZ  NOT NULL,
    traceparent   VARCHAR(64),
    payload       JSONB        NOT NULL,
    -- One relay at a time owns a lane (outbox_lanes row lock), so one aggregate's events leave in order.
    lane          SMALLINT     NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    sent_at       TIMESTAMPTZ
);
CREATE INDEX outbox_events_unsent ON outbox_events (lane, position) WHERE sent_at IS NULL;
CREATE INDEX outbox_events_sent_at ON outbox_events (sent_at) WHERE sent_at IS NOT NULL;

CREATE TABLE outbox_lanes (
    lane SMALLINT PRIMARY KEY
);
INSERT INTO outbox_lanes (lane) SELECT generate_series(0, 15);

-- Idempotent consumers: insert first, in the same transaction as the effect.
CREATE TABLE processed_events (
    consumer     VARCHAR(64) NOT NULL,
    event_id     UUID        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- Bot API keys: written by conversation-service (the owner), replicated from bot.* events elsewhere.
CREATE TABLE api_keys (
    bot_id     UUID         PRIMARY KEY,
    tenant_id  VARCHAR(64)  NOT NULL,
    name       VARCHAR(120) NOT NULL,
    key_hash   CHAR(64)     NOT NULL UNIQUE,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    deleted_at TIMESTAMPTZ
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);
