-- Attention state per conversation, projected from conversation.events. Every event carries the
-- conversation's full state after it, so the newest sequence wins and older/duplicate events change nothing.
CREATE TABLE conversation_states (
    tenant_id       VARCHAR(64)  NOT NULL,
    conversation_id VARCHAR(64)  NOT NULL,
    customer_id     VARCHAR(64),
    assignee_id     VARCHAR(128),
    -- NONE: a placeholder row locked before the first event applies; it contributes to no counter.
    status          VARCHAR(16)  NOT NULL DEFAULT 'NONE',
    unread          BOOLEAN      NOT NULL DEFAULT false,
    activity_open   BOOLEAN      NOT NULL DEFAULT false,
    last_sequence   BIGINT       NOT NULL DEFAULT 0,
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, conversation_id)
);
CREATE INDEX conversation_states_assignee ON conversation_states (tenant_id, assignee_id);
CREATE INDEX conversation_states_customer ON conversation_states (tenant_id, customer_id);

-- The tenant's unassigned queue, maintained incrementally with the agents' counters (same transaction).
CREATE TABLE tenant_counters (
    tenant_id  VARCHAR(64) PRIMARY KEY,
    unassigned BIGINT      NOT NULL DEFAULT 0,
    sequence   BIGINT      NOT NULL DEFAULT 0,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Per agent: the counters and the agent's own gap-free frame sequence (counters and notification frames).
CREATE TABLE agent_counters (
    tenant_id       VARCHAR(64)  NOT NULL,
    agent_id        VARCHAR(128) NOT NULL,
    unread          BIGINT       NOT NULL DEFAULT 0,
    open_activities BIGINT       NOT NULL DEFAULT 0,
    sequence        BIGINT       NOT NULL DEFAULT 0,
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, agent_id)
);

-- Every frame an agent was sent, exactly as sent, kept for resume (?since=N) and trimmed by age and size.
CREATE TABLE agent_counter_changes (
    tenant_id  VARCHAR(64)  NOT NULL,
    agent_id   VARCHAR(128) NOT NULL,
    sequence   BIGINT       NOT NULL,
    frame      TEXT         NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, agent_id, sequence)
);
CREATE INDEX agent_counter_changes_created ON agent_counter_changes (created_at);

-- The tenant's agent directory: first sign-in or added by an ADMIN.
CREATE TABLE agents (
    tenant_id      VARCHAR(64)  NOT NULL,
    agent_id       VARCHAR(128) NOT NULL,
    display_name   VARCHAR(200),
    email          VARCHAR(320),
    roles          VARCHAR(200) NOT NULL DEFAULT '',
    availability   VARCHAR(16)  NOT NULL DEFAULT 'OFFLINE',
    event_sequence BIGINT       NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, agent_id)
);

-- Presence across replicas: each instance heartbeats its row and lists the sockets it holds. An agent is
-- online while a session exists on an instance whose heartbeat is fresh (a crashed replica's rows time out).
CREATE TABLE push_instances (
    instance_id  VARCHAR(64) PRIMARY KEY,
    started_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE push_sessions (
    connection_id VARCHAR(64)  PRIMARY KEY,
    instance_id   VARCHAR(64)  NOT NULL,
    tenant_id     VARCHAR(64)  NOT NULL,
    agent_id      VARCHAR(128) NOT NULL,
    connected_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX push_sessions_agent ON push_sessions (tenant_id, agent_id);
CREATE INDEX push_sessions_instance ON push_sessions (instance_id);

-- Mentions (timeline.agent_mentioned), one row per mentioned agent and event.
CREATE TABLE notifications (
    id          UUID         PRIMARY KEY,
    tenant_id   VARCHAR(64)  NOT NULL,
    agent_id    VARCHAR(128) NOT NULL,
    kind        VARCHAR(32)  NOT NULL,
    customer_id VARCHAR(64),
    comment_id  VARCHAR(64),
    excerpt     VARCHAR(500),
    actor_kind  VARCHAR(16),
    actor_id    VARCHAR(128),
    event_id    UUID         NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    read_at     TIMESTAMPTZ,
    UNIQUE (event_id, agent_id)
);
CREATE INDEX notifications_agent ON notifications (tenant_id, agent_id, created_at DESC);
