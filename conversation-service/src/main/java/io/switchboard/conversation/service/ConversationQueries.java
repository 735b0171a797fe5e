package io.switchboard.conversation.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.switchboard.conversation.api.ConversationDtos.ConversationPage;
import io.switchboard.conversation.api.ConversationDtos.ConversationView;
import io.switchboard.conversation.api.ConversationDtos.Counts;
import io.switchboard.conversation.api.ConversationDtos.MessagePage;
import io.switchboard.conversation.api.ConversationDtos.MessageView;
import io.switchboard.conversation.domain.Channel;
import io.switchboard.conversation.domain.Conversation;
import io.switchboard.conversation.domain.ConversationStatus;
import io.switchboard.conversation.domain.Message;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Reads, always filtered by the caller's tenant. */
@ApplicationScoped
public class ConversationQueries {

    /** assignee: "me", "unassigned" or an agent id. */
    public record Filter(ConversationStatus status, String assignee, Boolean unread, Channel channel, UUID customerId) {
    }

    /**
     * Open work (not RESOLVED) of the tenant, whatever the filter: what the console's tabs show. Read on the pool,
     * beside the page's session: a native SELECT through Hibernate grows its plan cache on every call
     * (docs/CONVENTIONS.md).
     */
    private static final String COUNTS = """
            SELECT count(*) FILTER (WHERE assignee_id = $1),
                   count(*) FILTER (WHERE assignee_id IS NULL),
                   count(*)
              FROM conversations WHERE tenant_id = $2 AND status <> 'RESOLVED'""";

    private final Pool pool;

    public ConversationQueries(Pool pool) {
        this.pool = pool;
    }

    @WithSession
    public Uni<ConversationView> get(Caller caller, UUID id) {
        return find(caller, id).map(ConversationView::of);
    }

    private static Uni<Conversation> find(Caller caller, UUID id) {
        return Conversation.<Conversation>find("id = ?1 and tenantId = ?2", id, caller.tenantId()).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("conversation " + id));
    }

    /** Newest first by (createdAt, id): a keyset cursor, stable while conversations change. */
    @WithSession
    public Uni<ConversationPage> list(Caller caller, Filter filter, String cursor, int limit) {
        StringBuilder where = new StringBuilder("tenantId = :tenant");
        Parameters params = Parameters.with("tenant", caller.tenantId());
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.and("status", filter.status());
        }
        if ("unassigned".equals(filter.assignee())) {
            where.append(" and assigneeId is null");
        } else if (filter.assignee() != null) {
            where.append(" and assigneeId = :assignee");
            params.and("assignee", "me".equals(filter.assignee()) ? caller.id() : filter.assignee());
        }
        if (filter.unread() != null) {
            where.append(" and unread = :unread");
            params.and("unread", filter.unread());
        }
        if (filter.channel() != null) {
            where.append(" and channel = :channel");
            params.and("channel", filter.channel());
        }
        if (filter.customerId() != null) {
            where.append(" and customerId = :customer");
            params.and("customer", filter.customerId());
        }
        if (cursor != null) {
            Cursor c = Cursor.decode(cursor);
            where.append(" and (createdAt < :cAt or (createdAt = :cAt and id < :cId))");
            params.and("cAt", c.createdAt()).and("cId", c.id());
        }
        Uni<List<Conversation>> page = Conversation.<Conversation>find(where.toString(),
                Sort.descending("createdAt", "id"), params).range(0, limit).list();
        return Uni.combine().all().unis(page, counts(caller)).with((rows, counts) -> {
            boolean more = rows.size() > limit;
            List<Conversation> items = more ? rows.subList(0, limit) : rows;
            Conversation last = items.isEmpty() ? null : items.get(items.size() - 1);
            String next = more ? new Cursor(last.createdAt, last.id).encode() : null;
            return new ConversationPage(items.stream().map(ConversationView::of).toList(), next, counts);
        });
    }

    private Uni<Counts> counts(Caller caller) {
        return pool.preparedQuery(COUNTS).execute(Tuple.of(caller.id(), caller.tenantId())).map(rows -> {
            Row r = rows.iterator().next();
            return new Counts(r.getLong(0), r.getLong(1), r.getLong(2));
        });
    }

    @WithSession
    public Uni<MessagePage> messages(Caller caller, UUID id, long after, int limit) {
        return find(caller, id).chain(c -> Message.<Message>find("conversationId = ?1 and sequence > ?2",
                        Sort.ascending("sequence"), c.id, after).range(0, limit).list())
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<Message> items = more ? rows.subList(0, limit) : rows;
                    Long next = more ? items.get(items.size() - 1).sequence : null;
                    return new MessagePage(items.stream().map(MessageView::of).toList(), next);
                });
    }

    /** Opaque to clients: base64url of "epochSecond.nanos/uuid". */
    record Cursor(Instant createdAt, UUID id) {
        String encode() {
            String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + "/" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String value) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
                String[] parts = raw.split("/", 2);
                String[] time = parts[0].split("\\.", 2);
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(time[0]), Long.parseLong(time[1])),
                        UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw ProblemException.invalid("cursor", "not a cursor this service issued");
            }
        }
    }
}
