package io.switchboard.customer;

import static io.restassured.RestAssured.given;
import static io.switchboard.customer.Fixtures.agent;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.switchboard.contracts.EventType;
import io.switchboard.contracts.Topics;
import io.switchboard.platform.security.ApiKeyAuthenticationMechanism;
import io.switchboard.platform.security.ApiKeys;
import io.switchboard.platform.testing.KafkaProbe;
import io.switchboard.platform.testing.TestBroker;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Bots are created on conversation-service; customer-service learns their keys from the bot.* events on the real
 * broker, so a bot can read a customer and record what it captured in the chat (seed 003's attributes).
 */
@QuarkusTest
class BotKeyTest {

    private static RequestSpecification bot(String key) {
        return given().contentType(ContentType.JSON).header(ApiKeyAuthenticationMechanism.HEADER, key);
    }

    private static void botEvent(EventType type, String tenant, String botId, String json) {
        TestBroker.publish(Topics.CONVERSATION_EVENTS, type.typeName(), UUID.randomUUID(), tenant, null, botId, 1,
                OffsetDateTime.now(ZoneOffset.UTC), json);
    }

    @Test
    void aBotKeyFromConversationServiceReadsAndEnrichesItsTenantsCustomersUntilTheBotIsDeleted() {
        String tenant = Fixtures.tenant();
        String customer = Fixtures.newCustomer(tenant);
        String strangers = Fixtures.newCustomer(Fixtures.tenant());
        String key = ApiKeys.newKey();
        String botId = UUID.randomUUID().toString();
        bot(key).get("/api/v1/customers/" + customer).then().statusCode(401);

        botEvent(EventType.BOT_CREATED, tenant, botId, """
                {"botId":"%s","name":"Order bot","keyHash":"%s","actor":{"kind":"ADMIN","id":"admin-1"}}"""
                .formatted(botId, ApiKeys.hash(key)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                bot(key).get("/api/v1/customers/" + customer).then().statusCode(200).body("id", equalTo(customer)));
        // Its tenant's customers only.
        bot(key).get("/api/v1/customers/" + strangers).then().statusCode(404);

        try (KafkaProbe probe = new KafkaProbe(Topics.CUSTOMER_EVENTS)) {
            // What the bot captured in the chat, as JSON scalars of their own types.
            bot(key).body(Map.of("attributes", Map.of("orderId", "A-17", "items", 3, "vip", true)))
                    .patch("/api/v1/customers/" + customer).then().statusCode(200)
                    .body("attributes.orderId", equalTo("A-17")).body("attributes.items", equalTo(3))
                    .body("attributes.vip", equalTo(true));
            var updated = Events.one(probe, customer, "customer.updated", 2);
            assertEquals("A-17", updated.at("/changes/attributes.orderId/to").asText());
            assertTrue(updated.at("/changes/attributes.items/to").isInt());
            assertTrue(updated.at("/changes/attributes.vip/to").isBoolean());
            assertTrue(updated.at("/changes/attributes.vip/from").isNull());
            assertEquals("BOT", updated.at("/actor/kind").asText());
            assertEquals(botId, updated.at("/actor/id").asText());
        }
        agent(tenant, "ana").get("/api/v1/customers/" + customer).then().body("attributes.orderId", equalTo("A-17"))
                .body("attributes.items", equalTo(3)).body("attributes.vip", equalTo(true));

        botEvent(EventType.BOT_DELETED, tenant, botId, """
                {"botId":"%s","actor":{"kind":"ADMIN","id":"admin-1"}}""".formatted(botId));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                bot(key).get("/api/v1/customers/" + customer).then().statusCode(401));
    }
}
