package io.switchboard.conversation;

import static io.switchboard.conversation.Fixtures.agent;
import static io.switchboard.conversation.Fixtures.tenant;
import static io.switchboard.conversation.InboundTest.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A tenant's messages per minute: customers', bots' and agents' messages spend one bucket, shared by the service's
 * replicas; past it nothing is stored and the caller is told when to come back.
 */
@QuarkusTest
@TestProfile(TenantLimitTest.SmallTenants.class)
class TenantLimitTest {

    public static class SmallTenants implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Six a minute: one refills every ten seconds, far slower than this test sends.
            return Map.of("switchboard.tenant-limits.messages-per-minute", "6");
        }
    }

    @Test
    void pastItsMessagesPerMinuteATenantIsRefused429AndNothingIsStored() {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String contact = "c-" + UUID.randomUUID();
        String conversation = Fixtures.conversation(key, contact);
        for (int i = 0; i < 4; i++) {
            Fixtures.inbound(key, contact, "customer " + i).then().statusCode(201);
        }
        agent(tenant, "ana").body(Map.of("text", "agent reply")).post("/api/v1/conversations/" + conversation + "/messages")
                .then().statusCode(201);
        // Six spent: the customer's, the agent's and the bot's next messages are all refused.
        Response customer = Fixtures.inbound(key, contact, "one too many");
        problem(customer, 429);
        assertTrue(Integer.parseInt(customer.header("Retry-After")) >= 1, "says when to come back");
        problem(agent(tenant, "ana").body(Map.of("text", "again")).post("/api/v1/conversations/" + conversation + "/messages"), 429);
        problem(Fixtures.bot(key).body(Map.of("text", "bot")).post("/api/v1/conversations/" + conversation + "/messages"), 429);
        assertEquals(6, agent(tenant, "ana").get("/api/v1/conversations/" + conversation + "/messages?limit=200")
                .then().statusCode(200).extract().jsonPath().getList("items").size(), "the refused messages were not stored");
        // Another tenant has its own bucket.
        Fixtures.inbound(Fixtures.botKey(tenant()), "c-" + UUID.randomUUID(), "hello").then().statusCode(201);
    }
}
