package io.switchboard.timeline;

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

    private final String token = TestTokens.agent(TestEvents.tenant(), "agent-ana");
    private final String customer = UUID.randomUUID().toString();

    @Test
    void queryValuesAreParsedNotGuessed() {
        for (String q : new String[] {"onlyComments=maybe", "limit=-1", "limit=abc", "limit=1.5", "cursor=x"}) {
            given().auth().oauth2(token).get("/api/v1/timelines/" + customer + "?" + q).then()
                    .statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(token).get("/api/v1/timelines/" + customer + "?onlyComments=maybe").then()
                .body("errors[0].field", equalTo("onlyComments"));
    }

    @Test
    void aNulCharacterIsA400NamingTheFieldNotA500() {
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"text\":\"a\\u0000b\"}")
                .post("/api/v1/timelines/" + customer + "/comments").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("text"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"type\":\"custom\",\"kind\":\"crm\",\"title\":\"t\\u0000\"}")
                .post("/api/v1/timelines/" + customer + "/activities").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("title"));
        given().auth().oauth2(token).urlEncodingEnabled(false).get("/api/v1/timelines/a%00b").then()
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aJsonEndpointRefusesOtherContentTypes() {
        given().auth().oauth2(token).contentType(ContentType.TEXT).body("{\"text\":\"hello\"}")
                .post("/api/v1/timelines/" + customer + "/comments").then().statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void scalarsAreNotCoercedAndAnEmptyDateIsNoDate() {
        String activities = "/api/v1/timelines/" + customer + "/activities";
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"type\":\"call\",\"direction\":\"INCOMING\",\"durationSeconds\":1.5}").post(activities)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("durationSeconds"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"type\":\"call\",\"direction\":\"INCOMING\",\"durationSeconds\":\"60\"}").post(activities)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"type\":\"call\",\"direction\":\"INCOMING\",\"occurredAt\":\"\"}").post(activities)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("occurredAt"));
    }

    @Test
    void anEmptyOrBrokenMultipartBodyIsA400() {
        given().auth().oauth2(token).contentType("multipart/form-data; boundary=xyz").body(new byte[0])
                .post("/api/v1/attachments").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("multipart/form-data; boundary=xyz").body("--xyz\r\nbroken".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/attachments").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("multipart/form-data").body("no boundary at all".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/attachments").then().statusCode(400).contentType("application/problem+json");
    }
}
