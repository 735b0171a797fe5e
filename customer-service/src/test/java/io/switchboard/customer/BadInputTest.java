package io.switchboard.customer;

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

    private final String token = TestTokens.mint("t-" + UUID.randomUUID(), "ana", "AGENT", "ADMIN");

    private String customer() {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"displayName\":\"Juan\"}")
                .post("/api/v1/customers").then().statusCode(201).extract().path("id");
    }

    @Test
    void aNulCharacterIsA400NamingTheFieldNotA500() {
        String id = customer();
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"displayName\":\"a\\u0000b\"}")
                .patch("/api/v1/customers/" + id).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("displayName"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"attributes\":{\"k\":\"\\u0000\"}}")
                .patch("/api/v1/customers/" + id).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"title\":\"\\u0000\"}")
                .post("/api/v1/customers/" + id + "/deals").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("title"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\":\"x\\u0000\"}")
                .post("/api/v1/lists").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("name"));
        given().auth().oauth2(token).urlEncodingEnabled(false).get("/api/v1/customers?q=ab%00cd").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("q"));
    }

    @Test
    void aJsonEndpointRefusesOtherContentTypes() {
        String id = customer();
        given().auth().oauth2(token).contentType(ContentType.TEXT).body("{\"displayName\":\"plain\"}")
                .patch("/api/v1/customers/" + id).then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.TEXT).body("{\"name\":\"sweep\"}")
                .post("/api/v1/lists").then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(token).get("/api/v1/customers/" + id).then().body("displayName", equalTo("Juan"));
    }

    @Test
    void scalarsAreNotCoercedAndAnEmptyDateIsNoDate() {
        String id = customer();
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"rating\":1.5}")
                .put("/api/v1/customers/" + id + "/rating").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("rating"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"rating\":\"3\"}")
                .put("/api/v1/customers/" + id + "/rating").then().statusCode(400);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"status\":\"SALE\",\"effectiveAt\":\"\"}")
                .put("/api/v1/customers/" + id + "/status").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("effectiveAt"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"displayName\":\"Ana\",\"origin\":{\"firstContactAt\":\"\"}}").post("/api/v1/customers")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).get("/api/v1/customers/" + id)
                .then().body("status", equalTo("NEW")).body("rating", equalTo(0));
    }

    @Test
    void queryValuesAreParsedNotGuessed() {
        for (String q : new String[] {"limit=-1", "limit=abc", "limit=1.5", "rating=abc", "rating=9", "minRating=x",
                "cursor=x"}) {
            given().auth().oauth2(token).get("/api/v1/customers?" + q).then()
                    .statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void aBodyOverTheLimitIsA413WithAProblemBody() {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"displayName\":\"" + "x".repeat(12 * 1024 * 1024) + "\"}").post("/api/v1/customers")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
    }
}
