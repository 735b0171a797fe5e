package io.switchboard.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.platform.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** UNREAD / ACTIVE / IDLE per customer, from the conversation states the counter consumer keeps. */
@QuarkusTest
class CustomerStateTest {

    @Test
    void aCustomerIsUnreadThenActiveThenIdleAsItsConversationsMove() {
        String tenant = "t-" + UUID.randomUUID();
        String chat = UUID.randomUUID().toString();   // its customer is "cust-" + chat (ConversationEventSender)
        String quiet = UUID.randomUUID().toString();
        String token = TestTokens.agent(tenant, "ana");
        try (ConversationEventSender events = new ConversationEventSender()) {
            events.send(tenant, chat, 1, "conversation.message_created", "OPEN", "ana", true, true);
            events.send(tenant, quiet, 1, "conversation.resolved", "RESOLVED", "ana", false, false);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                    .queryParam("customerId", "cust-" + chat, "cust-" + quiet, "cust-nobody").get("/api/v1/customer-states")
                    .then().statusCode(200)
                    .body("items.customerId", equalTo(List.of("cust-" + chat, "cust-" + quiet))) // nobody: not known here
                    .body("items.state", equalTo(List.of("UNREAD", "IDLE")))
                    .body("items[0].unreadConversations", equalTo(1)).body("items[1].conversations", equalTo(1)));

            events.send(tenant, chat, 2, "conversation.read", "OPEN", "ana", false, true); // the agent replied: green
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                    .queryParam("customerId", "cust-" + chat).get("/api/v1/customer-states")
                    .then().statusCode(200).body("items[0].state", equalTo("ACTIVE")).body("items[0].openActivities", equalTo(1)));

            events.send(tenant, chat, 1, "conversation.message_created", "OPEN", "ana", true, true); // a late redelivery
            events.send(tenant, chat, 3, "conversation.resolved", "RESOLVED", "ana", false, false);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                    .queryParam("customerId", "cust-" + chat).get("/api/v1/customer-states")
                    .then().statusCode(200).body("items[0].state", equalTo("IDLE")));
        }
        // Another tenant gets no data at all about these ids, not even IDLE: they are simply absent.
        given().auth().oauth2(TestTokens.agent("t-" + UUID.randomUUID(), "eve"))
                .queryParam("customerId", "cust-" + chat, "cust-" + quiet).get("/api/v1/customer-states").then()
                .statusCode(200).body("items", equalTo(List.of()));
    }

    @Test
    void badRequestsAreProblems() {
        String token = TestTokens.agent("t-" + UUID.randomUUID(), "ana");
        given().auth().oauth2(token).get("/api/v1/customer-states").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(token).queryParam("customerId", "x".repeat(65)).get("/api/v1/customer-states")
                .then().statusCode(400).contentType("application/problem+json");
        var tooMany = given().auth().oauth2(token);
        for (int i = 0; i < 201; i++) {
            tooMany.queryParam("customerId", "c" + i);
        }
        tooMany.get("/api/v1/customer-states").then().statusCode(400).contentType("application/problem+json");
        given().get("/api/v1/customer-states?customerId=c1").then().statusCode(401);
    }
}
