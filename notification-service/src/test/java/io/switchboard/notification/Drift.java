package io.switchboard.notification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/** Simulates a counter gone wrong behind the service's back (a bug, a manual edit), for the reconcile to find. */
final class Drift {

    static void corrupt(String tenant, String agent) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/switchboard_notification_test", "postgres", "");
                PreparedStatement s = c.prepareStatement("UPDATE agent_counters SET unread = 7 WHERE tenant_id = ? AND agent_id = ?")) {
            s.setString(1, tenant);
            s.setString(2, agent);
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("no counters row for " + tenant + "/" + agent);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Drift() {
    }
}
