package io.switchboard.notification.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.Actor;
import io.switchboard.contracts.AgentEvents;
import io.switchboard.contracts.Change;
import io.switchboard.contracts.EventType;
import io.switchboard.notification.domain.Availability;
import io.switchboard.notification.repository.AgentRepository;
import io.switchboard.notification.repository.CounterRepository;
import io.switchboard.platform.outbox.Outbox;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenant's agents. An agent appears on its first authenticated request or socket (or when an ADMIN adds it):
 * agent.registered goes out through the outbox and the agent gets a counters row, so from then on it is one of
 * the tenant's known agents that receive the unassigned queue.
 */
@ApplicationScoped
public class AgentDirectory {

    private final AgentRepository agents;
    private final CounterRepository counters;
    private final Outbox outbox;
    private final Pool pool;
    /** Agents known to be registered: saves a transaction per request; a miss only costs an idempotent insert. */
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    public AgentDirectory(AgentRepository agents, CounterRepository counters, Outbox outbox, Pool pool) {
        this.agents = agents;
        this.pool = pool;
        this.counters = counters;
        this.outbox = outbox;
    }

    public static String aggregateId(String tenant, String agentId) {
        return tenant + "/" + agentId;
    }

    /** @return true when the agent was created by this call */
    public Uni<Boolean> ensureRegistered(String tenant, String agentId, String displayName, String email, Set<String> roles) {
        String key = aggregateId(tenant, agentId);
        if (registered.contains(key)) {
            return Uni.createFrom().item(false);
        }
        List<String> sortedRoles = List.copyOf(new TreeSet<>(roles));
        return pool.withTransaction(c -> agents.insert(c, tenant, agentId, displayName, email, String.join(",", sortedRoles))
                .call(created -> counters.ensureAgent(c, tenant, agentId))
                .call(created -> created
                        ? outbox.append(c, new Outbox.Pending(EventType.AGENT_REGISTERED, tenant, key, null, 1,
                                new AgentEvents.Registered(agentId, displayName, email, sortedRoles)))
                        : Uni.createFrom().voidItem()))
                .invoke(created -> registered.add(key));
    }

    /** Sets the agent's availability; an unchanged value writes and publishes nothing. */
    public Uni<Void> setAvailability(String tenant, String agentId, Availability availability, Actor actor) {
        String key = aggregateId(tenant, agentId);
        return pool.withTransaction(c -> agents.lockAvailability(c, tenant, agentId).chain(current -> {
            if (current == null || current.equals(availability.name())) {
                return Uni.createFrom().voidItem();
            }
            return agents.setAvailability(c, tenant, agentId, availability.name())
                    .chain(seq -> outbox.append(c, new Outbox.Pending(EventType.AGENT_AVAILABILITY_CHANGED, tenant, key, null, seq,
                            new AgentEvents.AvailabilityChanged(agentId, new Change<>(current, availability.name()), actor))))
                    .replaceWithVoid();
        }));
    }
}
