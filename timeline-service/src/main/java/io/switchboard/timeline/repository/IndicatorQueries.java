package io.switchboard.timeline.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the incrementally kept indicators; a date range is a sum over per-day rows. */
@ApplicationScoped
public class IndicatorQueries {

    public record Indicators(Map<String, Long> conversationsByStatus, Map<String, Long> conversationsByChannel,
            Map<String, Long> byCampaign, Map<String, Long> interactionsByChannel, Instant lastInteractionAt) {
    }

    private static final String CONVERSATIONS = """
            SELECT status, coalesce(channel, 'unknown') AS channel, count(*) AS n FROM indicator_conversations
             WHERE tenant_id = $1 AND customer_id = $2
               AND ($3::timestamptz IS NULL OR started_at >= $3) AND ($4::timestamptz IS NULL OR started_at < $4)
             GROUP BY status, coalesce(channel, 'unknown') ORDER BY 1, 2""";
    private static final String DAILY = """
            SELECT dimension, key, sum(count) AS n, max(last_at) AS last_at FROM indicator_daily
             WHERE tenant_id = $1 AND customer_id = $2
               AND ($3::date IS NULL OR day >= $3) AND ($4::date IS NULL OR day < $4)
             GROUP BY dimension, key ORDER BY n DESC, key""";

    private final Pool pool;

    public IndicatorQueries(Pool pool) {
        this.pool = pool;
    }

    /** {@code from} inclusive, {@code to} exclusive (the caller turns dates into UTC day bounds). */
    public Uni<Indicators> of(String tenant, String customer, Instant from, Instant to) {
        OffsetDateTime f = from == null ? null : from.atOffset(java.time.ZoneOffset.UTC);
        OffsetDateTime t = to == null ? null : to.atOffset(java.time.ZoneOffset.UTC);
        // Days are whole: a range starting mid-day counts that day; one ending mid-day counts it too.
        LocalDate fromDay = f == null ? null : f.toLocalDate();
        LocalDate toDay = t == null ? null : (t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? t.toLocalDate() : t.toLocalDate().plusDays(1));
        Uni<Map<String, Map<String, Long>>> conversations = pool.preparedQuery(CONVERSATIONS)
                .execute(Tuple.of(tenant, customer, f, t)).map(rows -> {
                    Map<String, Long> byStatus = new LinkedHashMap<>();
                    Map<String, Long> byChannel = new LinkedHashMap<>();
                    rows.forEach(r -> {
                        byStatus.merge(r.getString("status"), r.getLong("n"), Long::sum);
                        byChannel.merge(r.getString("channel"), r.getLong("n"), Long::sum);
                    });
                    return Map.of("status", byStatus, "channel", byChannel);
                });
        return conversations.chain(c -> pool.preparedQuery(DAILY).execute(Tuple.of(tenant, customer, fromDay, toDay))
                .map(rows -> {
                    Map<String, Long> campaigns = new LinkedHashMap<>();
                    Map<String, Long> channels = new LinkedHashMap<>();
                    Instant last = null;
                    for (var r : rows) {
                        if ("campaign".equals(r.getString("dimension"))) {
                            campaigns.put(r.getString("key"), r.getLong("n"));
                        } else {
                            channels.put(r.getString("key"), r.getLong("n"));
                            Instant at = r.getOffsetDateTime("last_at").toInstant();
                            last = last == null || at.isAfter(last) ? at : last;
                        }
                    }
                    return new Indicators(c.get("status"), c.get("channel"), campaigns, channels, last);
                }));
    }
}
