package io.switchboard.customer;

import static io.switchboard.customer.Fixtures.admin;
import static io.switchboard.customer.Fixtures.agent;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProfileTest extends BrokerTest {


    @Test
    void createReadAndPatchPublishOnlyTheChangedFields() {
        String tenant = Fixtures.tenant();
        Map<String, Object> body = new HashMap<>();
        body.put("firstName", "Ana");
        body.put("lastName", "García");
        body.put("emails", List.of("Ana@Example.com"));
        body.put("phones", List.of("+54 11 4444-1111"));
        body.put("attributes", Map.of("plan", "basic"));
        body.put("origin", Map.of("site", "shop.example.com", "entryMethod", "FORM"));
        String id = agent(tenant, "ana").body(body).post("/api/v1/customers").then().statusCode(201)
                .header("Location", containsString("/api/v1/customers/"))
                .body("displayName", equalTo("Ana García"))
                .body("emails", contains("ana@example.com"))
                .body("phones", contains("+541144441111"))
                .body("status", equalTo("NEW"))
                .body("rating", equalTo(0))
                .body("origin.entryMethod", equalTo("FORM"))
                .extract().path("id");
        JsonNode created = Events.one(probe, id, "customer.created", 1);
        assertEquals("AGENT", created.at("/actor/kind").asText());
        assertEquals("ana", created.at("/actor/id").asText());

        agent(tenant, "ana").get("/api/v1/customers/" + id).then().statusCode(200)
                .body("attributes.plan", equalTo("basic")).body("lastInteractionAt", nullValue());

        Map<String, Object> patch = new HashMap<>();
        patch.put("displayName", "Ana G.");
        patch.put("firstName", "Ana"); // unchanged: not in the event
        patch.put("emails", List.of("ana@example.com", "ana.g@work.example"));
        patch.put("attributes", Map.of("plan", "pro", "source", "bot"));
        agent(tenant, "ana").body(patch).patch("/api/v1/customers/" + id).then().statusCode(200)
                .body("displayName", equalTo("Ana G.")).body("emails[1]", equalTo("ana.g@work.example"))
                .body("attributes.plan", equalTo("pro"));
        JsonNode updated = Events.one(probe, id, "customer.updated", 2);
        JsonNode changes = updated.get("changes");
        assertEquals("Ana García", changes.at("/displayName/from").asText());
        assertEquals("Ana G.", changes.at("/displayName/to").asText());
        assertEquals("basic", changes.at("/attributes.plan/from").asText());
        assertEquals("pro", changes.at("/attributes.plan/to").asText());
        assertEquals("bot", changes.at("/attributes.source/to").asText());
        assertEquals(2, changes.at("/emails/to").size());
        assertFalse(changes.has("firstName"));
        assertEquals(4, changes.size());

        // The same patch again changes nothing and publishes nothing; clearing a field is a change.
        agent(tenant, "ana").body(patch).patch("/api/v1/customers/" + id).then().statusCode(200);
        agent(tenant, "ana").body(Map.of("lastName", "")).patch("/api/v1/customers/" + id).then().statusCode(200)
                .body("lastName", nullValue());
        JsonNode cleared = Events.one(probe, id, "customer.updated", 3);
        assertEquals("García", cleared.at("/changes/lastName/from").asText());

        // A null attribute value removes the key.
        Map<String, Object> removeSource = new HashMap<>();
        removeSource.put("source", null);
        agent(tenant, "ana").body(Map.of("attributes", removeSource)).patch("/api/v1/customers/" + id).then().statusCode(200)
                .body("attributes.size()", equalTo(1)).body("attributes.plan", equalTo("pro"));
        JsonNode removed = Events.one(probe, id, "customer.updated", 4);
        assertEquals("bot", removed.at("/changes/attributes.source/from").asText());
        assertTrue(removed.at("/changes/attributes.source/to").isNull());
        assertEquals(List.of(1L, 2L, 3L, 4L), Events.sequences(probe, id, Duration.ofSeconds(1)));
    }

    @Test
    void badInputIsA400ProblemAndWritesNothing() {
        String tenant = Fixtures.tenant();
        String id = agent(tenant, "ana").body(Map.of("displayName", "Bob")).post("/api/v1/customers").then()
                .statusCode(201).extract().path("id");
        String path = "/api/v1/customers/" + id;
        List<Map<String, Object>> bad = List.of(
                Map.of("emails", List.of("bob@example.com", "nope")),
                Map.of("phones", List.of("12")),
                Map.of("whatsapp", "whats?"),
                Map.of("displayName", " "),
                Map.of("displayName", "x".repeat(201)),
                Map.of("attributes", Map.of("1bad key", "v")),
                Map.of("attributes", Map.of("ok", "v".repeat(1001))),
                Map.of("attributes", Map.of("nested", Map.of("a", 1))),
                Map.of("attributes", Map.of("list", List.of(1, 2))),
                Map.of("addresses", List.of("a".repeat(301))));
        for (Map<String, Object> body : bad) {
            agent(tenant, "ana").body(body).patch(path).then().statusCode(400)
                    .contentType("application/problem+json").body("status", equalTo(400));
        }
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            tooMany.put("k" + i, "v");
        }
        agent(tenant, "ana").body(Map.of("attributes", tooMany)).patch(path).then().statusCode(400)
                .contentType("application/problem+json");
        agent(tenant, "ana").body("{\"rating\": \"five\"").patch(path).then().statusCode(400)
                .contentType("application/problem+json");
        agent(tenant, "ana").body(Map.of("emails", List.of("bad"))).post("/api/v1/customers").then().statusCode(400)
                .contentType("application/problem+json");

        agent(tenant, "ana").get(path).then().statusCode(200).body("displayName", equalTo("Bob"))
                .body("attributes.size()", equalTo(0));
        assertEquals(List.of("customer.created"), Events.types(probe, id, Duration.ofSeconds(1)));
    }

    @Test
    void aPhoneOrEmailOfAnotherCustomerIsAConflictAndIdentifyFindsProfileContacts() {
        String tenant = Fixtures.tenant();
        String first = agent(tenant, "ana").body(Map.of("displayName", "First", "phones", List.of("+5491100000009")))
                .post("/api/v1/customers").then().statusCode(201).extract().path("id");
        agent(tenant, "ana").body(Map.of("displayName", "Dup", "phones", List.of("5491100000009")))
                .post("/api/v1/customers").then().statusCode(409).contentType("application/problem+json");
        String second = agent(tenant, "ana").body(Map.of("displayName", "Second")).post("/api/v1/customers").then()
                .statusCode(201).extract().path("id");
        agent(tenant, "ana").body(Map.of("phones", List.of("+54 9 11 0000-0009"))).patch("/api/v1/customers/" + second)
                .then().statusCode(409).contentType("application/problem+json");

        // A contact writing in from WhatsApp with that phone is the first customer.
        Map<String, Object> contact = Fixtures.contact("whatsapp", "5491100000009");
        contact.put("phone", "+5491100000009");
        Fixtures.internal(tenant).body(contact).post("/internal/v1/customers/identify").then().statusCode(200)
                .body("customerId", equalTo(first)).body("created", equalTo(false));

        // Once the first customer drops the phone, it is free for the second.
        agent(tenant, "ana").body(Map.of("phones", List.of())).patch("/api/v1/customers/" + first).then().statusCode(200);
        agent(tenant, "ana").body(Map.of("phones", List.of("+5491100000009"))).patch("/api/v1/customers/" + second)
                .then().statusCode(200);
    }

    /** Two customers claiming one new phone at once: the identity index lets exactly one have it. */
    @Test
    void concurrentClaimsOfOnePhoneGiveItToOneCustomer() throws Exception {
        String tenant = Fixtures.tenant();
        List<String> ids = List.of(Fixtures.newCustomer(tenant), Fixtures.newCustomer(tenant), Fixtures.newCustomer(tenant));
        var calls = ids.stream().map(id -> java.util.concurrent.CompletableFuture.supplyAsync(() -> agent(tenant, "ana")
                .body(Map.of("phones", List.of("+5491177777777"))).patch("/api/v1/customers/" + id).statusCode())).toList();
        List<Integer> codes = new java.util.ArrayList<>();
        for (var c : calls) {
            codes.add(c.get());
        }
        assertEquals(1, codes.stream().filter(c -> c == 200).count(), codes.toString());
        assertEquals(2, codes.stream().filter(c -> c == 409).count(), codes.toString());
        String winner = ids.get(codes.indexOf(200));
        Fixtures.internal(tenant).body(Map.of("channel", "sms", "externalId", "s1", "phone", "5491177777777"))
                .post("/internal/v1/customers/identify").then().body("customerId", equalTo(winner));
        for (String id : ids) {
            assertEquals(id.equals(winner) ? List.of("customer.created", "customer.updated") : List.of("customer.created"),
                    Events.types(probe, id, Duration.ofMillis(id.equals(ids.get(0)) ? 2000 : 200)));
        }
    }

    @Test
    void anotherTenantsCustomerIsNotFound() {
        String tenant = Fixtures.tenant();
        String id = Fixtures.newCustomer(tenant);
        String other = Fixtures.tenant();
        admin(other).get("/api/v1/customers/" + id).then().statusCode(404).contentType("application/problem+json");
        admin(other).body(Map.of("displayName", "Hacked")).patch("/api/v1/customers/" + id).then().statusCode(404);
        admin(other).body(Map.of("rating", 5)).put("/api/v1/customers/" + id + "/rating").then().statusCode(404);
        admin(tenant).get("/api/v1/customers/" + id).then().statusCode(200);
        io.restassured.RestAssured.given().get("/api/v1/customers/" + id).then().statusCode(401);
    }

    @Test
    void ratingZeroToFive() {
        String tenant = Fixtures.tenant();
        String id = Fixtures.newCustomer(tenant);
        String path = "/api/v1/customers/" + id + "/rating";
        agent(tenant, "ana").body(Map.of("rating", 4)).put(path).then().statusCode(200).body("rating", equalTo(4));
        JsonNode e = Events.one(probe, id, "customer.rating_changed", 2);
        assertEquals(0, e.at("/rating/from").asInt());
        assertEquals(4, e.at("/rating/to").asInt());
        agent(tenant, "ana").body(Map.of("rating", 6)).put(path).then().statusCode(400).contentType("application/problem+json");
        agent(tenant, "ana").body(Map.of("rating", -1)).put(path).then().statusCode(400);
        agent(tenant, "ana").body(Map.of()).put(path).then().statusCode(400);
        agent(tenant, "ana").body(Map.of("rating", 4)).put(path).then().statusCode(200);
        assertEquals(List.of("customer.created", "customer.rating_changed"), Events.types(probe, id, Duration.ofSeconds(1)));
    }

    /** Concurrent commands on one customer serialise on its row: sequences 1..n, gap-free, in order. */
    @Test
    void concurrentCommandsGiveGapFreeSequences() throws Exception {
        String tenant = Fixtures.tenant();
        String id = Fixtures.newCustomer(tenant);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<Integer>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int n = i;
            calls.add(pool.submit(() -> n % 2 == 0
                    ? agent(tenant, "ana").body(Map.of("rating", n % 6)).put("/api/v1/customers/" + id + "/rating").statusCode()
                    : agent(tenant, "ana").body(Map.of("attributes", Map.of("k" + n, "v"))).patch("/api/v1/customers/" + id).statusCode()));
        }
        for (var c : calls) {
            assertEquals(200, c.get());
        }
        pool.shutdown();
        // No-op ratings publish nothing, so the customer's event sequence says how many events there are: created + 8
        // patches at least.
        long last = count("SELECT event_sequence FROM customers WHERE tenant_id = ?", tenant);
        org.junit.jupiter.api.Assertions.assertTrue(last >= 9, "events: " + last);
        List<Long> sequences = Events.sequences(probe, id, Duration.ofSeconds(3));
        List<Long> expected = java.util.stream.LongStream.rangeClosed(1, last).boxed().toList();
        assertEquals(expected, sequences);
    }
}
