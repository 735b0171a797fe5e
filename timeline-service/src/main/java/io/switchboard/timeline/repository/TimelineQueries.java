package io.switchboard.timeline.repository;

import io.smallrye.mutiny.Uni;
import io.switchboard.timeline.domain.PageCursor;
import io.switchboard.timeline.domain.TimelineFilter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads of the timeline; every statement is scoped by tenant and customer. */
@ApplicationScoped
public class TimelineQueries {

    /** An entry as stored; {@code data} is the JSON text, passed through to the response unparsed. */
    public record EntryRow(UUID id, String customerId, String type, UUID eventId, Instant occurredAt, long sequence,
            String source, String actorKind, String actorId, String summary, String data, Instant deletedAt,
            String deletedByKind, String deletedById) {
    }

    private static final String COLUMNS = """
            SELECT id, customer_id, type, event_id, occurred_at, sequence, source, actor_kind, actor_id, summary,
                   data::text AS data, deleted_at, deleted_by_kind, deleted_by_id
              FROM timeline_entries""";

    private final Pool pool;

    public TimelineQueries(Pool pool) {
        this.pool = pool;
    }

    /**
     * Newest first: occurred_at desc, then sequence desc, then id desc; at most {@code limit} rows. With a types
     * filter each type's newest rows are read in index order ({@code timeline_entries_type_page}) and merged: a
     * plain {@code type = ANY(...)} cannot use that order, so it would sort every entry of those types for each page.
     */
    public Uni<List<EntryRow>> page(String tenant, String customer, TimelineFilter filter, PageCursor after, int limit) {
        StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE tenant_id = $1 AND customer_id = $2");
        List<Object> args = new ArrayList<>(List.of(tenant, customer));
        int typesParam = 0; // with a types filter: the parameter that carries them
        if (!filter.types().isEmpty()) {
            args.add(filter.types().toArray(new String[0]));
            typesParam = args.size();
            sql.append(" AND type = f.type");
        }
        if (filter.onlyComments()) {
            sql.append(" AND is_comment");
        }
        if (filter.from() != null) {
            args.add(utc(filter.from()));
            sql.append(" AND occurred_at >= $").append(args.size());
        }
        if (filter.to() != null) {
            args.add(utc(filter.to()));
            sql.append(" AND occurred_at < $").append(args.size());
        }
        if (after != null) {
            args.add(utc(after.occurredAt()));
            args.add(after.sequence());
            args.add(after.id());
            int n = args.size();
            sql.append(" AND (occurred_at, sequence, id) < ($").append(n - 2).append(", $").append(n - 1)
                    .append(", $").append(n).append(')');
        }
        args.add(limit);
        String order = " ORDER BY occurred_at DESC, sequence DESC, id DESC LIMIT $" + args.size();
        sql.append(order);
        if (typesParam > 0) {
            sql.insert(0, "SELECT e.* FROM unnest($" + typesParam + "::text[]) AS f(type) CROSS JOIN LATERAL (")
                    .append(") e").append(order);
        }
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
            List<EntryRow> out = new ArrayList<>();
            rows.forEach(r -> out.add(row(r)));
            return out;
        });
    }

    public Uni<Boolean> customerKnown(String tenant, String customer) {
        return pool.preparedQuery("SELECT 1 FROM timeline_entries WHERE tenant_id = $1 AND customer_id = $2 LIMIT 1")
                .execute(Tuple.of(tenant, customer)).map(rows -> rows.size() > 0);
    }

    public Uni<EntryRow> entry(String tenant, String customer, UUID id) {
        return pool.preparedQuery(COLUMNS + " WHERE tenant_id = $1 AND customer_id = $2 AND id = $3")
                .execute(Tuple.of(tenant, customer, id))
                .map(rows -> rows.size() == 0 ? null : row(rows.iterator().next()));
    }

    private static EntryRow row(Row r) {
        OffsetDateTime deleted = r.getOffsetDateTime("deleted_at");
        return new EntryRow(r.getUUID("id"), r.getString("customer_id"), r.getString("type"), r.getUUID("event_id"),
                r.getOffsetDateTime("occurred_at").toInstant(), r.getLong("sequence"), r.getString("source"),
                r.getString("actor_kind"), r.getString("actor_id"), r.getString("summary"), r.getString("data"),
                deleted == null ? null : deleted.toInstant(), r.getString("deleted_by_kind"), r.getString("deleted_by_id"));
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
