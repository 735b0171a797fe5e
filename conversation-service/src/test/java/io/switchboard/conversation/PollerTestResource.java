package io.switchboard.conversation;

import io.smallrye.mutiny.Uni;
import io.switchboard.conversation.service.ScheduledMessageService;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** Test-only: one scheduled-message poller pass per request, so a test can run several "replicas" at once. */
@Path("/test/poll-scheduled")
public class PollerTestResource {

    private final ScheduledMessageService scheduled;

    public PollerTestResource(ScheduledMessageService scheduled) {
        this.scheduled = scheduled;
    }

    @POST
    public Uni<Integer> poll() {
        return scheduled.sendDue();
    }
}
