package io.switchboard.customer.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/** Native statements in the caller's Hibernate Reactive session (so in its transaction, with the outbox). */
public final class NativeSql {

    /** @return the number of rows changed */
    public static Uni<Integer> update(String sql, Map<String, Object> params) {
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql);
            params.forEach(q::setParameter);
            return q.executeUpdate();
        });
    }

    public static <T> Uni<List<T>> list(String sql, Class<T> type, Map<String, Object> params) {
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql, type);
            params.forEach(q::setParameter);
            return q.getResultList();
        });
    }

    private NativeSql() {
    }
}
