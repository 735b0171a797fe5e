package io.switchboard.conversation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.Actor;
import io.switchboard.conversation.domain.Conversation;
import io.switchboard.conversation.domain.ConversationRules;
import io.switchboard.conversation.domain.ConversationStatus;
import io.switchboard.conversation.domain.EventBatch;
import io.switchboard.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Auto-assignment, a tenant setting: OFF, ROUND_ROBIN (the ONLINE agent assigned longest ago) or
 * FEWEST_OPEN_ACTIVITIES, never above {@code cap} open (not RESOLVED) conversations per agent.
 * <p>
 * The tenant's settings row is locked (FOR UPDATE) for every decision, so two decisions never count the same
 * free slot twice. Lock order, to stay free of deadlocks: a command holds its conversation, then the settings
 * row, then agent rows; the queue drain holds the settings row and takes conversations with SKIP LOCKED only.
 */
@ApplicationScoped
public class AutoAssigner {

    public enum Mode { OFF, ROUND_ROBIN, FEWEST_OPEN_ACTIVITIES }

    public record Settings(Mode mode, int cap) {
    }

    private static final String LOCK_SETTINGS = "SELECT mode, cap FROM auto_assignment_settings WHERE tenant_id = :tenant FOR UPDATE";
    private static final String OPEN_LOAD = """
            (SELECT count(*) FROM conversations c
              WHERE c.tenant_id = a.tenant_id AND c.assignee_id = a.agent_id AND c.status <> 'RESOLVED')""";
    private static final String PICK = """
            SELECT a.agent_id FROM agent_availability a
             WHERE a.tenant_id = :tenant AND a.availability = 'ONLINE' AND %s < :cap
             ORDER BY %s a.last_assigned_at NULLS FIRST, a.agent_id
             LIMIT 1""";
    private static final String PICK_ROUND_ROBIN = PICK.formatted(OPEN_LOAD, "");
    private static final String PICK_FEWEST = PICK.formatted(OPEN_LOAD, """
            (SELECT count(*) FROM conversations c
              WHERE c.tenant_id = a.tenant_id AND c.assignee_id = a.agent_id AND c.activity_open),""");
    private static final String MARK_ASSIGNED = """
            UPDATE agent_availability SET last_assigned_at = clock_timestamp()
             WHERE tenant_id = :tenant AND agent_id = :agent""";
    private static final String QUEUE = """
            SELECT id FROM conversations
             WHERE tenant_id = :tenant AND assignee_id IS NULL AND status <> 'RESOLVED' AND id <> :except
             ORDER BY created_at, id
             LIMIT :limit
             FOR UPDATE SKIP LOCKED""";
    private static final String UPSERT_SETTINGS = """
            INSERT INTO auto_assignment_settings (tenant_id, mode, cap, updated_at) VALUES (:tenant, :mode, :cap, now())
            ON CONFLICT (tenant_id) DO UPDATE SET mode = excluded.mode, cap = excluded.cap, updated_at = now()""";

    // The hot path's forms of the same statements, on the plain reactive client (positional parameters).
    private static final String LOCK_SETTINGS_OF = """
            SELECT tenant_id, mode, cap FROM auto_assignment_settings WHERE tenant_id = ANY($1) ORDER BY tenant_id
               FOR UPDATE""";
    private static final String PICK_ROUND_ROBIN_PLAIN = positional(PICK_ROUND_ROBIN, "tenant", "cap");
    private static final String PICK_FEWEST_PLAIN = positional(PICK_FEWEST, "tenant", "cap");
    private static final String MARK_ASSIGNED_PLAIN = positional(MARK_ASSIGNED, "tenant", "agent");
    private static final String SET_ASSIGNEE = "UPDATE conversations SET assignee_id = $2, status = $3 WHERE id = $1";

    static final Settings DEFAULT = new Settings(Mode.OFF, 10);
    /** No conversation id: the whole queue. */
    private static final UUID NONE = new UUID(0, 0);
    private static final int DRAIN_BATCH = 200;

    private final Outbox outbox;

    public AutoAssigner(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Locks the tenant's settings row (if any) for the rest of the transaction. */
    public Uni<Optional<Settings>> lockSettings(String tenantId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(LOCK_SETTINGS, Object[].class)
                        .setParameter("tenant", tenantId).getResultList())
                .map(rows -> rows.stream().findFirst()
                        .map(r -> new Settings(Mode.valueOf((String) r[0]), ((Number) r[1]).intValue())));
    }

    /** A new or reopened conversation nobody has: auto-assignment looks at it. */
    public static boolean wantsAgent(Conversation c) {
        return c.assigneeId == null && c.status != ConversationStatus.RESOLVED;
    }

    /** For a new or reopened conversation, in the caller's transaction with the conversation locked. */
    public Uni<Void> assignIfUnassigned(Conversation c, EventBatch events) {
        if (!wantsAgent(c)) {
            return Uni.createFrom().voidItem();
        }
        return lockSettings(c.tenantId).chain(settings -> settings.filter(s -> s.mode() != Mode.OFF)
                .map(s -> assign(c, s, events).replaceWithVoid())
                .orElseGet(() -> Uni.createFrom().voidItem()));
    }

    /**
     * The hot path's form: locks these tenants' settings rows (tenant order, so batches never deadlock on them)
     * for the rest of the caller's transaction on {@code conn}; tenants without a row are OFF.
     */
    public Uni<Map<String, Settings>> lockSettings(SqlClient conn, Collection<String> tenants) {
        return conn.preparedQuery(LOCK_SETTINGS_OF).execute(Tuple.of(tenants.toArray(new String[0]))).map(rows -> {
            Map<String, Settings> found = new HashMap<>();
            for (Row r : rows) {
                found.put(r.getString("tenant_id"), new Settings(Mode.valueOf(r.getString("mode")), r.getInteger("cap")));
            }
            return found;
        });
    }

