package io.switchboard.notification.messaging;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.function.Function;

/** How a consumer applies one event: one transaction, tried again on transient failures (deadlock, lost connection). */
final class Transactions {

    static <T> Uni<T> retrying(Pool pool, Function<SqlConnection, Uni<T>> work) {
        // Only after these tries does the record go to the dead-letter topic.
        return Uni.createFrom().deferred(() -> pool.withTransaction(work))
                .onFailure().retry().withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1)).atMost(5);
    }

    private Transactions() {
    }
}
