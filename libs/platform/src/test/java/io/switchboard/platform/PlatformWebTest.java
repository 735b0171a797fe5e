package io.switchboard.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.platform.testing.TestTokens;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlatformWebTest {

    @Test
    void processedEventsClaimOnceEvenUnderConcurrentDeliveries() {
        UUID eventId = UUID.randomUUID();
        List<CompletableFuture<String>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            claims.add(CompletableFuture.supplyAsync(() -> given().post("/test/claims/" + eventId).then()
                    .statusCode(200).extract().asString()));
        }
        long firsts = claims.stream().map(CompletableFuture::join).filter("true"::equals).count();
        Assertions.assertEquals(1, firsts);
    }

    @Test
    void aBatchClaimAnswersOnlyTheFirstTimersAlsoWhenBatchesOverlapConcurrently() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(UUID.randomUUID());
        }
        given().body(ids.get(0) + "," + ids.get(1)).post("/test/claims").then().statusCode(200);
        // Overlapping batches (a rebalance hands the same records to two consumers), one with a repeated id.
        List<CompletableFuture<List<String>>> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String body = String.join(",", ids.stream().map(UUID::toString).toList()) + "," + ids.get(5);
            batches.add(CompletableFuture.supplyAsync(() -> given().body(body).post("/test/claims").then()
                    .statusCode(200).extract().jsonPath().getList("", String.class)));
        }
        List<String> claimed = new ArrayList<>();
        batches.forEach(b -> claimed.addAll(b.join()));
        Assertions.assertEquals(38, claimed.size(), "each id once, over all batches: " + claimed);
        Assertions.assertEquals(38, new HashSet<>(claimed).size());
        Assertions.assertFalse(claimed.contains(ids.get(0).toString()), "claimed before");
    }

    @Test
    void validationFailuresAreProblemJsonWithFieldErrors() {
        given().contentType(ContentType.JSON).body("{\"text\":\"\"}").post("/test/validated")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("errors.field", hasItem("text"));
    }

    @Test
    void malformedJsonIsA400Problem() {
        given().contentType(ContentType.JSON).body("{\"text\":").post("/test/validated")
                .then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Bad Request"));
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        given().get("/test/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().delete("/test/validated").then().statusCode(405).contentType("application/problem+json");
    }

    @Test
    void callerComesFromTheTokenAndMissingCredentialsAre401() {
        given().get("/test/me").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-token").get("/test/me").then().statusCode(401);
        given().header("X-Api-Key", "sbk_nope").get("/test/me").then().statusCode(401);
        given().auth().oauth2(TestTokens.agent("acme", "ana")).get("/test/me").then().statusCode(200)
                .body("tenantId", equalTo("acme")).body("id", equalTo("ana")).body("roles", contains("AGENT"));
    }

    @Test
    void internalCallsNeedTheSharedTokenAndATenant() {
        given().header("X-Internal-Token", "wrong").header("X-Tenant-Id", "acme").get("/test/me").then().statusCode(401);
        // SERVICE is not among the roles /test/me allows.
        given().header("X-Internal-Token", "dev-internal-token").header("X-Tenant-Id", "acme").get("/test/me")
                .then().statusCode(403);
    }

    @Test
    void aControlCharacterInAnyStringIsA400NamingTheField() {
        given().contentType(ContentType.JSON).body("{\"text\":\"a\\u0000b\"}").post("/test/validated")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("text")).body("errors.message", contains("must not contain control characters"));
    }

    @Test
    void aControlCharacterInAPathOrQueryValueIsA400NamingTheParameter() {
        given().urlEncodingEnabled(false).post("/test/notes/" + UUID.randomUUID() + "?fail=%00")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", contains("fail"));
        given().urlEncodingEnabled(false).get("/test/outbox/a%01b")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", contains("aggregateId"));
    }

    @Test
    void aJsonEndpointRefusesAnyOtherContentTypeWith415() {
        given().contentType(ContentType.TEXT).body("{\"text\":\"x\"}").post("/test/validated")
                .then().statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
        given().contentType("application/x-www-form-urlencoded").body("text=x").post("/test/validated")
                .then().statusCode(415).contentType("application/problem+json");
        given().contentType("application/json; charset=UTF-8").body("{\"text\":\"x\"}").post("/test/validated")
                .then().statusCode(200);
        // A raw-text endpoint is not a JSON one.
        given().contentType(ContentType.TEXT).body(UUID.randomUUID().toString()).post("/test/claims").then().statusCode(200);
    }

    @Test
    void coercedScalarsAndEmptyTypedValuesAreA400() {
        given().contentType(ContentType.JSON).body("{\"text\":5}").post("/test/validated")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", contains("text"));
    }

    @Test
    void aBodyOverTheLimitIsA413WithAProblemBody() {
        given().contentType(ContentType.JSON).body("{\"text\":\"" + "x".repeat(70 * 1024) + "\"}").post("/test/validated")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
    }

    @Test
    void textPostgresqlCannotStoreIsA400NotA500() {
        given().contentType(ContentType.TEXT).body("fine").post("/test/raw-text").then().statusCode(200);
        given().contentType("text/plain; charset=UTF-8").body("a\u0000b").post("/test/raw-text")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
    }
}
