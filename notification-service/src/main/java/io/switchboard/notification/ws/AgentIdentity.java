package io.switchboard.notification.ws;

import io.quarkus.websockets.next.UserData;

/** Who opened a socket, taken from the token before the upgrade. */
public record AgentIdentity(String tenantId, String agentId, String displayName, String email, java.util.Set<String> roles) {

    public static final UserData.TypedKey<AgentIdentity> KEY = new UserData.TypedKey<>("switchboard.agent");
}