    /**
     * The hot path's form of {@link #assignIfUnassigned(Conversation, EventBatch)}: the conversation row exists and
     * is locked, its tenant's settings are locked by {@link #lockSettings(SqlClient, Collection)}. The assignment is
     * written at once, so the next decision in the same transaction counts it.
     */
    public Uni<Void> assignIfUnassigned(SqlClient conn, Settings settings, Conversation c, EventBatch events) {
        if (!wantsAgent(c) || settings == null || settings.mode() == Mode.OFF) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(settings.mode() == Mode.ROUND_ROBIN ? PICK_ROUND_ROBIN_PLAIN : PICK_FEWEST_PLAIN)
                .execute(Tuple.of(c.tenantId, (long) settings.cap()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    String agent = rows.iterator().next().getString(0);
                    ConversationRules.assign(c, agent, Actor.SYSTEM, events);
                    return Uni.combine().all()
                            .unis(conn.preparedQuery(MARK_ASSIGNED_PLAIN).execute(Tuple.of(c.tenantId, agent)),
                                    conn.preparedQuery(SET_ASSIGNEE).execute(Tuple.of(c.id, agent, c.status.name())))
                            .discardItems();
                });
    }

    /** Named parameters ({@code :name}) to positional ones ({@code $1}...) in the order given. */
    private static String positional(String sql, String... names) {
        String result = sql;
        for (int i = 0; i < names.length; i++) {
            result = result.replace(":" + names[i], "$" + (i + 1));
        }
        return result;
    }

    /** @return whether an agent with a free slot was found */
    private Uni<Boolean> assign(Conversation c, Settings settings, EventBatch events) {
        return Panache.getSession()
                .chain(s -> s.flush().chain(() -> s.createNativeQuery(
                                settings.mode() == Mode.ROUND_ROBIN ? PICK_ROUND_ROBIN : PICK_FEWEST, String.class)
                        .setParameter("tenant", c.tenantId).setParameter("cap", (long) settings.cap())
                        .getResultList()))
                .chain(agents -> {
                    if (agents.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    String agent = agents.get(0);
                    ConversationRules.assign(c, agent, Actor.SYSTEM, events);
                    return Panache.getSession().chain(s -> s.createNativeQuery(MARK_ASSIGNED)
                            .setParameter("tenant", c.tenantId).setParameter("agent", agent).executeUpdate())
                            .replaceWith(true);
                });
    }

    /**
     * Assigns the unassigned queue, oldest first, while an agent has a free slot; in the caller's transaction,
     * which must already hold the settings lock. Conversations locked by a command in flight are skipped: that
     * command runs its own assignment once it gets the settings lock.
     */
    public Uni<Integer> drain(String tenantId, Settings settings) {
        return drain(tenantId, settings, NONE);
    }

    /**
     * A command freed a slot (its conversation resolved or released by its agent): with the settings locked, the
     * queue drains oldest first, as when an agent comes online. In the command's transaction, after its conversation
     * lock (the lock order above). The command's own conversation is left out: its events are appended after this
     * runs, and an assignment of it here would reach the topic before the change that released it.
     */
    public Uni<Void> slotFreed(Conversation command) {
        return Panache.getSession().chain(s -> s.flush())
                .chain(() -> lockSettings(command.tenantId))
                .chain(settings -> settings.map(s -> drain(command.tenantId, s, command.id).replaceWithVoid())
                        .orElseGet(() -> Uni.createFrom().voidItem()));
    }

    private Uni<Integer> drain(String tenantId, Settings settings, UUID except) {
        if (settings.mode() == Mode.OFF) {
            return Uni.createFrom().item(0);
        }
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(QUEUE, UUID.class).setParameter("tenant", tenantId)
                        .setParameter("except", except).setParameter("limit", DRAIN_BATCH).getResultList())
                .chain(ids -> drainEach(ids, 0, settings));
    }

    private Uni<Integer> drainEach(List<UUID> ids, int index, Settings settings) {
        if (index >= ids.size()) {
            return Uni.createFrom().item(index);
        }
        return Conversation.<Conversation>findById(ids.get(index)).chain(c -> {
            EventBatch events = new EventBatch();
            return assign(c, settings, events).chain(assigned -> assigned
                    ? events.appendTo(outbox).chain(() -> drainEach(ids, index + 1, settings))
                    : Uni.createFrom().item(index));
        });
    }

    public Uni<Settings> settings(String tenantId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT mode, cap FROM auto_assignment_settings WHERE tenant_id = :tenant", Object[].class)
                        .setParameter("tenant", tenantId).getResultList())
                .map(rows -> rows.stream().findFirst()
                        .map(r -> new Settings(Mode.valueOf((String) r[0]), ((Number) r[1]).intValue()))
                        .orElse(DEFAULT));
    }

    /** Saves the setting and, when it turns assignment on, assigns the waiting queue at once. */
    public Uni<Settings> update(String tenantId, Settings settings) {
        return Panache.getSession().chain(s -> s.createNativeQuery(UPSERT_SETTINGS)
                        .setParameter("tenant", tenantId).setParameter("mode", settings.mode().name())
                        .setParameter("cap", settings.cap()).executeUpdate())
                .chain(() -> lockSettings(tenantId))
                .chain(locked -> drain(tenantId, locked.orElse(DEFAULT)))
                .replaceWith(settings);
    }
}
