package io.switchboard.notification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.platform.testing.TestTokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 16, bad input: every malformed request is a 4xx problem+json, never a 200 on a guess or a 500. */
@QuarkusTest
class BadInputTest {

    private final String tenant = "t-" + UUID.randomUUID();
    private final String agent = TestTokens.agent(tenant, "ana");
    private final String admin = TestTokens.admin(tenant, "boss");

    @Test
    void queryValuesAreParsedNotGuessed() {
        for (String q : new String[] {"unreadOnly=maybe", "limit=-1", "limit=0", "limit=201", "limit=abc", "limit=1.5"}) {
            given().auth().oauth2(agent).get("/api/v1/agents/me/notifications?" + q).then()
                    .statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(agent).get("/api/v1/agents/me/notifications?unreadOnly=maybe").then()
                .body("errors[0].field", equalTo("unreadOnly"));
        given().auth().oauth2(admin).post("/api/v1/agents/counters/reconcile?fix=maybe").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("fix"));
        given().auth().oauth2(agent).get("/api/v1/agents/me/notifications?unreadOnly=true&limit=200").then().statusCode(200);
        given().auth().oauth2(admin).post("/api/v1/agents/counters/reconcile?fix=false").then().statusCode(200);
    }

    @Test
    void aNulCharacterIsA400NamingTheFieldNotA500() {
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"id\":\"nul-" + UUID.randomUUID() + "\",\"displayName\":\"a\\u0000b\"}").post("/api/v1/agents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("displayName"));
        given().auth().oauth2(agent).urlEncodingEnabled(false)
                .get("/api/v1/customer-states?customerId=%00").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aJsonEndpointRefusesOtherContentTypes() {
        given().auth().oauth2(admin).contentType(ContentType.TEXT).body("{\"id\":\"plain\"}").post("/api/v1/agents")
                .then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(agent).contentType(ContentType.TEXT).body("{\"availability\":\"BUSY\"}")
                .put("/api/v1/agents/me/availability").then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void scalarsAreNotCoerced() {
        given().auth().oauth2(agent).contentType(ContentType.JSON).body("{\"availability\":1}")
                .put("/api/v1/agents/me/availability").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("availability"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"id\":42}").post("/api/v1/agents")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("id"));
    }

    @Test
    void aBodyOverTheLimitIsA413WithAProblemBody() {
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"id\":\"" + "x".repeat(12 * 1024 * 1024) + "\"}").post("/api/v1/agents")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
    }
}
