package io.switchboard.customer.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Each replica polls; the rows decide who applies what (see StatusService#applyDue). */
@ApplicationScoped
public class StatusChangePoller {

    private static final Logger LOG = Logger.getLogger(StatusChangePoller.class);

    private final StatusService status;

    public StatusChangePoller(StatusService status) {
        this.status = status;
    }

    @Scheduled(every = "${switchboard.customers.status-poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return status.applyDue()
                .invoke(n -> {
                    if (n > 0) {
                        LOG.debugf("applied %d scheduled status changes", n);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("scheduled status poll failed; next poll retries: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
