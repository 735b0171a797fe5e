-- Bot webhooks: an ADMIN subscribes a URL to event types. The secret signs every body (HMAC-SHA256), so it is
-- kept as is (a hash could not sign) and shown only once, when the webhook is created.
CREATE TABLE webhooks (
    id          UUID          PRIMARY KEY,
    tenant_id   VARCHAR(64)   NOT NULL,
    url         VARCHAR(2000) NOT NULL,
    event_types TEXT[]        NOT NULL,
    secret      VARCHAR(100)  NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    deleted_at  TIMESTAMPTZ
);
CREATE INDEX webhooks_tenant ON webhooks (tenant_id) WHERE deleted_at IS NULL;

-- One row per (webhook, event): its id is the stable delivery id the receiver deduplicates by. Due rows are
-- claimed with SKIP LOCKED by any replica; a claim pushes next_attempt_at ahead (a lease), so a replica that dies
-- mid-delivery leaves the row to be tried again, never lost.
CREATE TABLE webhook_deliveries (
    id              UUID         PRIMARY KEY,
    webhook_id      UUID         NOT NULL REFERENCES webhooks (id),
    tenant_id       VARCHAR(64)  NOT NULL,
    event_id        UUID         NOT NULL,
    event_type      VARCHAR(128) NOT NULL,
    body            TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL DEFAULT 'PENDING',   -- PENDING, DELIVERED, DEAD
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_status     INT,
    last_error      VARCHAR(500),
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at DESC);
