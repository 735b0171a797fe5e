package io.switchboard.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.platform.testing.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 16, bad input: every malformed request is a 4xx problem+json, never a 200 on a guess or a 500. */
@QuarkusTest
class BadInputTest {

    private final String tenant = Fixtures.tenant();

    @Test
    void aNulCharacterIsA400NamingTheFieldNotA500() {
        String key = Fixtures.botKey(tenant);
        String id = Fixtures.conversation(key, "nul-1");
        String conv = "/api/v1/conversations/" + id;
        Fixtures.agent(tenant, "ana").body("{\"text\":\"a\\u0000b\"}").post(conv + "/messages").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("text"));
        Fixtures.bot(key).body("{\"contact\":{\"externalId\":\"nul-2\",\"name\":\"J\\u0000\"},\"text\":\"Hola\"}")
                .post("/api/v1/channels/whatsapp/inbound").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("contact.name"));
        Fixtures.admin(tenant).body("{\"name\":\"\\u0000\"}").post("/api/v1/bots").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("name"));
        Fixtures.admin(tenant).body("{\"agentId\":\"a\\u0000\"}").put(conv + "/assignee").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("agentId"));
        Fixtures.agent(tenant, "ana").body("{\"text\":\"\\u0000\",\"sendAt\":\"2099-01-01T00:00:00Z\"}")
                .post(conv + "/scheduled-messages").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.agent(tenant, "ana")).urlEncodingEnabled(false)
                .get("/api/v1/conversations?assignee=a%00b").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("assignee"));
        Fixtures.bot(key).body(Fixtures.inboundBody("nul-3", "Hola"))
                .post("/api/v1/channels/what%00sapp/inbound").then().statusCode(400);
    }

    @Test
    void aJsonEndpointRefusesOtherContentTypes() {
        given().auth().oauth2(TestTokens.admin(tenant, "boss")).contentType(ContentType.TEXT).body("{\"name\":\"sweep\"}")
                .post("/api/v1/bots").then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin(tenant, "boss")).get("/api/v1/bots").then().body("size()", equalTo(0));
        String key = Fixtures.botKey(tenant);
        given().header("X-Api-Key", key).contentType(ContentType.TEXT).body("hello")
                .post("/api/v1/channels/whatsapp/inbound").then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void scalarsAreNotCoercedAndAnEmptyDateIsNoDate() {
        String key = Fixtures.botKey(tenant);
        String id = Fixtures.conversation(key, "coerce-1");
        String conv = "/api/v1/conversations/" + id;
        Fixtures.agent(tenant, "ana").body("{\"active\":2}").put(conv + "/chatbot").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("active"));
        Fixtures.agent(tenant, "ana").body("{\"active\":\"true\"}").put(conv + "/chatbot").then().statusCode(400);
        Fixtures.admin(tenant).body("{\"mode\":\"ROUND_ROBIN\",\"cap\":1.5}").put("/api/v1/conversations/settings/auto-assignment")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("cap"));
        Fixtures.agent(tenant, "ana").body("{\"status\":\"SNOOZED\",\"until\":\"\"}").put(conv + "/status").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("until"));
        Fixtures.bot(key).body(Map.of("contact", Map.of("externalId", "coerce-2"), "origin", Map.of("firstContactAt", ""),
                "text", "Hola")).post("/api/v1/channels/whatsapp/inbound").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("origin.firstContactAt"));
        Fixtures.bot(key).body(Map.of("contact", Map.of("externalId", 5491155555555L), "text", "Hola"))
                .post("/api/v1/channels/whatsapp/inbound").then().statusCode(400);
    }

    @Test
    void queryValuesAreParsedNotGuessed() {
        for (String q : new String[] {"limit=-1", "limit=abc", "cursor=x", "unread=maybe"}) {
            given().auth().oauth2(TestTokens.agent(tenant, "ana")).get("/api/v1/conversations?" + q).then()
                    .statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void aBodyOverTheLimitIsA413WithAProblemBody() {
        given().auth().oauth2(TestTokens.admin(tenant, "boss")).contentType(ContentType.JSON)
                .body("{\"name\":\"" + "x".repeat(12 * 1024 * 1024) + "\"}").post("/api/v1/bots")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
    }
}
