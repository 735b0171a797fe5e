package io.switchboard.notification.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Supplier;

/** How a consumer applies one event: one transaction, tried again on transient failures (deadlock, lost connection). */
final class Transactions {

    static <T> Uni<T> retrying(Supplier<Uni<T>> work) {
        // Only after these tries does the record go to the dead-letter topic.
        return Uni.createFrom().deferred(() -> Panache.withTransaction(work))
                .onFailure().retry().withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1)).atMost(5);
    }

    private Transactions() {
    }
}
