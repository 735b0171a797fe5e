package io.switchboard.timeline;

import static io.restassured.RestAssured.given;
import static io.switchboard.timeline.ProjectionTest.entryVisible;
import static io.switchboard.timeline.ProjectionTest.timeline;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.contracts.EventType;
import io.switchboard.contracts.Topics;
import io.switchboard.platform.testing.KafkaProbe;
import io.switchboard.platform.testing.TestTokens;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CommentTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** A customer whose first event has reached this tenant's timeline. */
    static String knownCustomer(String tenant) {
        String customer = UUID.randomUUID().toString();
        UUID id = TestEvents.publish(EventType.CUSTOMER_CREATED, tenant, customer, customer, 1,
                OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5), TestEvents.fixture(EventType.CUSTOMER_CREATED, customer));
        await().atMost(DEADLINE).until(() -> entryVisible(tenant, customer, id));
        return customer;
    }

    /** Agents registered in the tenant's directory, as notification-service announces them on agent.events. */
    static void registerAgents(String tenant, String... agents) {
        for (String agent : agents) {
            TestEvents.publish(Topics.AGENT_EVENTS, EventType.AGENT_REGISTERED.typeName(), UUID.randomUUID(), tenant, null,
                    tenant + "/" + agent, 1, OffsetDateTime.now(ZoneOffset.UTC),
                    Map.of("agentId", agent, "displayName", agent, "email", agent + "@example.com", "roles", List.of("AGENT")));
        }
    }

    /** A deal of the customer whose deal_created has reached the timeline. */
    static String knownDeal(String tenant, String customer) {
        String deal = UUID.randomUUID().toString();
        var data = TestEvents.fixture(EventType.CUSTOMER_DEAL_CREATED, customer).put("dealId", deal);
        UUID id = TestEvents.publish(EventType.CUSTOMER_DEAL_CREATED, tenant, customer, customer, 2,
                OffsetDateTime.now(ZoneOffset.UTC), data);
        await().atMost(DEADLINE).until(() -> entryVisible(tenant, customer, id));
        return deal;
    }

    @Test
    void aNoteWithMentionsPublishesItsEventsAndLandsOnTheTimeline() {
        String tenant = TestEvents.tenant();
        String customer = knownCustomer(tenant);
        registerAgents(tenant, "agent-bruno", "agent-carla", "agent-dora");
        String text = "Called the customer.\nAsk @agent-bruno and @agent-carla. (mail: juan@example.com)";
        try (KafkaProbe probe = new KafkaProbe(Topics.TIMELINE_EVENTS)) {
            // 422 until the registrations are consumed; the key makes the retries one comment.
            JsonPath created = await().atMost(DEADLINE).until(() -> given().auth().oauth2(TestTokens.agent(tenant, "agent-ana"))
                    .contentType("application/json").header("Idempotency-Key", "note-1")
                    .body(Map.of("text", text, "mentions", List.of("agent-dora")))
                    .post("/api/v1/timelines/" + customer + "/comments"), r -> r.statusCode() == 201)
                    .then().body("text", equalTo(text)).extract().jsonPath();
            String commentId = created.getString("id");
            assertEquals(List.of("agent-dora", "agent-bruno", "agent-carla"), created.getList("mentions"));

            List<ConsumerRecord<String, String>> events = probe.await(KafkaProbe.headerIs(CloudEventHeaders.TENANT_ID, tenant), 4, DEADLINE);
            assertEquals(List.of("timeline.note_created", "timeline.agent_mentioned", "timeline.agent_mentioned",
                    "timeline.agent_mentioned"), events.stream().map(r -> KafkaProbe.header(r, CloudEventHeaders.TYPE)).toList());
            assertEquals(List.of("1", "2", "3", "4"), events.stream().map(r -> KafkaProbe.header(r, CloudEventHeaders.SEQUENCE)).toList());
            assertTrue(events.stream().allMatch(r -> customer.equals(r.key())
                    && customer.equals(KafkaProbe.header(r, CloudEventHeaders.CUSTOMER_ID))));
            List<String> mentioned = events.subList(1, 4).stream()
                    .map(r -> TestEvents.read(r.value()).getString("mentionedAgentId")).collect(Collectors.toList());
            assertEquals(List.of("agent-dora", "agent-bruno", "agent-carla"), mentioned);
            assertEquals(commentId, TestEvents.read(events.get(1).value()).getString("commentId"));

            // The entry comes back through the consumer: the note is a comment, with its text and line break.
            await().atMost(DEADLINE).until(() -> timeline(tenant, customer, "onlyComments=true").getList("items").size() == 1);
            JsonPath comments = timeline(tenant, customer, "onlyComments=true");
            assertEquals("timeline.note_created", comments.getString("items[0].type"));
            assertEquals(text, comments.getString("items[0].data.text"));
            assertEquals("AGENT", comments.getString("items[0].actor.kind"));
        }
    }

    @Test
    void anOrderNoteAndAnIdempotentRepeat() {
        String tenant = TestEvents.tenant();
        String customer = knownCustomer(tenant);
        String deal = knownDeal(tenant, customer);
        var request = given().auth().oauth2(TestTokens.agent(tenant, "agent-ana")).contentType("application/json")
                .header("Idempotency-Key", "k-1").body(Map.of("text", "Pedido enviado", "dealId", deal));
        String first = request.post("/api/v1/timelines/" + customer + "/comments").then().statusCode(201)
                .body("dealId", equalTo(deal)).extract().path("id");
        String again = given().auth().oauth2(TestTokens.agent(tenant, "agent-ana")).contentType("application/json")
                .header("Idempotency-Key", "k-1").body(Map.of("text", "Pedido enviado", "dealId", deal))
                .post("/api/v1/timelines/" + customer + "/comments").then().statusCode(200).extract().path("id");
        assertEquals(first, again);
        await().atMost(DEADLINE).until(() -> timeline(tenant, customer, "onlyComments=true").getList("items").size() == 1);
        assertEquals("timeline.order_note_created", timeline(tenant, customer, "onlyComments=true").getString("items[0].type"));
    }

    @Test
    void deletingACommentKeepsThatItWasDeleted() {
        String tenant = TestEvents.tenant();
        String customer = knownCustomer(tenant);
        String author = TestTokens.agent(tenant, "agent-ana");
        String commentId = given().auth().oauth2(author).contentType("application/json")
                .body(Map.of("text", "secret phone number 555"))
                .post("/api/v1/timelines/" + customer + "/comments").then().statusCode(201).extract().path("id");
        await().atMost(DEADLINE).until(() -> timeline(tenant, customer, "onlyComments=true").getList("items").size() == 1);

        // Another agent may not; another tenant does not even see it.
        given().auth().oauth2(TestTokens.agent(tenant, "agent-bruno"))
                .delete("/api/v1/timelines/" + customer + "/comments/" + commentId)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin(TestEvents.tenant(), "boss"))
                .delete("/api/v1/timelines/" + customer + "/comments/" + commentId)
                .then().statusCode(404).contentType("application/problem+json");

        try (KafkaProbe probe = new KafkaProbe(Topics.TIMELINE_EVENTS)) {
            given().auth().oauth2(author).delete("/api/v1/timelines/" + customer + "/comments/" + commentId)
                    .then().statusCode(204);
            given().auth().oauth2(author).delete("/api/v1/timelines/" + customer + "/comments/" + commentId)
                    .then().statusCode(204);
            List<ConsumerRecord<String, String>> deleted = probe.drain(KafkaProbe.headerIs(CloudEventHeaders.TENANT_ID, tenant),
                    Duration.ofSeconds(2));
            assertEquals(1, deleted.size(), "the second delete publishes nothing");
            assertEquals("timeline.comment_deleted", KafkaProbe.header(deleted.get(0), CloudEventHeaders.TYPE));
            assertEquals("2", KafkaProbe.header(deleted.get(0), CloudEventHeaders.SEQUENCE));
        }
        await().atMost(DEADLINE).until(() -> timeline(tenant, customer, "").getList("items.type").contains("timeline.comment_deleted"));
        JsonPath page = timeline(tenant, customer, "");
        int note = page.getList("items.type").indexOf("timeline.note_created");
        assertNull(page.get("items[" + note + "].data.text"), "the comment's text is gone");
        assertEquals("agent-ana", page.getString("items[" + note + "].deleted.by.id"));
        assertEquals(commentId, page.getString("items[" + note + "].data.commentId"));
        int deletion = page.getList("items.type").indexOf("timeline.comment_deleted");
        assertEquals("agent-ana", page.getString("items[" + deletion + "].actor.id"));
        assertTrue(page.getString("items[" + deletion + "].summary").startsWith("Comment deleted by AGENT agent-ana"));
    }

    @Test
    void badCommentsAreRefusedWithoutWriting() {
        String tenant = TestEvents.tenant();
        String customer = knownCustomer(tenant);
        String token = TestTokens.agent(tenant, "agent-ana");
        String path = "/api/v1/timelines/" + customer + "/comments";
        given().auth().oauth2(token).contentType("application/json").body(Map.of("text", "x".repeat(5001)))
                .post(path).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body(Map.of("text", "  "))
                .post(path).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body("{\"text\":\"hi\",\"dealId\":\"nope\"}")
                .post(path).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("text", "see file", "attachmentIds", List.of(UUID.randomUUID().toString())))
                .post(path).then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.agent(TestEvents.tenant(), "x")).contentType("application/json")
                .body(Map.of("text", "hello")).post(path).then().statusCode(404).contentType("application/problem+json");
        // References must exist in this tenant: an agent only another tenant has, a deal of another customer.
        String other = TestEvents.tenant();
        registerAgents(other, "agent-zoe");
        registerAgents(tenant, "agent-bruno");
        String othersDeal = knownDeal(tenant, knownCustomer(tenant));
        await().atMost(DEADLINE).untilAsserted(() -> given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("text", "ask @agent-bruno")).header("Idempotency-Key", "probe")
                .post(path).then().statusCode(201));
        given().auth().oauth2(token).contentType("application/json").body(Map.of("text", "ask @agent-zoe and @agent-bruno"))
                .post(path).then().statusCode(422).contentType("application/problem+json")
                .body("detail", equalTo("mentions: not agents of this tenant: agent-zoe"));
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("text", "hi", "mentions", List.of("nobody")))
                .post(path).then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body(Map.of("text", "shipped", "dealId", othersDeal))
                .post(path).then().statusCode(422).contentType("application/problem+json")
                .body("detail", equalTo("dealId: the customer has no deal " + othersDeal));
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("text", "shipped", "dealId", UUID.randomUUID().toString()))
                .post(path).then().statusCode(422).contentType("application/problem+json");
        // 5,000 characters with line breaks is fine.
        String last = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("text", ("a".repeat(99) + "\n").repeat(50)))
                .post(path).then().statusCode(201).extract().path("id");
        // The customer's entries arrive in order: once the last is there, anything a refusal wrote would be too.
        await().atMost(DEADLINE).until(() -> timeline(tenant, customer, "onlyComments=true")
                .getList("items.data.commentId").contains(last));
        assertEquals(2, timeline(tenant, customer, "onlyComments=true").getList("items").size(),
                "only the probe and the last comment were written");
    }
}
