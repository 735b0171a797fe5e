package io.switchboard.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.switchboard.platform.testing.KafkaProbe;
import io.switchboard.platform.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DirectoryTest {

    @Test
    void agentsAppearOnFirstSignInWithPresenceAndAvailabilityPublishedOnAgentEvents() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        String eve = TestTokens.agent(tenant, "eve");
        try (KafkaProbe probe = new KafkaProbe("agent.events")) {
            given().auth().oauth2(eve).get("/api/v1/agents").then().statusCode(200)
                    .body("size()", equalTo(1)).body("[0].id", equalTo("eve"))
                    .body("[0].presence", equalTo("OFFLINE")).body("[0].availability", equalTo("OFFLINE"));

            try (AgentSocketClient console = AgentSocketClient.connect(RestAssured.port, eve)) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(eve).get("/api/v1/agents")
                        .then().body("[0].presence", equalTo("ONLINE")));
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(eve).get("/api/v1/agents")
                    .then().body("[0].presence", equalTo("OFFLINE")));

            given().auth().oauth2(eve).contentType(ContentType.JSON).body("{\"availability\":\"BUSY\"}")
                    .put("/api/v1/agents/me/availability").then().statusCode(200).body("availability", equalTo("BUSY"));
            given().auth().oauth2(eve).contentType(ContentType.JSON).body("{\"availability\":\"BUSY\"}")
                    .put("/api/v1/agents/me/availability").then().statusCode(200); // unchanged: no event
            given().auth().oauth2(eve).contentType(ContentType.JSON).body("{\"availability\":\"ONLINE\"}")
                    .put("/api/v1/agents/me/availability").then().statusCode(200).body("availability", equalTo("ONLINE"));
            given().auth().oauth2(eve).contentType(ContentType.JSON).body("{\"availability\":\"ASLEEP\"}")
                    .put("/api/v1/agents/me/availability").then().statusCode(400).contentType("application/problem+json");
            given().auth().oauth2(eve).contentType(ContentType.JSON).body("{")
                    .put("/api/v1/agents/me/availability").then().statusCode(400);

            List<ConsumerRecord<String, String>> records = probe.drain(r -> (tenant + "/eve").equals(r.key()), Duration.ofSeconds(3));
            assertEquals(List.of("agent.registered", "agent.availability_changed", "agent.availability_changed"),
                    records.stream().map(r -> KafkaProbe.header(r, "ce_type")).toList());
            assertEquals(List.of("1", "2", "3"), records.stream().map(r -> KafkaProbe.header(r, "ce_sequence")).toList());
            JsonNode changed = new ObjectMapper().readTree(records.get(1).value());
            assertEquals("OFFLINE", changed.path("availability").path("from").asText());
            assertEquals("BUSY", changed.path("availability").path("to").asText());
            assertEquals("eve", changed.path("actor").path("id").asText());
            assertEquals(tenant, KafkaProbe.header(records.get(1), "ce_tenantid"));
        }
    }

    @Test
    void anAdminAddsAgentsAndTenantsNeverSeeEachOther() {
        String tenant = "t-" + UUID.randomUUID();
        String admin = TestTokens.admin(tenant, "boss");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"id\":\"fay\",\"displayName\":\"Fay\",\"email\":\"fay@example.com\"}")
                .post("/api/v1/agents").then().statusCode(201).body("id", equalTo("fay")).body("roles", equalTo(List.of("AGENT")));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"id\":\"fay\"}")
                .post("/api/v1/agents").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"id\":\"\",\"email\":\"nope\"}")
                .post("/api/v1/agents").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.agent(tenant, "gus")).get("/api/v1/agents/me/counters").then().statusCode(200);
        given().auth().oauth2(TestTokens.agent(tenant, "gus")).contentType(ContentType.JSON).body("{\"id\":\"hal\"}")
                .post("/api/v1/agents").then().statusCode(403);
        given().auth().oauth2(admin).get("/api/v1/agents").then().statusCode(200)
                .body("id", hasItem("fay")).body("id", hasItem("boss")).body("id", hasItem("gus"));
        given().auth().oauth2(TestTokens.agent("t-" + UUID.randomUUID(), "gus")).get("/api/v1/agents").then()
                .statusCode(200).body("id", not(hasItem("fay"))).body("size()", equalTo(1));
    }
}
