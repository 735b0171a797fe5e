package io.switchboard.timeline;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.contracts.EventType;
import io.switchboard.contracts.Topics;
import io.switchboard.platform.testing.KafkaProbe;
import io.switchboard.platform.testing.TestBroker;
import io.switchboard.platform.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProjectionTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    static JsonPath timeline(String tenant, String customer, String query) {
        return given().auth().oauth2(TestTokens.agent(tenant, "agent-ana"))
                .get("/api/v1/timelines/" + customer + (query.isEmpty() ? "" : "?" + query))
                .then().statusCode(200).extract().jsonPath();
    }

    static List<String> types(String tenant, String customer) {
        return timeline(tenant, customer, "limit=200").getList("items.type");
    }

    /** Every catalogued type that belongs to a customer's life lands as an entry, with its facts. */
    @Test
    void everyCataloguedCustomerTypeLandsAsAnEntry() {
        String tenant = TestEvents.tenant();
        String customer = UUID.randomUUID().toString();
        List<EventType> expected = Arrays.stream(EventType.values())
                .filter(t -> !t.typeName().startsWith("bot.") && !t.typeName().startsWith("agent."))
                .toList();
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        long seq = 0;
        for (EventType type : expected) {
            seq++;
            String aggregate = type.aggregate() == EventType.Aggregate.CONVERSATION ? UUID.randomUUID().toString() : customer;
            TestEvents.publish(type, tenant, customer, aggregate, seq, t0.plusSeconds(seq), TestEvents.fixture(type, customer));
        }
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(TestTokens.agent(tenant, "a"))
                .get("/api/v1/timelines/" + customer + "?limit=200").then().extract().statusCode() == 200
                && types(tenant, customer).size() == expected.size());
        JsonPath page = timeline(tenant, customer, "limit=200");
        Set<String> landed = new HashSet<>(page.getList("items.type"));
        assertEquals(expected.stream().map(EventType::typeName).collect(Collectors.toSet()), landed);
        // Newest first (integration entries sit at their own occurredAt, so compare times, not catalogue order),
        // and the facts an agent needs are on the entry.
        List<OffsetDateTime> times = page.getList("items.occurredAt", String.class).stream().map(OffsetDateTime::parse).toList();
        for (int k = 1; k < times.size(); k++) {
            assertFalse(times.get(k).isAfter(times.get(k - 1)), "entry " + k + " is newer than the one before it: " + times);
        }
        List<String> summaries = page.getList("items.summary");
        assertTrue(summaries.contains("Status NEW → IN_PROGRESS") || summaries.stream().anyMatch(s -> s.startsWith("Status ")), summaries.toString());
        int i = page.getList("items.type").indexOf("conversation.message_created");
        assertEquals(customer, page.getString("items[" + i + "].data.customerId"));
        assertNotNull(page.getString("items[" + i + "].actor.kind"));
        assertEquals("/switchboard/test", page.getString("items[" + i + "].source"));
    }

    @Test
    void aRedeliveredEventLandsOnce() {
        String tenant = TestEvents.tenant();
        String customer = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        UUID id = UUID.randomUUID();
        EventType type = EventType.CUSTOMER_RATING_CHANGED;
        ObjectNode data = TestEvents.fixture(type, customer);
        for (int i = 0; i < 3; i++) {
            TestEvents.publish(type.topic(), type.typeName(), id, tenant, customer, customer, 1, now, data);
        }
        // A marker after the copies on the same key (same partition): once it is in, all copies were consumed.
        UUID marker = TestEvents.publish(EventType.CUSTOMER_UPDATED, tenant, customer, customer, 2, now.plusSeconds(1),
                TestEvents.fixture(EventType.CUSTOMER_UPDATED, customer));
        await().atMost(DEADLINE).until(() -> entryVisible(tenant, customer, marker));
        List<String> ids = timeline(tenant, customer, "").getList("items.eventId");
        assertEquals(List.of(marker.toString(), id.toString()), ids);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndConsumptionGoesOn() {
        String tenant = TestEvents.tenant();
        String customer = UUID.randomUUID().toString();
        try (KafkaProbe dlq = new KafkaProbe(Topics.deadLetter(Topics.CUSTOMER_EVENTS))) {
            // Not JSON at all, with valid headers.
            UUID badJson = UUID.randomUUID();
            TestEvents.publish(Topics.CUSTOMER_EVENTS, "customer.updated", badJson, tenant, customer, customer, 1,
                    OffsetDateTime.now(ZoneOffset.UTC), "{not json");
            // Valid JSON, but no ce_id / ce_tenantid: not a CloudEvent we can attribute.
            RecordHeaders h = new RecordHeaders();
            h.add(CloudEventHeaders.TYPE, "customer.updated".getBytes(StandardCharsets.UTF_8));
            h.add(CloudEventHeaders.CUSTOMER_ID, customer.getBytes(StandardCharsets.UTF_8));
            TestBroker.send(new ProducerRecord<>(Topics.CUSTOMER_EVENTS, null, customer, "{\"customerId\":\"" + customer + "\"}", h));
            UUID good = TestEvents.publish(EventType.CUSTOMER_RATING_CHANGED, tenant, customer, customer, 2,
                    OffsetDateTime.now(ZoneOffset.UTC), TestEvents.fixture(EventType.CUSTOMER_RATING_CHANGED, customer));

            await().atMost(DEADLINE).until(() -> entryVisible(tenant, customer, good));
            // Another instance of the service on the shared broker (the running suite) dead-letters the same
            // records under its own group: count distinct source records, not copies.
            List<ConsumerRecord<String, String>> dead = dlq.await(r -> customer.equals(r.key()), 2, DEADLINE);
            assertEquals(2, dead.stream().map(r -> KafkaProbe.header(r, "dead-letter-partition") + "@"
                    + KafkaProbe.header(r, "dead-letter-offset")).distinct().count());
            ConsumerRecord<String, String> first = dead.stream()
                    .filter(r -> badJson.toString().equals(KafkaProbe.header(r, CloudEventHeaders.ID))).findFirst().orElseThrow();
            assertEquals("{not json", first.value());
            assertTrue(KafkaProbe.header(first, "dead-letter-reason").contains("unreadable data"), KafkaProbe.header(first, "dead-letter-reason"));
            assertEquals(Topics.CUSTOMER_EVENTS, KafkaProbe.header(first, "dead-letter-topic"));
            assertTrue(dead.stream().anyMatch(r -> KafkaProbe.header(r, "dead-letter-reason").contains("missing header ce_id")));
        }
        assertEquals(1, timeline(tenant, customer, "").getList("items").size());
    }

    @Test
    void unknownTypesAreKeptAsGenericEntriesAndEventsWithoutCustomerAreSkipped() {
        String tenant = TestEvents.tenant();
        String customer = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        UUID unknown = UUID.randomUUID();
        // No ce_customerid header: the customer comes from the data.
        TestEvents.publish(Topics.CUSTOMER_EVENTS, "customer.loyalty_tier_changed", unknown, tenant, null, customer, 1, now,
                "{\"customerId\":\"" + customer + "\",\"tier\":\"gold\",\"actor\":{\"kind\":\"SYSTEM\"}}");
        TestEvents.publish(Topics.CUSTOMER_EVENTS, "customer.something_global", UUID.randomUUID(), tenant, null, "x", 1, now,
                "{\"note\":\"no customer here\"}");
        UUID after = TestEvents.publish(EventType.CUSTOMER_RATING_CHANGED, tenant, customer, customer, 2, now.plusSeconds(1),
                TestEvents.fixture(EventType.CUSTOMER_RATING_CHANGED, customer));
        await().atMost(DEADLINE).until(() -> entryVisible(tenant, customer, after));
        JsonPath page = timeline(tenant, customer, "");
        assertEquals(List.of("customer.rating_changed", "customer.loyalty_tier_changed"), page.getList("items.type"));
        assertEquals("Event customer.loyalty_tier_changed", page.getString("items[1].summary"));
        assertEquals("gold", page.getString("items[1].data.tier"));
    }

    @Test
    void pagesNewestFirstWithCursorAndFilters() {
        String tenant = TestEvents.tenant();
        String customer = UUID.randomUUID().toString();
        OffsetDateTime day1 = OffsetDateTime.parse("2026-03-01T10:00:00Z");
        OffsetDateTime day2 = OffsetDateTime.parse("2026-03-02T10:00:00Z");
        // Five events at the same instant: sequence breaks the tie.
        for (int i = 1; i <= 5; i++) {
            TestEvents.publish(EventType.CUSTOMER_RATING_CHANGED, tenant, customer, customer, i, day1,
                    TestEvents.fixture(EventType.CUSTOMER_RATING_CHANGED, customer));
        }
        UUID last = TestEvents.publish(EventType.CUSTOMER_UPDATED, tenant, customer, customer, 6, day2,
                TestEvents.fixture(EventType.CUSTOMER_UPDATED, customer));
        await().atMost(DEADLINE).until(() -> entryVisible(tenant, customer, last)
                && timeline(tenant, customer, "").getList("items").size() == 6);

        JsonPath p1 = timeline(tenant, customer, "limit=4");
        assertEquals(List.of(6, 5, 4, 3), p1.getList("items.sequence"));
        String cursor = p1.getString("nextCursor");
        assertNotNull(cursor);
        JsonPath p2 = timeline(tenant, customer, "limit=4&cursor=" + cursor);
        assertEquals(List.of(2, 1), p2.getList("items.sequence"));
        assertEquals(null, p2.getString("nextCursor"));

        assertEquals(List.of(6), timeline(tenant, customer, "types=customer.updated").getList("items.sequence"));
        assertEquals(5, timeline(tenant, customer, "types=customer.rating_changed,customer.created").getList("items").size());
        // Several types: each type's newest entries are merged, still newest first, and the cursor pages through them.
        JsonPath t1 = timeline(tenant, customer, "types=customer.rating_changed,customer.updated&limit=4");
        assertEquals(List.of(6, 5, 4, 3), t1.getList("items.sequence"));
        JsonPath t2 = timeline(tenant, customer, "types=customer.rating_changed,customer.updated&limit=4&cursor="
                + t1.getString("nextCursor"));
        assertEquals(List.of(2, 1), t2.getList("items.sequence"));
        assertEquals(null, t2.getString("nextCursor"));
        assertEquals(5, timeline(tenant, customer, "to=2026-03-01").getList("items").size());
        assertEquals(List.of(6), timeline(tenant, customer, "from=2026-03-02").getList("items.sequence"));
        assertEquals(1, timeline(tenant, customer, "from=2026-03-02T10:00:00Z&to=2026-03-02T10:00:00Z").getList("items").size());
        // A known customer with nothing matching: an empty page, not a 404.
        assertEquals(0, timeline(tenant, customer, "onlyComments=true").getList("items").size());

        String token = TestTokens.agent(tenant, "a");
        given().auth().oauth2(token).get("/api/v1/timelines/" + customer + "?cursor=garbage")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).get("/api/v1/timelines/" + customer + "?limit=0")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).get("/api/v1/timelines/" + customer + "?from=yesterday")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).get("/api/v1/timelines/not-a-uuid")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anotherTenantsCustomerIs404AndEntriesAreImmutable() {
        String tenant = TestEvents.tenant();
        String customer = UUID.randomUUID().toString();
        UUID id = TestEvents.publish(EventType.CUSTOMER_RATING_CHANGED, tenant, customer, customer, 1,
                OffsetDateTime.now(ZoneOffset.UTC), TestEvents.fixture(EventType.CUSTOMER_RATING_CHANGED, customer));
        await().atMost(DEADLINE).until(() -> entryVisible(tenant, customer, id));

        String other = TestTokens.admin(TestEvents.tenant(), "boss");
        given().auth().oauth2(other).get("/api/v1/timelines/" + customer)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(other).get("/api/v1/timelines/" + customer + "/entries/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/timelines/" + customer).then().statusCode(401);

        String token = TestTokens.admin(tenant, "boss");
        given().auth().oauth2(token).get("/api/v1/timelines/" + customer + "/entries/" + id)
                .then().statusCode(200).body("eventId", equalTo(id.toString()));
        for (String method : List.of("PUT", "PATCH", "DELETE")) {
            given().auth().oauth2(token).contentType("application/json").body("{}")
                    .request(method, "/api/v1/timelines/" + customer + "/entries/" + id)
                    .then().statusCode(405).contentType("application/problem+json");
        }
        given().auth().oauth2(token).delete("/api/v1/timelines/" + customer)
                .then().statusCode(405);
        assertEquals(1, timeline(tenant, customer, "").getList("items").size());
    }

    static boolean entryVisible(String tenant, String customer, UUID eventId) {
        var response = given().auth().oauth2(TestTokens.agent(tenant, "probe"))
                .get("/api/v1/timelines/" + customer + "?limit=200");
        return response.statusCode() == 200
                && response.jsonPath().getList("items.eventId").contains(eventId.toString());
    }
}
