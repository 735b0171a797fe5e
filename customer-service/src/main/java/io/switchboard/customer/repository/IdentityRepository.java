package io.switchboard.customer.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.customer.domain.IdentityKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * customer_identities: the unique (tenant, kind, value) index is the arbiter of "one customer per contact".
 * Claims insert first (ON CONFLICT DO NOTHING) and never check-then-insert. Runs in the caller's transaction.
 */
@ApplicationScoped
public class IdentityRepository {

    public record Match(IdentityKey key, UUID customerId) {
    }

    private static final String CLAIM = """
            INSERT INTO customer_identities (tenant_id, kind, value, customer_id) VALUES (:t, :k, :v, :c)
            ON CONFLICT (tenant_id, kind, value) DO NOTHING""";
    private static final String RELEASE = """
            DELETE FROM customer_identities WHERE tenant_id = :t AND kind = :k AND value = :v AND customer_id = :c""";

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
