package io.switchboard.customer.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.customer.domain.Customer;
import io.switchboard.customer.domain.IdentityKey;
import io.switchboard.customer.domain.StringListConverter;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * customer_identities: the unique (tenant, kind, value) index is the arbiter of "one customer per contact".
 * Claims insert first (ON CONFLICT DO NOTHING) and never check-then-insert. Runs in the caller's transaction:
 * a Hibernate session's (the profile commands) or, for identify, a plain reactive connection's, where each step
 * is one statement for the whole batch of contacts.
 */
@ApplicationScoped
public class IdentityRepository {

    public record Match(IdentityKey key, UUID customerId) {
    }

    /** A key to be claimed for a customer (a new one, or an existing one a new channel is linked to). */
    public record Claim(IdentityKey key, UUID customerId) {
    }

    /** Which of these (kind, value) pairs exist, and whose they are. */
    private static final String LOOKUP = """
            SELECT i.kind, i.value, i.customer_id
              FROM customer_identities i
              JOIN unnest($2::text[], $3::text[]) AS k(kind, value) ON i.kind = k.kind AND i.value = k.value
             WHERE i.tenant_id = $1""";
    /**
     * Every claim of a batch in one statement. In (kind, value) order, so two batches that share keys take the
     * index entries in the same order and one waits for the other instead of deadlocking. A key another
     * transaction holds is not returned (it waited for that one to commit first).
     */
    private static final String CLAIM_BATCH = """
            INSERT INTO customer_identities (tenant_id, kind, value, customer_id)
            SELECT $1, k.kind, k.value, k.customer_id
              FROM unnest($2::text[], $3::text[], $4::uuid[]) AS k(kind, value, customer_id)
             ORDER BY k.kind, k.value
                ON CONFLICT (tenant_id, kind, value) DO NOTHING
            RETURNING kind, value""";

    /**
     * New customer rows, every column of the Customer entity (what Hibernate writes on persist), the rows as one
     * JSON document (as the outbox does: a text parameter cast in SQL). Column name → its type in the document.
     */
    private static final Map<String, String> CUSTOMER_COLUMNS = columns(
            "id uuid", "tenant_id text", "display_name text", "first_name text", "last_name text",
            "identification text", "emails text", "phones text", "whatsapp text", "addresses text", "attributes jsonb",
            "channel text", "external_id text", "origin_location text", "origin_first_contact_at timestamptz",
            "origin_site text", "origin_page_url text", "origin_referrer text", "origin_ip text", "origin_medium text",
            "origin_campaign text", "origin_entry_method text", "rating smallint", "status text", "assignee_id text",
            "created_at timestamptz", "updated_at timestamptz", "last_interaction_at timestamptz",
            "event_sequence bigint");
    private static final String INSERT_CUSTOMERS = "INSERT INTO customers (" + String.join(", ", CUSTOMER_COLUMNS.keySet())
            + ")\nSELECT " + String.join(", ", CUSTOMER_COLUMNS.keySet())
            + "\n  FROM jsonb_to_recordset(CAST(CAST($1 AS text) AS jsonb)) AS x("
            + CUSTOMER_COLUMNS.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
            + ")";

    private static final StringListConverter LISTS = new StringListConverter();

    private static final String CLAIM = """
            INSERT INTO customer_identities (tenant_id, kind, value, customer_id) VALUES (:t, :k, :v, :c)
            ON CONFLICT (tenant_id, kind, value) DO NOTHING""";
    private static final String RELEASE = """
            DELETE FROM customer_identities WHERE tenant_id = :t AND kind = :k AND value = :v AND customer_id = :c""";

    private final ObjectMapper mapper;

