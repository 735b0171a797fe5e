package io.switchboard.timeline.repository;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.timeline.domain.Comment;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Comments and the attachment lookups they need; runs in the caller's Hibernate Reactive transaction. */
@ApplicationScoped
public class CommentRepository {

    private static final String COLUMNS = """
            SELECT id, tenant_id, customer_id, deal_id, text, mentions::text, attachment_ids::text, author_kind,
                   author_id, created_at, deleted_at, deleted_by_kind, deleted_by_id FROM comments""";

    private final ObjectMapper mapper;

    public CommentRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Uni<Void> insert(Comment c, String idempotencyKey) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO comments (id, tenant_id, customer_id, deal_id, text, mentions, attachment_ids,
                                              author_kind, author_id, idempotency_key, created_at)
                        VALUES (:id, :t, :c, :deal, :text, CAST(CAST(:mentions AS text) AS jsonb), CAST(CAST(:attachments AS text) AS jsonb),
                                :kind, :author, :key, :at)""")
                .setParameter("id", c.id()).setParameter("t", c.tenantId()).setParameter("c", c.customerId())
                .setParameter("deal", c.dealId()).setParameter("text", c.text())
                .setParameter("mentions", json(c.mentions())).setParameter("attachments", json(c.attachmentIds()))
                .setParameter("kind", c.authorKind()).setParameter("author", c.authorId())
                .setParameter("key", idempotencyKey).setParameter("at", c.createdAt())
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Comment> find(String tenant, String customer, UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery(COLUMNS
                        + " WHERE tenant_id = :t AND customer_id = :c AND id = :id", Object[].class)
                .setParameter("t", tenant).setParameter("c", customer).setParameter("id", id)
                .getResultList()).map(rows -> rows.isEmpty() ? null : comment(rows.get(0)));
    }

    public Uni<Comment> findByIdempotencyKey(String tenant, String author, String key) {
        return Panache.getSession().chain(s -> s.createNativeQuery(COLUMNS
                        + " WHERE tenant_id = :t AND author_id = :a AND idempotency_key = :k", Object[].class)
                .setParameter("t", tenant).setParameter("a", author).setParameter("k", key)
                .getResultList()).map(rows -> rows.isEmpty() ? null : comment(rows.get(0)));
    }

    /** The comment disappears: its text and attachments go; who deleted it and when stay. */
    public Uni<Void> markDeleted(UUID id, OffsetDateTime at, String kind, String by) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        UPDATE comments SET text = NULL, attachment_ids = '[]'::jsonb, deleted_at = :at,
                               deleted_by_kind = :kind, deleted_by_id = :by WHERE id = :id""")
                .setParameter("at", at).setParameter("kind", kind).setParameter("by", by).setParameter("id", id)
                .executeUpdate()).replaceWithVoid();
    }

    /** How many of these attachment ids exist in the tenant. */
    public Uni<Long> countAttachments(String tenant, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT count(*) FROM attachments WHERE tenant_id = :t AND id IN (:ids)", Long.class)
                .setParameter("t", tenant).setParameter("ids", List.copyOf(ids)).getSingleResult());
    }

    /** Of these agent ids, those the tenant's directory does not hold, in the given order. */
    public Uni<List<String>> unknownAgents(String tenant, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT agent_id FROM known_agents WHERE tenant_id = :t AND agent_id IN (:ids)", String.class)
                .setParameter("t", tenant).setParameter("ids", List.copyOf(ids)).getResultList())
                .map(known -> ids.stream().filter(id -> !known.contains(id)).toList());
    }

    /** Whether the customer has this deal: its customer.deal_created is on the customer's timeline. */
    public Uni<Boolean> dealKnown(String tenant, String customer, UUID dealId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        SELECT count(*) FROM timeline_entries
                         WHERE tenant_id = :t AND customer_id = :c AND type = 'customer.deal_created'
                           AND data ->> 'dealId' = :d""", Long.class)
                .setParameter("t", tenant).setParameter("c", customer).setParameter("d", dealId.toString())
                .getSingleResult()).map(n -> n > 0);
    }

    private Comment comment(Object[] r) {
        return new Comment((UUID) r[0], (String) r[1], (String) r[2], (UUID) r[3], (String) r[4],
                read((String) r[5], new TypeReference<List<String>>() { }),
                read((String) r[6], new TypeReference<List<UUID>>() { }),
                (String) r[7], (String) r[8], time(r[9]), time(r[10]), (String) r[11], (String) r[12]);
    }

    private static OffsetDateTime time(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt;
        }
        if (o instanceof java.time.Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        if (o instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atOffset(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(o.toString());
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
