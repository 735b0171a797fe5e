package io.switchboard.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import io.switchboard.contracts.EventType;
import io.switchboard.platform.testing.TestBroker;
import java.io.InputStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The timeline is kept for good: the domain topics keep every record, and a customer's history older than a week
 * (events recorded then) is on the timeline. The test command's rebuild check, run after the system tests, replays
 * the topics from the beginning and compares this customer's timeline too.
 */
@Order(10)
class HistoryTest {

    private static final List<String> DOMAIN_TOPICS = List.of("customer.events", "conversation.events", "timeline.events",
            "agent.events");

    @Test
    void theDomainTopicsKeepEveryRecord() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap()))) {
            for (String topic : DOMAIN_TOPICS) {
                ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                var config = admin.describeConfigs(List.of(r)).all().get().get(r);
                assertEquals("-1", config.get("retention.ms").value(), topic + " retention.ms");
                assertEquals("-1", config.get("retention.bytes").value(), topic + " retention.bytes");
            }
        }
    }

    @Test
    void aCustomersHistoryOlderThanAWeekIsOnTheTimeline() {
        String tenant = Suite.newTenant();
        String customer = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        List<OffsetDateTime> when = List.of(now.minusDays(30), now.minusDays(10), now.minusDays(8));
        List<EventType> types = List.of(EventType.CUSTOMER_CREATED, EventType.CUSTOMER_RATING_CHANGED,
                EventType.CUSTOMER_STATUS_CHANGED);
        for (int i = 0; i < types.size(); i++) {
            TestBroker.publishAsOf(types.get(i).topic(), types.get(i).typeName(), UUID.randomUUID(), tenant, customer,
                    customer, i + 1, when.get(i), fixture(types.get(i), customer));
        }
        String token = Suite.admin(tenant);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(token)
                .get(Suite.TIMELINE + "/api/v1/timelines/" + customer).then().extract().jsonPath()
                .getList("items").size() == 3);
        JsonPath page = given().auth().oauth2(token).get(Suite.TIMELINE + "/api/v1/timelines/" + customer)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("customer.status_changed", "customer.rating_changed", "customer.created"),
                page.getList("items.type"), "newest first");
        for (int i = 0; i < 3; i++) {
            assertEquals(when.get(2 - i).toInstant(), OffsetDateTime.parse(page.getString("items[" + i + "].occurredAt"))
                    .toInstant(), "placed when it happened");
        }
    }

    private static String fixture(EventType type, String customer) {
        try (InputStream in = HistoryTest.class.getClassLoader().getResourceAsStream(type.fixturePath())) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode data = (ObjectNode) mapper.readTree(in);
            data.put("customerId", customer);
            return mapper.writeValueAsString(data);
        } catch (Exception e) {
            throw new IllegalStateException("fixture " + type.fixturePath(), e);
        }
    }
}