    public IdentityRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The holders of those of {@code keys} that exist (one statement). */
    public Uni<Map<IdentityKey, UUID>> lookup(SqlClient connection, String tenantId, Collection<IdentityKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] kinds = new String[keys.size()];
        String[] values = new String[keys.size()];
        int i = 0;
        for (IdentityKey k : keys) {
            kinds[i] = k.kind().name();
            values[i++] = k.value();
        }
        return connection.preparedQuery(LOOKUP).execute(Tuple.of(tenantId, kinds, values)).map(rows -> {
            Map<IdentityKey, UUID> holders = new HashMap<>();
            for (Row r : rows) {
                holders.put(key(r), r.getUUID("customer_id"));
            }
            return holders;
        });
    }

    /**
     * Claims every key (one statement; each key at most once in {@code claims}); answers the keys now claimed.
     * Fewer than asked means another transaction holds the rest: the caller rolls back and looks again.
     */
    public Uni<List<IdentityKey>> claim(SqlClient connection, String tenantId, List<Claim> claims) {
        if (claims.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] kinds = new String[claims.size()];
        String[] values = new String[claims.size()];
        UUID[] customers = new UUID[claims.size()];
        for (int i = 0; i < claims.size(); i++) {
            kinds[i] = claims.get(i).key().kind().name();
            values[i] = claims.get(i).key().value();
            customers[i] = claims.get(i).customerId();
        }
        return connection.preparedQuery(CLAIM_BATCH).execute(Tuple.of(tenantId, kinds, values, customers)).map(rows -> {
            List<IdentityKey> claimed = new ArrayList<>(rows.size());
            rows.forEach(r -> claimed.add(key(r)));
            return claimed;
        });
    }

    /** Inserts new customers as they are (one statement); answers the number of rows written. */
    public Uni<Integer> insertCustomers(SqlClient connection, List<Customer> customers) {
        if (customers.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Uni.createFrom().deferred(() -> connection.preparedQuery(INSERT_CUSTOMERS)
                .execute(Tuple.of(customerRows(customers))).map(rows -> rows.rowCount()));
    }

    private String customerRows(List<Customer> customers) {
        ArrayNode rows = mapper.createArrayNode();
        for (Customer c : customers) {
            ObjectNode row = rows.addObject()
                    .put("id", c.id.toString())
                    .put("tenant_id", c.tenantId)
                    .put("display_name", c.displayName)
                    .put("first_name", c.firstName)
                    .put("last_name", c.lastName)
                    .put("identification", c.identification)
                    .put("emails", LISTS.convertToDatabaseColumn(c.emails))
                    .put("phones", LISTS.convertToDatabaseColumn(c.phones))
                    .put("whatsapp", c.whatsapp)
                    .put("addresses", LISTS.convertToDatabaseColumn(c.addresses))
                    .put("channel", c.channel)
                    .put("external_id", c.externalId)
                    .put("origin_location", c.originLocation)
                    .put("origin_first_contact_at", text(c.originFirstContactAt))
                    .put("origin_site", c.originSite)
                    .put("origin_page_url", c.originPageUrl)
                    .put("origin_referrer", c.originReferrer)
                    .put("origin_ip", c.originIp)
                    .put("origin_medium", c.originMedium)
                    .put("origin_campaign", c.originCampaign)
                    .put("origin_entry_method", c.originEntryMethod)
                    .put("rating", c.rating)
                    .put("status", c.status.name())
                    .put("assignee_id", c.assigneeId)
                    .put("created_at", text(c.createdAt))
                    .put("updated_at", text(c.updatedAt))
                    .put("last_interaction_at", text(c.lastInteractionAt))
                    .put("event_sequence", c.eventSequence);
            row.set("attributes", mapper.valueToTree(c.attributes == null ? Map.of() : c.attributes));
        }
        try {
            return mapper.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("customer rows not serialisable", e);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static IdentityKey key(Row r) {
        return new IdentityKey(IdentityKey.Kind.valueOf(r.getString("kind")), r.getString("value"));
    }

    private static Map<String, String> columns(String... nameAndType) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String c : nameAndType) {
            String[] parts = c.split(" ");
            out.put(parts[0], parts[1]);
        }
        return out;
    }

    /** Existing identities among {@code keys}, strongest kind first. */
    public Uni<List<Match>> find(String tenantId, Collection<IdentityKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<IdentityKey> list = List.copyOf(keys);
        StringBuilder sql = new StringBuilder(
                "SELECT kind, value, CAST(customer_id AS text) FROM customer_identities WHERE tenant_id = :t AND (");
        for (int i = 0; i < list.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("(kind = :k").append(i).append(" AND value = :v").append(i).append(")");
        }
        sql.append(")");
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql.toString(), Object[].class).setParameter("t", tenantId);
            for (int i = 0; i < list.size(); i++) {
                q.setParameter("k" + i, list.get(i).kind().name()).setParameter("v" + i, list.get(i).value());
            }
            return q.getResultList();
        }).map(rows -> {
            List<Match> matches = new ArrayList<>();
            for (Object[] r : rows) {
                matches.add(new Match(new IdentityKey(IdentityKey.Kind.valueOf((String) r[0]), (String) r[1]),
                        UUID.fromString((String) r[2])));
            }
            matches.sort((a, b) -> a.key().kind().compareTo(b.key().kind()));
            return matches;
        });
    }

    /** @return true if the key is now this customer's, false if another customer holds it (maybe just now). */
    public Uni<Boolean> claim(String tenantId, IdentityKey key, UUID customerId) {
        return NativeSql.update(CLAIM, params(tenantId, key, customerId)).map(n -> n == 1);
    }

    /** Claims every key in order; answers the keys another customer holds (empty: all claimed). */
    public Uni<List<IdentityKey>> claimAll(String tenantId, Collection<IdentityKey> keys, UUID customerId) {
        Uni<List<IdentityKey>> chain = Uni.createFrom().item(new ArrayList<>());
        for (IdentityKey key : keys) {
            chain = chain.chain(taken -> claim(tenantId, key, customerId).map(ok -> {
                if (!ok) {
                    taken.add(key);
                }
                return taken;
            }));
        }
        return chain;
    }

    public Uni<Void> releaseAll(String tenantId, Collection<IdentityKey> keys, UUID customerId) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (IdentityKey key : keys) {
            chain = chain.chain(() -> NativeSql.update(RELEASE, params(tenantId, key, customerId))).replaceWithVoid();
        }
        return chain;
    }

    private static Map<String, Object> params(String tenantId, IdentityKey key, UUID customerId) {
        return Map.of("t", tenantId, "k", key.kind().name(), "v", key.value(), "c", customerId);
    }

    /** Who holds each of these keys (for a helpful 409). */
    public Uni<Map<IdentityKey, UUID>> holders(String tenantId, Collection<IdentityKey> keys) {
        return find(tenantId, keys).map(ms -> ms.stream().collect(Collectors.toMap(Match::key, Match::customerId, (a, b) -> a)));
    }
}
