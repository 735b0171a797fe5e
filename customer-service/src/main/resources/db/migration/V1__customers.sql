-- customer-service: the customer aggregate (profile, rating, status, assignment) and what hangs off it
-- (identities, scheduled status changes, list memberships, deals, sales, relations). Every table carries
-- tenant_id; the customer row's event_sequence numbers the whole aggregate's events.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE customers (
    id                  UUID          PRIMARY KEY,
    tenant_id           VARCHAR(64)   NOT NULL,
    display_name        VARCHAR(200)  NOT NULL,
    first_name          VARCHAR(100),
    last_name           VARCHAR(100),
    identification      VARCHAR(64),
    -- JSON arrays as text (Hibernate Reactive maps jsonb to objects only).
    emails              TEXT          NOT NULL DEFAULT '[]',
    phones              TEXT          NOT NULL DEFAULT '[]',
    whatsapp            VARCHAR(20),
    addresses           TEXT          NOT NULL DEFAULT '[]',
    attributes          JSONB         NOT NULL DEFAULT '{}',
    channel             VARCHAR(32),
    external_id         VARCHAR(128),
    origin_location     VARCHAR(200),
    origin_first_contact_at TIMESTAMPTZ,
    origin_site         VARCHAR(255),
    origin_page_url     VARCHAR(2048),
    origin_referrer     VARCHAR(2048),
    origin_ip           VARCHAR(45),
    origin_medium       VARCHAR(64),
    origin_campaign     VARCHAR(128),
    origin_entry_method VARCHAR(32),
    rating              SMALLINT      NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
    status              VARCHAR(16)   NOT NULL DEFAULT 'NEW',
    assignee_id         VARCHAR(64),
    created_at          TIMESTAMPTZ   NOT NULL,
    updated_at          TIMESTAMPTZ   NOT NULL,
    last_interaction_at TIMESTAMPTZ,
    event_sequence      BIGINT        NOT NULL DEFAULT 0,
    -- Free text is matched here, in one place (the database), so no writer can forget to maintain it.
    search_text         TEXT GENERATED ALWAYS AS (lower(
        display_name || ' ' || coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' '
        || coalesce(identification, '') || ' ' || emails || ' ' || phones || ' '
        || coalesce(whatsapp, ''))) STORED
);

-- Browse: every filtered page is "tenant + optional equality filter, ordered by a sort key, keyset on (key, id)".
CREATE INDEX customers_tenant_created ON customers (tenant_id, created_at, id);
CREATE INDEX customers_tenant_updated ON customers (tenant_id, updated_at, id);
CREATE INDEX customers_tenant_name ON customers (tenant_id, display_name, id);
CREATE INDEX customers_tenant_rating ON customers (tenant_id, rating, created_at, id);
CREATE INDEX customers_tenant_status_created ON customers (tenant_id, status, created_at, id);
CREATE INDEX customers_tenant_assignee_created ON customers (tenant_id, assignee_id, created_at, id);
CREATE INDEX customers_search_trgm ON customers USING gin (search_text gin_trgm_ops);

-- Find-or-create by contact identity. The primary key is what makes concurrent identify calls converge:
-- kinds CHANNEL ("whatsapp:549115…"), PHONE (digits only), EMAIL (lower-cased).
-- The foreign key is deferred: identify claims the identity first, then writes the customer it names.
CREATE TABLE customer_identities (
    tenant_id   VARCHAR(64)  NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    value       VARCHAR(300) NOT NULL,
    customer_id UUID         NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, kind, value)
);
CREATE INDEX customer_identities_customer ON customer_identities (customer_id);

-- Future-dated status changes: rows claimed with FOR UPDATE SKIP LOCKED, so they fire once across replicas.
CREATE TABLE scheduled_status_changes (
    id             UUID         PRIMARY KEY,
    tenant_id      VARCHAR(64)  NOT NULL,
    customer_id    UUID         NOT NULL REFERENCES customers (id),
    status         VARCHAR(16)  NOT NULL,
    effective_at   TIMESTAMPTZ  NOT NULL,
    state          VARCHAR(16)  NOT NULL DEFAULT 'PENDING',   -- PENDING, APPLIED, CANCELLED
    actor_kind     VARCHAR(16)  NOT NULL,
    actor_id       VARCHAR(64),
    created_at     TIMESTAMPTZ  NOT NULL,
    finished_at    TIMESTAMPTZ
);
-- At most one pending change per customer.
CREATE UNIQUE INDEX scheduled_status_changes_one_pending ON scheduled_status_changes (customer_id) WHERE state = 'PENDING';
CREATE INDEX scheduled_status_changes_due ON scheduled_status_changes (effective_at) WHERE state = 'PENDING';

CREATE TABLE customer_lists (
    id          UUID         PRIMARY KEY,
    tenant_id   VARCHAR(64)  NOT NULL,
    name        VARCHAR(100) NOT NULL,
    created_by  VARCHAR(64),
    created_at  TIMESTAMPTZ  NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE customer_list_members (
    list_id     UUID         NOT NULL REFERENCES customer_lists (id),
    customer_id UUID         NOT NULL REFERENCES customers (id),
    tenant_id   VARCHAR(64)  NOT NULL,
    added_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (list_id, customer_id)
);
CREATE INDEX customer_list_members_customer ON customer_list_members (customer_id);

CREATE TABLE deals (
    id          UUID          PRIMARY KEY,
    tenant_id   VARCHAR(64)   NOT NULL,
    customer_id UUID          NOT NULL REFERENCES customers (id),
    title       VARCHAR(200)  NOT NULL,
    stage       VARCHAR(16)   NOT NULL,
    amount      NUMERIC(14,2),
    currency    CHAR(3),
    created_at  TIMESTAMPTZ   NOT NULL,
    updated_at  TIMESTAMPTZ   NOT NULL
);
CREATE INDEX deals_customer ON deals (customer_id);

CREATE TABLE sales (
    id          UUID          PRIMARY KEY,
    tenant_id   VARCHAR(64)   NOT NULL,
    deal_id     UUID          NOT NULL UNIQUE REFERENCES deals (id),   -- one sale closes a deal
    customer_id UUID          NOT NULL REFERENCES customers (id),
    amount      NUMERIC(14,2) NOT NULL,
    currency    CHAR(3)       NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL
);

-- Stored both ways (A→B and B→A), so each customer's related list is one indexed read.
CREATE TABLE customer_relations (
    tenant_id   VARCHAR(64)  NOT NULL,
    customer_id UUID         NOT NULL REFERENCES customers (id),
    related_id  UUID         NOT NULL REFERENCES customers (id),
    relation    VARCHAR(32)  NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (customer_id, related_id)
);
