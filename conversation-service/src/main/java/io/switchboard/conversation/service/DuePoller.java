package io.switchboard.conversation.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Every replica polls; the SKIP LOCKED claims make each due row fire once. */
@ApplicationScoped
public class DuePoller {

    private static final Logger LOG = Logger.getLogger(DuePoller.class);

    private final ScheduledMessageService scheduled;
    private final SnoozeWaker snoozes;

    public DuePoller(ScheduledMessageService scheduled, SnoozeWaker snoozes) {
        this.scheduled = scheduled;
        this.snoozes = snoozes;
    }

    @Scheduled(every = "${switchboard.conversation.scheduler.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return scheduled.sendDue()
                .chain(snoozes::wakeDue)
                .onFailure().invoke(f -> LOG.warnf("due poller pass failed, next pass retries: %s", f.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
