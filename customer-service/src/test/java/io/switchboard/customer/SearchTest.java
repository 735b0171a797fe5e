package io.switchboard.customer;

import static io.switchboard.customer.Fixtures.admin;
import static io.switchboard.customer.Fixtures.agent;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SearchTest {

    /** Customers created in this order: Ana, Bruno, Carla, Diego, Elena. */
    private record World(String tenant, List<String> ids, String listId) {
    }

    private World world() {
        String tenant = Fixtures.tenant();
        List<String> ids = new ArrayList<>();
        String[][] people = {
                {"Ana Souza", "ana@example.com", "+5491100000001", "SALE", "5"},
                {"Bruno Díaz", "bruno@corp.example", "+5491100000002", "NEW", "3"},
                {"Carla Gómez", "carla@example.com", "+5491100000003", "SALE", "4"},
                {"Diego Ruiz", "diego@corp.example", "+5491100000004", "IN_PROGRESS", "0"},
                {"Elena Paz", "elena@example.com", "+5491100000005", "NEW", "5"}};
        for (String[] p : people) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("displayName", p[0]);
            body.put("emails", List.of(p[1]));
            body.put("phones", List.of(p[2]));
            String id = agent(tenant, "ana").body(body).post("/api/v1/customers").then().statusCode(201).extract().path("id");
            agent(tenant, "ana").body(Map.of("status", p[3])).put("/api/v1/customers/" + id + "/status").then().statusCode(200);
            agent(tenant, "ana").body(Map.of("rating", Integer.parseInt(p[4]))).put("/api/v1/customers/" + id + "/rating")
                    .then().statusCode(200);
            ids.add(id);
        }
        agent(tenant, "ana").body(Map.of("assigneeId", "ana")).put("/api/v1/customers/" + ids.get(0) + "/assignee").then().statusCode(200);
        agent(tenant, "ana").body(Map.of("assigneeId", "ana")).put("/api/v1/customers/" + ids.get(2) + "/assignee").then().statusCode(200);
        agent(tenant, "bob").body(Map.of("assigneeId", "bob")).put("/api/v1/customers/" + ids.get(3) + "/assignee").then().statusCode(200);
        String listId = agent(tenant, "ana").body(Map.of("name", "VIP")).post("/api/v1/lists").then().statusCode(201).extract().path("id");
        agent(tenant, "ana").put("/api/v1/lists/" + listId + "/customers/" + ids.get(1)).then().statusCode(204);
        agent(tenant, "ana").put("/api/v1/lists/" + listId + "/customers/" + ids.get(4)).then().statusCode(204);
        return new World(tenant, ids, listId);
    }

    @Test
    void filtersSortAndKeysetPages() {
        World w = world();
        List<String> ids = w.ids();
        String t = w.tenant();

        // Newest first by default, three pages of two, each customer exactly once.
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var req = agent(t, "ana").queryParam("limit", 2);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            Response r = req.get("/api/v1/customers").then().statusCode(200).extract().response();
            seen.addAll(r.path("items.id"));
            cursor = r.path("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(List.of(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)), seen);

        agent(t, "ana").queryParam("status", "SALE").get("/api/v1/customers").then().statusCode(200)
                .body("items.id", contains(ids.get(2), ids.get(0)));
        agent(t, "ana").queryParam("status", "NEW,IN_PROGRESS").queryParam("sort", "name").get("/api/v1/customers")
                .then().body("items.displayName", contains("Bruno Díaz", "Diego Ruiz", "Elena Paz"));
        agent(t, "ana").queryParam("assignee", "me").get("/api/v1/customers").then()
                .body("items.id", contains(ids.get(2), ids.get(0)));
        agent(t, "ana").queryParam("assignee", "bob").get("/api/v1/customers").then().body("items.id", contains(ids.get(3)));
        agent(t, "ana").queryParam("assignee", "unassigned").get("/api/v1/customers").then()
                .body("items.id", contains(ids.get(4), ids.get(1)));
        agent(t, "ana").queryParam("list", w.listId()).get("/api/v1/customers").then()
                .body("items.id", contains(ids.get(4), ids.get(1)));
        agent(t, "ana").queryParam("rating", 5).get("/api/v1/customers").then().body("items.id", contains(ids.get(4), ids.get(0)));
        agent(t, "ana").queryParam("minRating", 4).queryParam("sort", "-rating").get("/api/v1/customers").then()
                .body("items.id", contains(ids.get(4), ids.get(0), ids.get(2)));
        agent(t, "ana").queryParam("q", "corp.exa").get("/api/v1/customers").then()
                .body("items.displayName", containsInAnyOrder("Bruno Díaz", "Diego Ruiz"));
        agent(t, "ana").queryParam("q", "GÓMEZ").get("/api/v1/customers").then().body("items.id", contains(ids.get(2)));
        agent(t, "ana").queryParam("q", "11 0000-0004").get("/api/v1/customers").then().body("items.id", contains(ids.get(3)));
        agent(t, "ana").queryParam("q", "100%").get("/api/v1/customers").then().body("items", hasSize(0));
        agent(t, "ana").queryParam("q", "example").queryParam("status", "SALE").queryParam("list", w.listId())
                .get("/api/v1/customers").then().body("items", hasSize(0));

        String created2 = agent(t, "ana").get("/api/v1/customers/" + ids.get(2)).then().extract().path("createdAt");
        agent(t, "ana").queryParam("createdFrom", created2).queryParam("sort", "createdAt").get("/api/v1/customers").then()
                .body("items.id", contains(ids.get(2), ids.get(3), ids.get(4)));
        agent(t, "ana").queryParam("createdTo", created2).get("/api/v1/customers").then()
                .body("items.id", contains(ids.get(1), ids.get(0)));

        // Summaries carry the list-view fields.
        agent(t, "ana").queryParam("q", "ana souza").get("/api/v1/customers").then()
                .body("items[0].email", equalTo("ana@example.com")).body("items[0].phone", equalTo("+5491100000001"))
                .body("items[0].status", equalTo("SALE")).body("items[0].assigneeId", equalTo("ana"));

        // Another tenant sees none of them.
        admin(Fixtures.tenant()).get("/api/v1/customers").then().statusCode(200).body("items", hasSize(0))
                .body("nextCursor", nullValue());
    }

    @Test
    void neighboursFollowTheSameFilterAndSort() {
        World w = world();
        List<String> ids = w.ids();
        String t = w.tenant();
        // By name: Ana, Bruno, Carla, Diego, Elena.
        agent(t, "ana").queryParam("sort", "name").get("/api/v1/customers/" + ids.get(2) + "/neighbours").then()
                .statusCode(200).body("previous.id", equalTo(ids.get(1))).body("next.id", equalTo(ids.get(3)));
        agent(t, "ana").queryParam("sort", "name").get("/api/v1/customers/" + ids.get(0) + "/neighbours").then()
                .body("previous", nullValue()).body("next.id", equalTo(ids.get(1)));
        // Within status NEW (Bruno, Elena), newest first: Elena then Bruno.
        agent(t, "ana").queryParam("status", "NEW").get("/api/v1/customers/" + ids.get(4) + "/neighbours").then()
                .body("previous", nullValue()).body("next.id", equalTo(ids.get(1)));
        agent(t, "ana").queryParam("sort", "-rating").get("/api/v1/customers/" + ids.get(0) + "/neighbours").then()
                .body("previous.id", equalTo(ids.get(4))).body("next.id", equalTo(ids.get(2)));
        admin(Fixtures.tenant()).get("/api/v1/customers/" + ids.get(0) + "/neighbours").then().statusCode(404);
    }

    @Test
    void badQueriesAre400Problems() {
        World w = world();
        String t = w.tenant();
        String cursor = agent(t, "ana").queryParam("limit", 1).get("/api/v1/customers").then().body("nextCursor", notNullValue())
                .extract().path("nextCursor");
        List<Map<String, Object>> bad = List.of(Map.of("sort", "shoeSize"), Map.of("limit", 0), Map.of("limit", 1000),
                Map.of("status", "WON"), Map.of("rating", 9), Map.of("createdFrom", "yesterday"), Map.of("q", "a"),
                Map.of("list", "not-a-uuid"), Map.of("cursor", "garbage!"), Map.of("cursor", cursor, "sort", "name"),
                Map.of("cursor", java.util.Base64.getUrlEncoder().encodeToString(
                        "{\"s\":\"createdAt\",\"v\":[\"x\",\"y\"]}".getBytes())));
        for (Map<String, Object> params : bad) {
            agent(t, "ana").queryParams(params).get("/api/v1/customers").then().statusCode(400)
                    .contentType("application/problem+json");
        }
    }
}
