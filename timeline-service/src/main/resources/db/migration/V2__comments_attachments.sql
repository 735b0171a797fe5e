-- Comments (notes, and order notes when deal_id is set) are owned here; their entries come back through
-- timeline.events, so the timeline itself stays a pure projection.
-- One row per customer timeline that this service publishes for: locked to keep the event sequence gap-free.
CREATE TABLE timeline_aggregates (
    tenant_id      VARCHAR(64) NOT NULL,
    customer_id    VARCHAR(64) NOT NULL,
    event_sequence BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, customer_id)
);

CREATE TABLE comments (
    id              UUID         PRIMARY KEY,
    tenant_id       VARCHAR(64)  NOT NULL,
    customer_id     VARCHAR(64)  NOT NULL,
    deal_id         UUID,
    text            TEXT,                    -- null once deleted: the comment disappears
    mentions        JSONB        NOT NULL,   -- agent ids
    attachment_ids  JSONB        NOT NULL,
    author_kind     VARCHAR(16)  NOT NULL,
    author_id       VARCHAR(128) NOT NULL,
    idempotency_key VARCHAR(200),
    created_at      TIMESTAMPTZ  NOT NULL,
    deleted_at      TIMESTAMPTZ,
    deleted_by_kind VARCHAR(16),
    deleted_by_id   VARCHAR(128),
    CONSTRAINT comments_text_length CHECK (text IS NULL OR char_length(text) <= 5000)
);
CREATE INDEX comments_customer ON comments (tenant_id, customer_id, created_at DESC);
CREATE UNIQUE INDEX comments_idempotency ON comments (tenant_id, author_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Uploaded files, stored under switchboard.attachments.dir/<tenant>/<id>; never served across tenants.
CREATE TABLE attachments (
    id           UUID         PRIMARY KEY,
    tenant_id    VARCHAR(64)  NOT NULL,
    file_name    VARCHAR(255) NOT NULL,
    content_type VARCHAR(200) NOT NULL,
    size_bytes   BIGINT       NOT NULL,
    sha256       CHAR(64)     NOT NULL,
    uploaded_by  VARCHAR(128) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX attachments_tenant ON attachments (tenant_id, id);
