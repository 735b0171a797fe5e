-- Integration entries (calls, e-mail campaigns, custom kinds): kept only to answer a retried POST with the
-- original (Idempotency-Key); the entry itself comes back through timeline.events like every other.
CREATE TABLE activities (
    id              UUID         PRIMARY KEY,
    tenant_id       VARCHAR(64)  NOT NULL,
    customer_id     VARCHAR(64)  NOT NULL,
    type            VARCHAR(128) NOT NULL,
    actor_id        VARCHAR(128) NOT NULL,
    idempotency_key VARCHAR(200),
    occurred_at     TIMESTAMPTZ  NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX activities_idempotency ON activities (tenant_id, actor_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
