package io.switchboard.timeline.repository;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.EventType;
import io.switchboard.timeline.service.EntryProjection.Effect;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the per-customer indicators current from the same freshly claimed events as the entries, in the same
 * transaction: a redelivery changes nothing. Rows are folded in memory first, because one upsert statement
 * may not touch the same row twice.
 */
@ApplicationScoped
public class IndicatorWriter {

    private static final String UPSERT_CONVERSATION = """
            INSERT INTO indicator_conversations (tenant_id, conversation_id, customer_id, channel, status, last_sequence, started_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (tenant_id, conversation_id) DO UPDATE
               SET status = excluded.status, last_sequence = excluded.last_sequence,
                   channel = coalesce(indicator_conversations.channel, excluded.channel),
                   started_at = least(indicator_conversations.started_at, excluded.started_at)
             WHERE excluded.last_sequence > indicator_conversations.last_sequence""";
    private static final String UPSERT_DAILY = """
            INSERT INTO indicator_daily (tenant_id, customer_id, day, dimension, key, count, last_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (tenant_id, customer_id, dimension, day, key) DO UPDATE
               SET count = indicator_daily.count + excluded.count,
                   last_at = greatest(indicator_daily.last_at, excluded.last_at)""";

    private record ConversationState(String tenant, String conversationId, String customer, String channel,
            String status, long sequence, OffsetDateTime at) {
    }

    private record DailyKey(String tenant, String customer, LocalDate day, String dimension, String key) {
    }

    private record DailyValue(long count, OffsetDateTime lastAt) {
        DailyValue plus(OffsetDateTime at) {
            return new DailyValue(count + 1, at.isAfter(lastAt) ? at : lastAt);
        }
    }

    public Uni<Void> apply(SqlConnection conn, List<Effect> fresh) {
        Map<String, ConversationState> conversations = new LinkedHashMap<>();
        Map<DailyKey, DailyValue> daily = new LinkedHashMap<>();
        for (Effect e : fresh) {
            if (e.entry() == null) {
                continue;
            }
            JsonNode d = e.data();
            String tenant = e.entry().tenantId();
            String customer = e.entry().customerId();
            OffsetDateTime at = e.entry().occurredAt();
            String status = d.path("state").path("status").asText(null);
            String conversationId = d.path("conversationId").asText(null);
            if (e.event().type().startsWith("conversation.") && status != null && conversationId != null) {
                ConversationState next = new ConversationState(tenant, conversationId, customer,
                        d.path("channel").asText(null), status, e.event().sequence(), at);
                conversations.merge(tenant + "/" + conversationId, next, (a, b) -> b.sequence() > a.sequence()
                        ? new ConversationState(b.tenant(), b.conversationId(), b.customer(),
                                a.channel() != null ? a.channel() : b.channel(), b.status(), b.sequence(),
                                a.at().isBefore(b.at()) ? a.at() : b.at())
                        : a);
            }
            String channel = interactionChannel(e);
            if (channel != null) {
                daily.merge(new DailyKey(tenant, customer, day(at), "channel", channel), new DailyValue(1, at),
                        (a, b) -> a.plus(at));
            }
            String campaign = campaign(e);
            if (campaign != null) {
                daily.merge(new DailyKey(tenant, customer, day(at), "campaign", campaign), new DailyValue(1, at),
                        (a, b) -> a.plus(at));
            }
        }
        List<Tuple> conv = new ArrayList<>();
        conversations.values().forEach(c -> conv.add(Tuple.tuple().addString(c.tenant()).addString(c.conversationId())
                .addString(c.customer()).addString(c.channel()).addString(c.status()).addLong(c.sequence())
                .addOffsetDateTime(c.at())));
        List<Tuple> days = new ArrayList<>();
        daily.forEach((k, v) -> days.add(Tuple.from(List.of(k.tenant(), k.customer(), k.day(), k.dimension(), k.key(),
                v.count(), v.lastAt()))));
        Uni<Void> first = conv.isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery(UPSERT_CONVERSATION).executeBatch(conv).replaceWithVoid();
        return first.chain(() -> days.isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery(UPSERT_DAILY).executeBatch(days).replaceWithVoid());
    }

    /** Messages and calls are interactions; their channel is the customer's channel preference. */
    private static String interactionChannel(Effect e) {
        String type = e.event().type();
        if (EventType.CONVERSATION_MESSAGE_CREATED.typeName().equals(type)) {
            return truncate(e.data().path("channel").asText("unknown"));
        }
        if (EventType.TIMELINE_CALL_LOGGED.typeName().equals(type)) {
            return "phone";
        }
        return null;
    }

    /** Campaign touches: an e-mail campaign sent, or the campaign a lead came from. */
    private static String campaign(Effect e) {
        String type = e.event().type();
        if (EventType.TIMELINE_EMAIL_CAMPAIGN_SENT.typeName().equals(type)) {
            return truncate(e.data().path("campaignName").asText(e.data().path("campaignId").asText("unknown")));
        }
        if (EventType.CUSTOMER_CREATED.typeName().equals(type) && e.data().path("origin").hasNonNull("campaign")) {
            return truncate(e.data().path("origin").path("campaign").asText());
        }
        return null;
    }

    private static LocalDate day(OffsetDateTime at) {
        return at.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    }

    private static String truncate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200);
    }
}
