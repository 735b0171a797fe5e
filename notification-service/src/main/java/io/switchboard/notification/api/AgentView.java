package io.switchboard.notification.api;

import java.time.OffsetDateTime;
import java.util.List;

/** An entry of the tenant's agent directory. presence: ONLINE while a console socket is open on any replica. */
public record AgentView(String id, String displayName, String email, List<String> roles, String availability,
        String presence, OffsetDateTime createdAt) {
}
