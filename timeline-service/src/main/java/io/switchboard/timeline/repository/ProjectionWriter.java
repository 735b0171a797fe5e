package io.switchboard.timeline.repository;

import io.smallrye.mutiny.Uni;
import io.switchboard.platform.security.ApiKeyReplica;
import io.switchboard.timeline.domain.TimelineEntry;
import io.switchboard.timeline.service.EntryProjection.Effect;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Applies a batch of projected events in the caller's transaction, which claimed them first (the platform's
 * BatchConsumer under the name {@link #CONSUMER}). One round trip per kind of effect, not per event: this is what
 * makes the projection fast enough.
 */
@ApplicationScoped
public class ProjectionWriter {

    public static final String CONSUMER = "timeline-projection";

    private static final String INSERT_ENTRIES = """
            INSERT INTO timeline_entries (id, event_id, tenant_id, customer_id, type, aggregate_id, sequence, source,
                                          occurred_at, actor_kind, actor_id, summary, data, is_comment, comment_id)
            SELECT id, id, tenant_id, customer_id, type, aggregate_id, sequence, source, occurred_at, actor_kind,
                   actor_id, summary, data::jsonb, is_comment, comment_id
              FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[],
                          $8::timestamptz[], $9::text[], $10::text[], $11::text[], $12::text[], $13::boolean[],
                          $14::uuid[])
                AS t(id, tenant_id, customer_id, type, aggregate_id, sequence, source, occurred_at, actor_kind,
                     actor_id, summary, data, is_comment, comment_id)""";
    // The comment disappears (text, attachments); the entry keeps that it existed and who deleted it, when.
    private static final String DELETE_COMMENT = """
            UPDATE timeline_entries
               SET data = data - 'text' - 'attachmentIds', deleted_at = $3, deleted_by_kind = $4, deleted_by_id = $5,
                   summary = 'Deleted comment'
             WHERE tenant_id = $1 AND comment_id = $2 AND is_comment AND deleted_at IS NULL""";
    private static final String AGENT_REGISTERED = """
            INSERT INTO known_agents (tenant_id, agent_id) VALUES ($1, $2) ON CONFLICT DO NOTHING""";

    private final IndicatorWriter indicators;
    private final ApiKeyReplica apiKeys;

    public ProjectionWriter(IndicatorWriter indicators, ApiKeyReplica apiKeys) {
        this.indicators = indicators;
        this.apiKeys = apiKeys;
    }

    /**
     * Writes the effects of events seen for the first time (the caller claimed them in this transaction).
     * @return how many entries were written
     */
    public Uni<Integer> apply(SqlConnection conn, List<Effect> fresh) {
        List<TimelineEntry> entries = fresh.stream().map(Effect::entry).filter(x -> x != null).toList();
        return insertEntries(conn, entries)
                .chain(() -> deleteComments(conn, fresh))
                .chain(() -> apiKeys.apply(conn, fresh.stream().map(Effect::botKey).filter(x -> x != null).toList()))
                .chain(() -> agents(conn, fresh))
                .chain(() -> indicators.apply(conn, fresh))
                .replaceWith(entries.size());
    }

    private Uni<Void> insertEntries(SqlConnection conn, List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = entries.size();
        UUID[] id = new UUID[n];
        String[] tenant = new String[n], customer = new String[n], type = new String[n], aggregate = new String[n],
                source = new String[n], actorKind = new String[n], actorId = new String[n], summary = new String[n],
                data = new String[n];
        Long[] sequence = new Long[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        Boolean[] comment = new Boolean[n];
        UUID[] commentId = new UUID[n];
        for (int i = 0; i < n; i++) {
            TimelineEntry e = entries.get(i);
            id[i] = e.id();
            tenant[i] = e.tenantId();
            customer[i] = e.customerId();
            type[i] = e.type();
            aggregate[i] = e.aggregateId();
            sequence[i] = e.sequence();
            source[i] = e.source();
            occurred[i] = e.occurredAt();
            actorKind[i] = e.actorKind();
            actorId[i] = e.actorId();
            summary[i] = e.summary();
            data[i] = e.data();
            comment[i] = e.comment();
            commentId[i] = e.commentId();
        }
        return conn.preparedQuery(INSERT_ENTRIES).execute(Tuple.from(List.of(id, tenant, customer, type, aggregate,
                sequence, source, occurred, actorKind, actorId, summary, data, comment, commentId))).replaceWithVoid();
    }

    // Runs after the batch's inserts, so a note and its deletion in the same batch end up deleted.
    private Uni<Void> deleteComments(SqlConnection conn, List<Effect> fresh) {
        List<Tuple> deletions = new ArrayList<>();
        for (Effect e : fresh) {
            if (e.isCommentDeletion() && e.entry() != null) {
                UUID commentId = uuid(e.data().path("commentId").asText(null));
                if (commentId != null) {
                    deletions.add(Tuple.tuple().addString(e.event().tenantId()).addUUID(commentId)
                            .addOffsetDateTime(e.entry().occurredAt()).addString(e.entry().actorKind())
                            .addString(e.entry().actorId()));
                }
            }
        }
        return deletions.isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery(DELETE_COMMENT).executeBatch(deletions).replaceWithVoid();
    }

    private Uni<Void> agents(SqlConnection conn, List<Effect> fresh) {
        List<Tuple> agents = new ArrayList<>();
        for (Effect e : fresh) {
            String agent = e.registeredAgent();
            if (agent != null && !agent.isBlank() && agent.length() <= 128) {
                agents.add(Tuple.of(e.event().tenantId(), agent));
            }
        }
        return agents.isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery(AGENT_REGISTERED).executeBatch(agents).replaceWithVoid();
    }

    private static UUID uuid(String s) {
        try {
            return s == null ? null : UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
