package io.switchboard.conversation.repository;

import io.smallrye.mutiny.Uni;
import io.switchboard.conversation.domain.Channel;
import io.switchboard.conversation.domain.Conversation;
import io.switchboard.conversation.domain.ConversationStatus;
import io.switchboard.conversation.domain.Message;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The inbound hot path's statements, on the plain reactive client: every statement takes a whole batch of
 * messages (arrays bound to {@code unnest}), so a batch costs the same few round trips as one message.
 */
@ApplicationScoped
public class InboundRepository {

    /** A conversation's identity: one per tenant, customer and channel. */
    public record Key(String tenantId, UUID customerId, Channel channel) {
    }

    /** A message already stored under a client message id (Idempotency-Key) of its conversation. */
    public record Stored(UUID conversationId, String clientMessageId, UUID messageId, long sequence) {
    }

    private static final String FIND_CONTACT = """
            SELECT customer_id FROM contacts WHERE tenant_id = $1 AND channel = $2 AND external_id = $3""";
    private static final String INSERT_CONTACT = """
            INSERT INTO contacts (tenant_id, channel, external_id, customer_id) VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING""";

    private static final String COLUMNS = """
            id, tenant_id, customer_id, channel, status, snoozed_until, assignee_id, unread, activity_id, activity_open,
            activity_opened_at, chatbot_active, message_sequence, last_message_at, created_at, updated_at, event_sequence""";
    private static final String KEYS = "unnest($1::text[], $2::uuid[], $3::text[]) AS k(tenant_id, customer_id, channel)";
    private static final String MATCHES_KEY = "c.tenant_id = k.tenant_id AND c.customer_id = k.customer_id AND c.channel = k.channel";
    // Locked in id order, so two replicas' batches that share conversations wait for each other instead of deadlocking.
    private static final String LOCK = "SELECT c.* FROM conversations c JOIN " + KEYS + " ON " + MATCHES_KEY
            + " ORDER BY c.id FOR UPDATE OF c";
    private static final String STORED = """
            SELECT c.id AS conversation_id, m.client_message_id, m.id, m.sequence
              FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[]) AS k(tenant_id, customer_id, channel, client_message_id)
              JOIN conversations c ON %s
              JOIN messages m ON m.conversation_id = c.id AND m.client_message_id = k.client_message_id""".formatted(MATCHES_KEY);
    // Inserted in key order for the same reason; a key another transaction inserted first is not returned.
    private static final String INSERT = """
            INSERT INTO conversations (id, tenant_id, customer_id, channel, status, created_at, updated_at)
            SELECT gen_random_uuid(), k.tenant_id, k.customer_id, k.channel, 'OPEN', $4, $4 FROM %s
             ORDER BY k.tenant_id, k.customer_id, k.channel
            ON CONFLICT (tenant_id, customer_id, channel) DO NOTHING
            RETURNING %s""".formatted(KEYS, COLUMNS);
    private static final String INSERT_MESSAGES = """
            INSERT INTO messages (id, tenant_id, conversation_id, sequence, direction, author_kind, author_id, text,
                                  client_message_id, created_at)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                                 $8::text[], $9::text[], $10::timestamptz[])""";
    private static final String UPDATE = """
            UPDATE conversations c
               SET status = k.status, snoozed_until = k.snoozed_until, assignee_id = k.assignee_id, unread = k.unread,
                   activity_id = k.activity_id, activity_open = k.activity_open, activity_opened_at = k.activity_opened_at,
                   chatbot_active = k.chatbot_active, message_sequence = k.message_sequence,
                   last_message_at = k.last_message_at, updated_at = k.updated_at, event_sequence = k.event_sequence
              FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::bool[], $6::uuid[], $7::bool[],
                          $8::timestamptz[], $9::bool[], $10::bigint[], $11::timestamptz[], $12::timestamptz[], $13::bigint[])
                   AS k(id, status, snoozed_until, assignee_id, unread, activity_id, activity_open, activity_opened_at,
                        chatbot_active, message_sequence, last_message_at, updated_at, event_sequence)
             WHERE c.id = k.id""";

    private final Pool pool;

    public InboundRepository(Pool pool) {
        this.pool = pool;
    }

