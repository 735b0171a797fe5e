-- The tenant's agents as registered in notification-service's directory (agent.registered on agent.events): what a
-- comment's mentions are checked against.
CREATE TABLE known_agents (
    tenant_id VARCHAR(64)  NOT NULL,
    agent_id  VARCHAR(128) NOT NULL,
    PRIMARY KEY (tenant_id, agent_id)
);
