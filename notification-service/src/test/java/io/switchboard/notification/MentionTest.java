package io.switchboard.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.platform.testing.TestTokens;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MentionTest {

    @Test
    void aMentionReachesTheMentionedAgentAsAFrameAndInItsNotificationsOnce() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        String customer = UUID.randomUUID().toString();
        String comment = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String json = """
                {"customerId":"%s","commentId":"%s","mentionedAgentId":"dan","excerpt":"@dan revisá el pedido",
                 "actor":{"kind":"AGENT","id":"eva"}}""".formatted(customer, comment);
        try (ConversationEventSender events = new ConversationEventSender();
                AgentSocketClient dan = AgentSocketClient.connect(RestAssured.port, TestTokens.agent(tenant, "dan"));
                AgentSocketClient eva = AgentSocketClient.connect(RestAssured.port, TestTokens.agent(tenant, "eva"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> dan.data().size() == 1 && eva.data().size() == 1);
            events.sendTo("timeline.events", eventId, tenant, customer, 1, "timeline.agent_mentioned", json);
            events.sendTo("timeline.events", eventId, tenant, customer, 1, "timeline.agent_mentioned", json); // redelivery
            await().atMost(Duration.ofSeconds(60)).until(() -> dan.data().size() == 2);
            JsonNode frame = dan.data().get(1);
            assertEquals("notification", frame.path("type").asText());
            assertEquals(1, frame.path("sequence").asLong());
            assertEquals("mention", frame.path("notification").path("kind").asText());
            assertEquals(comment, frame.path("notification").path("commentId").asText());
            assertEquals("@dan revisá el pedido", frame.path("notification").path("excerpt").asText());
            String id = frame.path("notification").path("id").asText();

            given().auth().oauth2(TestTokens.agent(tenant, "dan")).get("/api/v1/agents/me/notifications").then()
                    .statusCode(200).body("items.size()", equalTo(1)).body("unread", equalTo(1))
                    .body("items[0].id", equalTo(id)).body("items[0].read", equalTo(false))
                    .body("items[0].actor.id", equalTo("eva"));
            // Nobody else can see or mark it: another agent, or the same agent id in another tenant.
            given().auth().oauth2(TestTokens.agent(tenant, "eva")).post("/api/v1/agents/me/notifications/" + id + "/read")
                    .then().statusCode(404).contentType("application/problem+json");
            given().auth().oauth2(TestTokens.agent("t-" + UUID.randomUUID(), "dan"))
                    .post("/api/v1/agents/me/notifications/" + id + "/read").then().statusCode(404);
            given().auth().oauth2(TestTokens.agent(tenant, "dan")).post("/api/v1/agents/me/notifications/not-a-uuid/read")
                    .then().statusCode(404);
            given().auth().oauth2(TestTokens.agent(tenant, "dan")).post("/api/v1/agents/me/notifications/" + id + "/read")
                    .then().statusCode(200).body("read", equalTo(true));
            given().auth().oauth2(TestTokens.agent(tenant, "dan")).queryParam("unreadOnly", true)
                    .get("/api/v1/agents/me/notifications").then().statusCode(200)
                    .body("items.size()", equalTo(0)).body("unread", equalTo(0));
            given().auth().oauth2(TestTokens.agent(tenant, "dan")).queryParam("limit", 0)
                    .get("/api/v1/agents/me/notifications").then().statusCode(400);
            assertEquals(1, eva.data().size(), "eva got nothing: " + eva.data());
        }
    }
}
