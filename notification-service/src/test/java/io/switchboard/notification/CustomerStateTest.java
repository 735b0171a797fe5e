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
        String chat = UUID.randomUUID().toString();   // its customer: ConversationEventSender.customerOf(chat)
        String quiet = UUID.randomUUID().toString();
        String chatCustomer = ConversationEventSender.customerOf(chat);
        String quietCustomer = ConversationEventSender.customerOf(quiet);
        String nobody = UUID.randomUUID().toString();
        String token = TestTokens.agent(tenant, "ana");
        try (ConversationEventSender events = new ConversationEventSender()) {
            events.send(tenant, chat, 1, "conversation.message_created", "OPEN", "ana", true, true);
            events.send(tenant, quiet, 1, "conversation.resolved", "RESOLVED", "ana", false, false);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                    .queryParam("customerId", chatCustomer, quietCustomer, nobody).get("/api/v1/customer-states")
                    .then().statusCode(200)
                    .body("items.customerId", equalTo(List.of(chatCustomer, quietCustomer))) // nobody: not known here
                    .body("items.state", equalTo(List.of("UNREAD", "IDLE")))
                    .body("items[0].unreadConversations", equalTo(1)).body("items[1].conversations", equalTo(1)));

            events.send(tenant, chat, 2, "conversation.read", "OPEN", "ana", false, true); // the agent replied: green
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                    .queryParam("customerId", chatCustomer).get("/api/v1/customer-states")
                    .then().statusCode(200).body("items[0].state", equalTo("ACTIVE")).body("items[0].openActivities", equalTo(1)));

            events.send(tenant, chat, 1, "conversation.message_created", "OPEN", "ana", true, true); // a late redelivery
            events.send(tenant, chat, 3, "conversation.resolved", "RESOLVED", "ana", false, false);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                    .queryParam("customerId", chatCustomer).get("/api/v1/customer-states")
                    .then().statusCode(200).body("items[0].state", equalTo("IDLE")));
        }
        // Another tenant gets no data at all about these ids, not even IDLE: they are simply absent.
        given().auth().oauth2(TestTokens.agent("t-" + UUID.randomUUID(), "eve"))
                .queryParam("customerId", chatCustomer, quietCustomer).get("/api/v1/customer-states").then()
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
        given().auth().oauth2(token).queryParam("customerId", "not-a-uuid").get("/api/v1/customer-states")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("customerId"));
        given().auth().oauth2(token).contentType("application/json").body("{\"customerIds\":[\"not-a-uuid\"]}")
                .post("/api/v1/customer-states/query").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body("{\"customerIds\":[]}")
                .post("/api/v1/customer-states/query").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("text/plain").body("{\"customerIds\":[]}")
                .post("/api/v1/customer-states/query").then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void twoHundredCustomersAtOnceByThePostForm() {
        String tenant = "t-" + UUID.randomUUID();
        String chat = UUID.randomUUID().toString();
        String token = TestTokens.agent(tenant, "ana");
        List<String> ids = new java.util.ArrayList<>();
        ids.add(ConversationEventSender.customerOf(chat));
        for (int i = 1; i < 200; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        try (ConversationEventSender events = new ConversationEventSender()) {
            events.send(tenant, chat, 1, "conversation.message_created", "OPEN", "ana", true, true);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                    .contentType("application/json").body(java.util.Map.of("customerIds", ids))
                    .post("/api/v1/customer-states/query").then().statusCode(200)
                    .body("items.customerId", equalTo(List.of(ids.get(0)))) // the 199 others: not known here
                    .body("items[0].state", equalTo("UNREAD")));
        }
        // The same tenant scoping: another tenant asking for the same ids sees nothing.
        given().auth().oauth2(TestTokens.agent("t-" + UUID.randomUUID(), "eve")).contentType("application/json")
                .body(java.util.Map.of("customerIds", ids)).post("/api/v1/customer-states/query").then().statusCode(200)
                .body("items", equalTo(List.of()));
        List<String> tooMany = new java.util.ArrayList<>(ids);
        tooMany.add(UUID.randomUUID().toString());
        given().auth().oauth2(token).contentType("application/json").body(java.util.Map.of("customerIds", tooMany))
                .post("/api/v1/customer-states/query").then().statusCode(400).contentType("application/problem+json");
    }
}
