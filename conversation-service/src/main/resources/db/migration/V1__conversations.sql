-- conversation-service's own tables (the platform's outbox, processed_events and api_keys come from db/platform).

-- A contact on a channel, resolved once to a customer of customer-service; the primary key is what makes
-- concurrent first messages of one contact end with one row (INSERT ... ON CONFLICT DO NOTHING, re-read).
CREATE TABLE contacts (
    tenant_id   VARCHAR(64)  NOT NULL,
    channel     VARCHAR(16)  NOT NULL,
    external_id VARCHAR(128) NOT NULL,
    customer_id UUID         NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, channel, external_id)
);

-- One conversation per (tenant, customer, channel): a new customer message reuses it and reopens it when it
-- was RESOLVED or SNOOZED (Bitrix24's open channels keep one chat per contact and channel).
CREATE TABLE conversations (
    id                  UUID         PRIMARY KEY,
    tenant_id           VARCHAR(64)  NOT NULL,
    customer_id         UUID         NOT NULL,
    channel             VARCHAR(16)  NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    snoozed_until       TIMESTAMPTZ,
    assignee_id         VARCHAR(64),
    unread              BOOLEAN      NOT NULL DEFAULT false,
    activity_id         UUID,                      -- the open activity, or the last completed one
    activity_open       BOOLEAN      NOT NULL DEFAULT false,
    activity_opened_at  TIMESTAMPTZ,
    chatbot_active      BOOLEAN      NOT NULL DEFAULT false,
    message_sequence    BIGINT       NOT NULL DEFAULT 0,   -- last message's sequence (gap-free, from 1)
    last_message_at     TIMESTAMPTZ,
    created_at          TIMESTAMPTZ  NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL,
    event_sequence      BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT conversations_status CHECK (status IN ('OPEN', 'PENDING', 'SNOOZED', 'RESOLVED')),
    CONSTRAINT conversations_one_per_channel UNIQUE (tenant_id, customer_id, channel)
);
-- Listing: keyset on (created_at, id) newest first, per tenant.
CREATE INDEX conversations_list ON conversations (tenant_id, created_at DESC, id DESC);
CREATE INDEX conversations_assignee ON conversations (tenant_id, assignee_id) WHERE status <> 'RESOLVED';
CREATE INDEX conversations_snoozed ON conversations (snoozed_until) WHERE status = 'SNOOZED';

CREATE TABLE messages (
    id                UUID          PRIMARY KEY,
    tenant_id         VARCHAR(64)   NOT NULL,
    conversation_id   UUID          NOT NULL REFERENCES conversations (id),
    sequence          BIGINT        NOT NULL,
    direction         VARCHAR(16)   NOT NULL,   -- INCOMING (customer), OUTGOING (agent, bot), SYSTEM
    author_kind       VARCHAR(16)   NOT NULL,   -- Actor.Kind
    author_id         VARCHAR(64),
    text              VARCHAR(4096) NOT NULL,
    client_message_id VARCHAR(128),             -- Idempotency-Key or clientMessageId
    created_at        TIMESTAMPTZ   NOT NULL,
    CONSTRAINT messages_sequence UNIQUE (conversation_id, sequence),
    CONSTRAINT messages_idempotency UNIQUE (conversation_id, client_message_id)
);

-- Rows claimed with FOR UPDATE SKIP LOCKED by the poller of every replica: sent exactly once.
CREATE TABLE scheduled_messages (
    id              UUID          PRIMARY KEY,
    tenant_id       VARCHAR(64)   NOT NULL,
    conversation_id UUID          NOT NULL REFERENCES conversations (id),
    text            VARCHAR(4096) NOT NULL,
    send_at         TIMESTAMPTZ   NOT NULL,
    status          VARCHAR(16)   NOT NULL,     -- PENDING, SENT, CANCELLED
    author_kind     VARCHAR(16)   NOT NULL,
    author_id       VARCHAR(64),
    message_id      UUID,
    created_at      TIMESTAMPTZ   NOT NULL,
    sent_at         TIMESTAMPTZ,
    CONSTRAINT scheduled_messages_status CHECK (status IN ('PENDING', 'SENT', 'CANCELLED'))
);
CREATE INDEX scheduled_messages_due ON scheduled_messages (send_at) WHERE status = 'PENDING';

-- Per-tenant auto-assignment; the row is also the lock that serialises a tenant's assignment decisions.
CREATE TABLE auto_assignment_settings (
    tenant_id  VARCHAR(64) PRIMARY KEY,
    mode       VARCHAR(32) NOT NULL,            -- OFF, ROUND_ROBIN, FEWEST_OPEN_ACTIVITIES
    cap        INT         NOT NULL,            -- most open (not RESOLVED) conversations per agent
    updated_at TIMESTAMPTZ NOT NULL
);

-- Replicated from agent.events (notification-service owns agents).
CREATE TABLE agent_availability (
    tenant_id        VARCHAR(64) NOT NULL,
    agent_id         VARCHAR(64) NOT NULL,
    availability     VARCHAR(16) NOT NULL,      -- ONLINE, BUSY, OFFLINE
    event_sequence   BIGINT      NOT NULL DEFAULT 0,
    last_assigned_at TIMESTAMPTZ,               -- round robin: the longest-waiting agent goes first
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, agent_id)
);
