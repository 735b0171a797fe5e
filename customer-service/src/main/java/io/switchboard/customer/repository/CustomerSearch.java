package io.switchboard.customer.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.switchboard.customer.api.CustomerQuery;
import io.switchboard.customer.api.CustomerSummary;
import io.switchboard.customer.config.CustomerConfig;
import io.switchboard.customer.domain.CustomerStatus;
import io.switchboard.platform.error.Params;
import io.switchboard.platform.error.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Browse and search with keyset pagination. Every page is "tenant + filters, ordered by a sort key, after the
 * cursor's key", so it reads one index range (see the indexes in V1) whatever page it is. The cursor carries the
 * sort key as PostgreSQL's own text of each value, so it round-trips exactly (microseconds included).
 */
@ApplicationScoped
public class CustomerSearch {

    /** A sort: its columns (all NOT NULL), then the id as the tie-breaker. */
    enum Sort {
        CREATED("createdAt", "created_at:timestamptz"),
        UPDATED("updatedAt", "updated_at:timestamptz"),
        NAME("name", "display_name:text"),
        RATING("rating", "rating:smallint", "created_at:timestamptz");

        final String param;
        final List<String[]> columns = new ArrayList<>();

        Sort(String param, String... columns) {
            this.param = param;
            for (String c : columns) {
                this.columns.add(c.split(":"));
            }
            this.columns.add(new String[] {"id", "uuid"});
        }
    }

    /** A validated query: sort, direction, and the WHERE clause with its parameters after $1 (the tenant). */
    public record Filter(Sort sort, boolean descending, String where, List<Object> params, int limit, List<String> after) {
    }

    private record Cursor(String s, List<String> v) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = """
            c.id, c.display_name, (c.emails::jsonb)->>0 AS email, coalesce((c.phones::jsonb)->>0, c.whatsapp) AS phone,
            c.status, c.rating, c.assignee_id, c.created_at, c.updated_at, c.last_interaction_at""";

    private final Pool pool;
    private final CustomerConfig config;

