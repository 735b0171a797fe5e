package io.switchboard.customer;

import io.agroal.api.AgroalDataSource;
import io.switchboard.contracts.Topics;
import io.switchboard.platform.testing.KafkaProbe;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A probe on customer.events opened before the class's tests act, and direct counts in the test database. */
abstract class BrokerTest {

    static KafkaProbe probe;

    @Inject
    AgroalDataSource db;

    @BeforeAll
    static void openProbe() {
        probe = new KafkaProbe(Topics.CUSTOMER_EVENTS);
    }

    @AfterAll
    static void closeProbe() {
        probe.close();
    }

    /** {@code sql} takes the tenant id as its one parameter. */
    long count(String sql, String tenant) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