    /** The customer a contact was resolved to, or null. Contacts are written once and never change. */
    public Uni<UUID> findContact(String tenantId, Channel channel, String externalId) {
        return pool.preparedQuery(FIND_CONTACT).execute(Tuple.of(tenantId, channel.wireName(), externalId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
    }

    /** Records the contact's customer unless a concurrent first message did; returns the one stored. */
    public Uni<UUID> saveContact(String tenantId, Channel channel, String externalId, UUID customerId) {
        return pool.preparedQuery(INSERT_CONTACT).execute(Tuple.of(tenantId, channel.wireName(), externalId, customerId))
                .chain(() -> findContact(tenantId, channel, externalId));
    }

    /** Locks the existing conversations of these keys (for the rest of the transaction). */
    public Uni<List<Conversation>> lock(SqlClient conn, Collection<Key> keys) {
        return conn.preparedQuery(LOCK).execute(keyTuple(keys)).map(InboundRepository::conversations);
    }

    /** Creates the conversations of these keys that no one created yet; returns those it created (locked). */
    public Uni<List<Conversation>> create(SqlClient conn, Collection<Key> keys, Instant now) {
        return conn.preparedQuery(INSERT).execute(keyTuple(keys).addValue(utc(now))).map(InboundRepository::conversations);
    }

    /** Messages already stored under these (conversation key, client message id) pairs. */
    public Uni<List<Stored>> stored(SqlClient conn, List<Key> keys, List<String> clientMessageIds) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Tuple t = keyTuple(keys).addValue(clientMessageIds.toArray(new String[0]));
        return conn.preparedQuery(STORED).execute(t).map(rows -> {
            List<Stored> found = new ArrayList<>(rows.size());
            for (Row r : rows) {
                found.add(new Stored(r.getUUID("conversation_id"), r.getString("client_message_id"), r.getUUID("id"),
                        r.getLong("sequence")));
            }
            return found;
        });
    }

    /** Inserts the new messages and writes the changed conversations, two statements sent together. */
    public Uni<Void> write(SqlClient conn, List<Message> messages, Collection<Conversation> changed) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = messages.size();
        UUID[] ids = new UUID[n];
        String[] tenants = new String[n];
        UUID[] conversations = new UUID[n];
        Long[] sequences = new Long[n];
        String[] directions = new String[n];
        String[] authorKinds = new String[n];
        String[] authorIds = new String[n];
        String[] texts = new String[n];
        String[] clientIds = new String[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Message m = messages.get(i);
            ids[i] = m.id;
            tenants[i] = m.tenantId;
            conversations[i] = m.conversationId;
            sequences[i] = m.sequence;
            directions[i] = m.direction.name();
            authorKinds[i] = m.authorKind.name();
            authorIds[i] = m.authorId;
            texts[i] = m.text;
            clientIds[i] = m.clientMessageId;
            created[i] = utc(m.createdAt);
        }
        Uni<?> insert = conn.preparedQuery(INSERT_MESSAGES).execute(Tuple.tuple(List.<Object>of(ids, tenants, conversations,
                sequences, directions, authorKinds, authorIds, texts, clientIds, created)));
        return Uni.combine().all().unis(insert, update(conn, changed)).discardItems();
    }

    private static Uni<?> update(SqlClient conn, Collection<Conversation> changed) {
        int n = changed.size();
        UUID[] ids = new UUID[n];
        String[] statuses = new String[n];
        OffsetDateTime[] snoozed = new OffsetDateTime[n];
        String[] assignees = new String[n];
        Boolean[] unread = new Boolean[n];
        UUID[] activityIds = new UUID[n];
        Boolean[] activityOpen = new Boolean[n];
        OffsetDateTime[] activityOpenedAt = new OffsetDateTime[n];
        Boolean[] chatbot = new Boolean[n];
        Long[] messageSequences = new Long[n];
        OffsetDateTime[] lastMessageAt = new OffsetDateTime[n];
        OffsetDateTime[] updatedAt = new OffsetDateTime[n];
        Long[] eventSequences = new Long[n];
        int i = 0;
        for (Conversation c : changed) {
            ids[i] = c.id;
            statuses[i] = c.status.name();
            snoozed[i] = utc(c.snoozedUntil);
            assignees[i] = c.assigneeId;
            unread[i] = c.unread;
            activityIds[i] = c.activityId;
            activityOpen[i] = c.activityOpen;
            activityOpenedAt[i] = utc(c.activityOpenedAt);
            chatbot[i] = c.chatbotActive;
            messageSequences[i] = c.messageSequence;
            lastMessageAt[i] = utc(c.lastMessageAt);
            updatedAt[i] = utc(c.updatedAt);
            eventSequences[i] = c.eventSequence;
            i++;
        }
        return conn.preparedQuery(UPDATE).execute(Tuple.tuple(List.<Object>of(ids, statuses, snoozed, assignees, unread,
                activityIds, activityOpen, activityOpenedAt, chatbot, messageSequences, lastMessageAt, updatedAt,
                eventSequences)));
    }

    private static Tuple keyTuple(Collection<Key> keys) {
        int n = keys.size();
        String[] tenants = new String[n];
        UUID[] customers = new UUID[n];
        String[] channels = new String[n];
        int i = 0;
        for (Key k : keys) {
            tenants[i] = k.tenantId();
            customers[i] = k.customerId();
            channels[i] = k.channel().name();
            i++;
        }
        return Tuple.of(tenants, customers, channels);
    }

    private static List<Conversation> conversations(Iterable<Row> rows) {
        List<Conversation> found = new ArrayList<>();
        for (Row r : rows) {
            Conversation c = new Conversation();
            c.id = r.getUUID("id");
            c.tenantId = r.getString("tenant_id");
            c.customerId = r.getUUID("customer_id");
            c.channel = Channel.valueOf(r.getString("channel"));
            c.status = ConversationStatus.valueOf(r.getString("status"));
            c.snoozedUntil = instant(r.getOffsetDateTime("snoozed_until"));
            c.assigneeId = r.getString("assignee_id");
            c.unread = r.getBoolean("unread");
            c.activityId = r.getUUID("activity_id");
            c.activityOpen = r.getBoolean("activity_open");
            c.activityOpenedAt = instant(r.getOffsetDateTime("activity_opened_at"));
            c.chatbotActive = r.getBoolean("chatbot_active");
            c.messageSequence = r.getLong("message_sequence");
            c.lastMessageAt = instant(r.getOffsetDateTime("last_message_at"));
            c.createdAt = instant(r.getOffsetDateTime("created_at"));
            c.updatedAt = instant(r.getOffsetDateTime("updated_at"));
            c.eventSequence = r.getLong("event_sequence");
            found.add(c);
        }
        return found;
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
