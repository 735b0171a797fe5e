package io.switchboard.timeline;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.switchboard.platform.testing.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tenant's comments per minute and attachment bytes per day: past them 429 (or 413 for what no day allows). */
@QuarkusTest
@TestProfile(TenantLimitTest.SmallTenants.class)
class TenantLimitTest {

    public static class SmallTenants implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.tenant-limits.comments-per-minute", "2",
                    "switchboard.tenant-limits.attachment-bytes-per-day", "100");
        }
    }

    private static Response upload(String token, int bytes) {
        return given().auth().oauth2(token).multiPart("file", "notes.txt", new byte[bytes], "text/plain")
                .post("/api/v1/attachments");
    }

    private static void refused(Response r, int status) {
        r.then().statusCode(status).contentType("application/problem+json");
    }

    @Test
    void pastItsCommentsPerMinuteATenantIsRefused429() {
        String tenant = TestEvents.tenant();
        String customer = CommentTest.knownCustomer(tenant);
        String token = TestTokens.agent(tenant, "agent-ana");
        String path = "/api/v1/timelines/" + customer + "/comments";
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(token).contentType("application/json").body(Map.of("text", "note " + i)).post(path)
                    .then().statusCode(201);
        }
        Response third = given().auth().oauth2(token).contentType("application/json").body(Map.of("text", "note 2")).post(path);
        refused(third, 429);
        assertTrue(Integer.parseInt(third.header("Retry-After")) >= 1);
    }

    @Test
    void aTenantsUploadsAreBoundedPerDay() {
        String tenant = TestEvents.tenant();
        String token = TestTokens.agent(tenant, "agent-ana");
        upload(token, 60).then().statusCode(201);
        Response over = upload(token, 60);
        refused(over, 429);
        assertTrue(Integer.parseInt(over.header("Retry-After")) >= 60, "a day's allowance refills slowly");
        upload(token, 40).then().statusCode(201);
        // Larger than a whole day's allowance: no wait would help.
        refused(upload(token, 101), 413);
        // Another tenant has its own allowance.
        assertEquals(201, upload(TestTokens.agent(TestEvents.tenant(), "agent-bea"), 100).statusCode());
    }
}