    public CustomerSearch(Pool pool, CustomerConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** Validates the query; bad input is a 400 before any SQL runs. */
    public Filter filter(CustomerQuery q, String callerId) {
        String sortParam = q.sort == null || q.sort.isBlank() ? "-createdAt" : q.sort.trim();
        boolean descending = sortParam.startsWith("-");
        String name = descending ? sortParam.substring(1) : sortParam;
        Sort sort = Arrays.stream(Sort.values()).filter(s -> s.param.equals(name)).findFirst()
                .orElseThrow(() -> ProblemException.invalid("sort", "must be createdAt, updatedAt, name or rating, "
                        + "with a leading - for descending"));
        int limit = Params.limit("limit", q.limit, config.pageSize(), config.maxPageSize());
        Integer rating = Params.integer("rating", q.rating, 0, 5);
        Integer minRating = Params.integer("minRating", q.minRating, 0, 5);
        StringBuilder where = new StringBuilder("c.tenant_id = $1");
        List<Object> params = new ArrayList<>();
        if (q.status != null && !q.status.isBlank()) {
            String[] statuses = Arrays.stream(q.status.split(",")).map(String::trim).map(s -> {
                try {
                    return CustomerStatus.valueOf(s).name();
                } catch (IllegalArgumentException e) {
                    throw ProblemException.invalid("status", "must be NEW, IN_PROGRESS, SALE or NO_SALE (comma-separated)");
                }
            }).toArray(String[]::new);
            where.append(statuses.length == 1 ? " AND c.status = " + param(params, statuses[0])
                    : " AND c.status = ANY(" + param(params, statuses) + ")");
        }
        if (q.assignee != null && !q.assignee.isBlank()) {
            switch (q.assignee) {
                case "unassigned" -> where.append(" AND c.assignee_id IS NULL");
                case "me" -> where.append(" AND c.assignee_id = ").append(param(params, callerId));
                default -> where.append(" AND c.assignee_id = ").append(param(params, q.assignee.trim()));
            }
        }
        if (q.list != null && !q.list.isBlank()) {
            UUID listId = Params.uuid("list", q.list.trim());
            where.append(" AND EXISTS (SELECT 1 FROM customer_list_members m WHERE m.list_id = ")
                    .append(param(params, listId)).append(" AND m.customer_id = c.id)");
        }
        if (rating != null) {
            where.append(" AND c.rating = ").append(param(params, rating.shortValue()));
        }
        if (minRating != null) {
            where.append(" AND c.rating >= ").append(param(params, minRating.shortValue()));
        }
        if (q.createdFrom != null) {
            where.append(" AND c.created_at >= ").append(param(params, instant("createdFrom", q.createdFrom)));
        }
        if (q.createdTo != null) {
            where.append(" AND c.created_at < ").append(param(params, instant("createdTo", q.createdTo)));
        }
        if (q.q != null && !q.q.isBlank()) {
            where.append(" AND c.search_text LIKE ").append(param(params, "%" + likeEscape(text(q.q)) + "%"));
        }
        List<String> after = q.cursor == null || q.cursor.isBlank() ? null : decode(q.cursor, sort);
        return new Filter(sort, descending, where.toString(), params, limit, after);
    }

    public Uni<CustomerSummary.Page> page(String tenantId, Filter f) {
        return query(tenantId, f, f.after(), f.descending(), f.limit() + 1).map(rows -> {
            boolean more = rows.size() > f.limit();
            List<Row> shown = more ? rows.subList(0, f.limit()) : rows;
            String next = more ? encode(f.sort(), keyOf(shown.get(shown.size() - 1), f.sort())) : null;
            return new CustomerSummary.Page(shown.stream().map(CustomerSearch::summary).toList(), next);
        });
    }

    /** The customers just before and after {@code id} in the order and filter of {@code f}. */
    public Uni<CustomerSummary.Neighbours> neighbours(String tenantId, UUID id, Filter f) {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < f.sort().columns.size(); i++) {
            keys.append(i == 0 ? "" : ", ").append("CAST(c.").append(f.sort().columns.get(i)[0]).append(" AS text) AS k").append(i);
        }
        return pool.preparedQuery("SELECT " + keys + " FROM customers c WHERE c.id = $1 AND c.tenant_id = $2")
                .execute(Tuple.of(id, tenantId)).chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().failure(ProblemException.notFound("customer " + id));
                    }
                    List<String> key = keyOf(rows.iterator().next(), f.sort());
                    return query(tenantId, f, key, !f.descending(), 1).chain(prev -> query(tenantId, f, key, f.descending(), 1)
                            .map(next -> new CustomerSummary.Neighbours(first(prev), first(next))));
                });
    }

    private Uni<List<Row>> query(String tenantId, Filter f, List<String> after, boolean descending, int limit) {
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        params.addAll(f.params());
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS);
        List<String[]> cols = f.sort().columns;
        for (int i = 0; i < cols.size(); i++) {
            sql.append(", CAST(c.").append(cols.get(i)[0]).append(" AS text) AS k").append(i);
        }
        sql.append(" FROM customers c WHERE ").append(f.where());
        if (after != null) {
            StringBuilder left = new StringBuilder();
            StringBuilder right = new StringBuilder();
            for (int i = 0; i < cols.size(); i++) {
                params.add(after.get(i));
                left.append(i == 0 ? "" : ", ").append("c.").append(cols.get(i)[0]);
                // Bound as text, cast by PostgreSQL: the client would otherwise insist on the column's Java type.
                right.append(i == 0 ? "" : ", ").append("CAST(CAST($").append(params.size()).append(" AS text) AS ")
                        .append(cols.get(i)[1]).append(")");
            }
            sql.append(" AND (").append(left).append(descending ? ") < (" : ") > (").append(right).append(")");
        }
        String dir = descending ? " DESC" : " ASC";
        sql.append(" ORDER BY ");
        for (int i = 0; i < cols.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("c.").append(cols.get(i)[0]).append(dir);
        }
        params.add(limit);
        sql.append(" LIMIT $").append(params.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(params)).map(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            return list;
        }).onFailure(e -> e.getMessage() != null && e.getMessage().contains("invalid input syntax"))
                .transform(e -> ProblemException.invalid("cursor", "not a cursor of this query"));
    }

    private static List<String> keyOf(Row row, Sort sort) {
        List<String> key = new ArrayList<>();
        for (int i = 0; i < sort.columns.size(); i++) {
            key.add(row.getString("k" + i));
        }
        return key;
    }

    private static CustomerSummary summary(Row r) {
        return new CustomerSummary(r.getUUID("id"), r.getString("display_name"), r.getString("email"),
                r.getString("phone"), r.getString("status"), r.getInteger("rating"), r.getString("assignee_id"),
                instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("updated_at")),
                instant(r.getOffsetDateTime("last_interaction_at")));
    }

    private static CustomerSummary first(List<Row> rows) {
        return rows.isEmpty() ? null : summary(rows.get(0));
    }

    private static java.time.Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static String param(List<Object> params, Object value) {
        params.add(value);
        return "$" + (params.size() + 1); // $1 is the tenant
    }

    /** Digits-only input ("11 5555-5555") matches stored phones whatever separators were typed. */
    private static String text(String raw) {
        String t = raw.trim().toLowerCase(Locale.ROOT);
        if (t.length() < 2 || t.length() > 100) {
            throw ProblemException.invalid("q", "must be 2 to 100 characters");
        }
        if (t.matches("^\\+?[0-9 ().\\-/]{6,}$")) {
            t = t.replaceAll("[^0-9]", "");
        }
        return t;
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static OffsetDateTime instant(String field, String value) {
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 instant such as 2026-11-23T00:00:00Z");
        }
    }

    private static String encode(Sort sort, List<String> key) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(new Cursor(sort.param, key)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> decode(String cursor, Sort sort) {
        Cursor c;
        try {
            c = JSON.readValue(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8), Cursor.class);
        } catch (Exception e) {
            throw ProblemException.invalid("cursor", "not a cursor of this query");
        }
        if (!sort.param.equals(c.s()) || c.v() == null || c.v().size() != sort.columns.size()
                || c.v().stream().anyMatch(v -> v == null)) {
            throw ProblemException.invalid("cursor", "belongs to another sort; start again without it");
        }
        return c.v();
    }
}
