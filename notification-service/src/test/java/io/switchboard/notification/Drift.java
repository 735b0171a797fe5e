package io.switchboard.notification;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Simulates a counter gone wrong behind the service's back (a bug, a manual edit), for the reconcile to find. */
final class Drift {

    /** Through the service's own pool, so the test's database is whichever the service was configured with. */
    static void corrupt(Pool pool, String tenant, String agent) {
        int rows = pool.preparedQuery("UPDATE agent_counters SET unread = 7 WHERE tenant_id = $1 AND agent_id = $2")
                .execute(Tuple.of(tenant, agent)).await().indefinitely().rowCount();
        if (rows != 1) {
            throw new IllegalStateException("no counters row for " + tenant + "/" + agent);
        }
    }

    private Drift() {
    }
}
