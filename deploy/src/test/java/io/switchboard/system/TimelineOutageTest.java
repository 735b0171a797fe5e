package io.switchboard.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Nothing lost, nothing doubled: timeline-service is down while 200 messages are posted. */
@Order(100)
class TimelineOutageTest {

    private static final int MESSAGES = 200;

    @Test
    void timelineCatchesUpWithEveryMessageExactlyOnceAfterAnOutage() throws Exception {
        String tenant = Suite.newTenant();
        String apiKey = Suite.createBot(tenant);
        String token = Suite.admin(tenant);
        String contact = "outage-" + tenant;
        String customerId = Suite.inbound(apiKey, "webchat", contact, "first", "m-0")
                .then().statusCode(201).extract().path("customerId");

        Suite.control("stop", "timeline-service");
        Set<String> posted = new HashSet<>();
        try {
            for (int i = 1; i <= MESSAGES; i++) {
                posted.add(Suite.inbound(apiKey, "webchat", contact, "message " + i, "m-" + i)
                        .then().statusCode(201).extract().path("messageId"));
            }
            // A bot retrying some of them while the timeline is down changes nothing.
            for (int i = 1; i <= 20; i++) {
                Suite.inbound(apiKey, "webchat", contact, "message " + i, "m-" + i).then().statusCode(200);
            }
        } finally {
            Suite.control("start", "timeline-service");
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Integer> seen = messageEntries(token, customerId);
            for (String id : posted) {
                assertEquals(1, seen.getOrDefault(id, 0), "message " + id + " on the timeline");
            }
            assertEquals(MESSAGES + 1, seen.size());
            assertEquals(MESSAGES + 1, seen.values().stream().mapToInt(Integer::intValue).sum(), "no duplicates");
        });
    }

    /** messageId → how many timeline entries carry it, over every page. */
    private static Map<String, Integer> messageEntries(String token, String customerId) {
        Map<String, Integer> seen = new HashMap<>();
        String cursor = null;
        do {
            var request = given().baseUri(Suite.TIMELINE).auth().oauth2(token)
                    .queryParam("types", "conversation.message_created").queryParam("limit", 100);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/timelines/" + customerId).then().statusCode(200).extract().jsonPath();
            List<String> ids = new ArrayList<>(page.getList("items.data.messageId", String.class));
            ids.forEach(id -> seen.merge(id, 1, Integer::sum));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return seen;
    }
}
