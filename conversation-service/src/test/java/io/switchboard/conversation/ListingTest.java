package io.switchboard.conversation;

import static io.switchboard.conversation.Fixtures.admin;
import static io.switchboard.conversation.Fixtures.agent;
import static io.switchboard.conversation.Fixtures.bot;
import static io.switchboard.conversation.Fixtures.inboundBody;
import static io.switchboard.conversation.Fixtures.tenant;
import static io.switchboard.conversation.InboundTest.problem;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ListingTest {

    @Test
    void filtersCountsAndCursorPagination() {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(Fixtures.conversation(key, "c-" + i));
        }
        String telegram = bot(key).body(inboundBody("tg-1", "Hola")).post("/api/v1/channels/telegram/inbound").then()
                .statusCode(201).extract().path("conversationId");
        agent(tenant, "ana").body(Map.of()).put("/api/v1/conversations/" + ids.get(0) + "/assignee").then().statusCode(200);
        agent(tenant, "ana").body(Map.of()).put("/api/v1/conversations/" + ids.get(1) + "/assignee").then().statusCode(200);
        agent(tenant, "ana").post("/api/v1/conversations/" + ids.get(1) + "/read").then().statusCode(200);
        admin(tenant).body(Map.of("status", "RESOLVED")).put("/api/v1/conversations/" + ids.get(2) + "/status").then().statusCode(200);

        agent(tenant, "ana").get("/api/v1/conversations?assignee=me").then().statusCode(200)
                .body("items.id", containsInAnyOrder(ids.get(0), ids.get(1)))
                .body("counts.mine", equalTo(2)).body("counts.unassigned", equalTo(3)).body("counts.all", equalTo(5));
        agent(tenant, "ana").get("/api/v1/conversations?assignee=ana&unread=true").then()
                .body("items.id", containsInAnyOrder(ids.get(0)));
        agent(tenant, "bea").get("/api/v1/conversations?assignee=unassigned").then()
                .body("items.id", containsInAnyOrder(ids.get(2), ids.get(3), ids.get(4), telegram))
                .body("counts.mine", equalTo(0));
        admin(tenant).get("/api/v1/conversations?status=RESOLVED").then().body("items.id", containsInAnyOrder(ids.get(2)));
        admin(tenant).get("/api/v1/conversations?channel=telegram").then().body("items.id", containsInAnyOrder(telegram));
        String customer = admin(tenant).get("/api/v1/conversations/" + ids.get(3)).then().extract().path("customerId");
        admin(tenant).get("/api/v1/conversations?customerId=" + customer).then().body("items.id", containsInAnyOrder(ids.get(3)));

        // Pages of 2, newest first, each conversation exactly once.
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = admin(tenant).queryParam("limit", 2).queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/api/v1/conversations").then().statusCode(200).extract();
            seen.addAll(page.path("items.id"));
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(6, seen.size());
        assertEquals(6, new HashSet<>(seen).size());
        assertEquals(telegram, seen.get(0));

        // Another tenant sees none of it.
        admin(tenant()).get("/api/v1/conversations").then().body("items", hasSize(0)).body("counts.all", equalTo(0));

        problem(admin(tenant).get("/api/v1/conversations?status=CLOSED"), 400);
        problem(admin(tenant).get("/api/v1/conversations?unread=yes"), 400);
        problem(admin(tenant).get("/api/v1/conversations?channel=fax"), 400);
        problem(admin(tenant).get("/api/v1/conversations?customerId=42"), 400);
        problem(admin(tenant).get("/api/v1/conversations?limit=1000"), 400);
        problem(admin(tenant).get("/api/v1/conversations?cursor=garbage"), 400);
    }
}
