package io.switchboard.notification.ws;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.notification.config.NotificationConfig;
import io.switchboard.notification.service.AgentDirectory;
import io.switchboard.notification.service.PresenceService;
import org.jboss.logging.Logger;

/**
 * {@code /ws/v1/agent?access_token=JWT[&since=N]}: the agent's counters, notifications and heartbeats
 * (docs/INTERFACES.md). The token was checked before the upgrade ({@link TokenUpgradeCheck}); the frames an agent
 * receives are only its own, read by tenant and agent id from the token.
 */
@WebSocket(path = "/ws/v1/agent")
public class AgentSocket {

    private static final Logger LOG = Logger.getLogger(AgentSocket.class);
    private static final UserData.TypedKey<PushSession> SESSION = new UserData.TypedKey<>("switchboard.session");

    private final PushHub hub;
    private final AgentDirectory directory;
    private final PresenceService presence;
    /** Close code of a socket refused because its agent holds too many: 1008, policy violation (RFC 6455). */
    static final int TOO_MANY_SOCKETS = 1008;

    private final int maxQueued;
    private final int maxSockets;

    public AgentSocket(PushHub hub, AgentDirectory directory, PresenceService presence, NotificationConfig config) {
        this.hub = hub;
        this.directory = directory;
        this.presence = presence;
        this.maxQueued = config.push().maxQueuedFrames();
        this.maxSockets = config.push().maxSocketsPerAgent();
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        AgentIdentity agent = connection.userData().get(AgentIdentity.KEY);
        if (agent == null) { // cannot happen past the upgrade check; never serve an anonymous socket
            return connection.close();
        }
        Long since = connection.userData().get(TokenUpgradeCheck.SINCE);
        PushSession session = new PushSession(connection, agent, maxQueued, hub);
        if (!hub.admit(session)) {
            return connection.close(new CloseReason(TOO_MANY_SOCKETS, "too many sockets for this agent (at most "
                    + maxSockets + "): close another console first"));
        }
        connection.userData().put(SESSION, session);
        return directory.ensureRegistered(agent.tenantId(), agent.agentId(), agent.displayName(), agent.email(), agent.roles())
                .chain(() -> presence.connected(connection.id(), agent.tenantId(), agent.agentId()))
                .invoke(() -> hub.open(session, since))
                .onFailure().recoverWithUni(f -> {
                    LOG.warnf("cannot open the socket of %s: %s", session.key, f.toString());
                    return connection.close();
                })
                .replaceWithVoid();
    }

    /** Clients have nothing to say yet; anything they send is ignored (a ping keeps proxies quiet). */
    @OnTextMessage
    public void message(String ignored) {
    }

    @OnClose
    public Uni<Void> close(WebSocketConnection connection) {
        PushSession session = connection.userData().get(SESSION);
        if (session != null) {
            hub.close(session);
        }
        return presence.disconnected(connection.id()).onFailure().recoverWithNull().replaceWithVoid();
    }
}
