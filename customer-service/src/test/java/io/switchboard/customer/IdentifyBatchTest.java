package io.switchboard.customer;

import static io.switchboard.customer.Fixtures.contact;
import static io.switchboard.customer.Fixtures.internal;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.platform.testing.KafkaProbe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdentifyBatchTest extends BrokerTest {

    private static final String BATCH = "/internal/v1/customers/identify-batch";

    @Test
    void aMixedBatchIsAnsweredInOrderAsIfIdentifiedOneAfterAnother() {
        String tenant = Fixtures.tenant();
        Map<String, Object> known = contact("whatsapp", "5491100000001");
        known.put("phone", "+5491100000001");
        known.put("email", "ana@example.com");
        String ana = internal(tenant).body(known).post("/internal/v1/customers/identify").then().statusCode(200)
                .extract().path("customerId");
        probe.await(r -> ana.equals(r.key()), 1, Duration.ofSeconds(15));

        Map<String, Object> newOne = contact("webchat", "visitor-1");
        newOne.put("name", "Visitor One");
        newOne.put("phone", "+54 9 11 2222-0000");
        newOne.put("origin", Map.of("location", "Rosario, AR", "entryMethod", "chat bot",
                "firstContactAt", "2026-11-23T10:15:30Z"));
        Map<String, Object> byPhone = contact("sms", "sms-1");
        byPhone.put("phone", "549 11 0000 0001"); // Ana's, other spelling
        Map<String, Object> byPhoneOfNewOne = contact("telegram", "tg-1");
        byPhoneOfNewOne.put("whatsapp", "5491122220000"); // the phone the first new contact brings in this batch
        Map<String, Object> byEmail = contact("email", "mail-1");
        byEmail.put("email", "ANA@example.com");
        Map<String, Object> emailOnly = contact("email", "mail-2");
        emailOnly.put("email", "bruno@example.com");
        emailOnly.put("phone", "call me"); // unusable: left out, as in identify

        List<Object> contacts = new ArrayList<>(List.of(newOne, contact("whatsapp", "5491100000001"), newOne, byPhone,
                contact("carrier-pigeon", "p-1"), byPhoneOfNewOne, contact("whatsapp", " "), byEmail, emailOnly));
        contacts.add(null);
        Response r = internal(tenant).body(Map.of("contacts", contacts)).post(BATCH);
        assertEquals(200, r.statusCode(), r.asString());
        List<Map<String, Object>> results = r.path("results");
        assertEquals(contacts.size(), results.size());

        String visitor = id(results, 0, true);
        assertEquals(ana, id(results, 1, false), "known by its channel");
        assertEquals(visitor, id(results, 2, false), "repeated in the batch: the customer the first one created");
        assertEquals(ana, id(results, 3, false), "matched by phone");
        assertTrue(error(results, 4).startsWith("channel:"), error(results, 4));
        assertEquals(visitor, id(results, 5, false), "matched by the phone an earlier contact of the batch brought");
        assertTrue(error(results, 6).startsWith("externalId:"), error(results, 6));
        assertEquals(ana, id(results, 7, false), "matched by e-mail");
        String bruno = id(results, 8, true);
        assertNotNull(error(results, 9));

        assertEquals(3, count("SELECT count(*) FROM customers WHERE tenant_id = ?", tenant));
        // Ana: her 3 + sms + email; the visitor: webchat + phone + telegram; Bruno: email channel + e-mail.
        assertEquals(10, count("SELECT count(*) FROM customer_identities WHERE tenant_id = ?", tenant));
        // The linked channels now find their customers directly.
        assertEquals(ana, single(tenant, contact("sms", "sms-1"), false));
        assertEquals(visitor, single(tenant, contact("telegram", "tg-1"), false));

        // Exactly one customer.created per new customer, numbered 1, with identify's payload.
        var events = probe.drain(KafkaProbe.headerIs(CloudEventHeaders.TENANT_ID, tenant), Duration.ofSeconds(3)).stream()
                .filter(e -> !ana.equals(e.key())).toList();
        assertEquals(2, events.size(), "one event per new customer");
        for (ConsumerRecord<String, String> e : events) {
            assertEquals("customer.created", KafkaProbe.header(e, CloudEventHeaders.TYPE));
            assertEquals("1", KafkaProbe.header(e, CloudEventHeaders.SEQUENCE));
            assertEquals(e.key(), KafkaProbe.header(e, CloudEventHeaders.CUSTOMER_ID));
        }
        JsonNode v = Events.data(events.stream().filter(e -> visitor.equals(e.key())).findFirst().orElseThrow());
        assertEquals(visitor, v.get("customerId").asText());
        assertEquals("Visitor One", v.get("displayName").asText());
        assertEquals("+5491122220000", v.get("phone").asText());
        assertTrue(v.path("email").isNull() || v.path("email").isMissingNode());
        assertEquals("webchat", v.get("channel").asText());
        assertEquals("visitor-1", v.get("externalId").asText());
        assertEquals("CHAT_BOT", v.at("/origin/entryMethod").asText());
        assertEquals("Rosario, AR", v.at("/origin/location").asText());
        assertEquals("CUSTOMER", v.at("/actor/kind").asText());
        assertEquals(visitor, v.at("/actor/id").asText());
        JsonNode b = Events.data(events.stream().filter(e -> bruno.equals(e.key())).findFirst().orElseThrow());
        assertEquals("bruno@example.com", b.get("displayName").asText());
        assertTrue(b.path("phone").isNull() || b.path("phone").isMissingNode());
    }

    /** The rows identify writes on the pool are the rows Hibernate writes, and the profile commands go on from them. */
    @Test
    void aCustomerIdentifiedInABatchIsStoredAsHibernateStoresOne() {
        String tenant = Fixtures.tenant();
        Map<String, Object> c = contact("whatsapp", "5491133330000");
        c.put("name", "  Carla  ");
        c.put("phone", "+54 9 11 3333-0000");
        c.put("email", "Carla@Example.com");
        c.put("whatsapp", "+5491133330000");
        c.put("origin", Map.of("location", "Córdoba, AR", "site", "shop.example.com", "pageUrl", "https://shop.example.com/x",
                "referrer", "https://google.com", "ip", "10.0.0.1", "medium", "cpc", "campaign", "spring",
                "entryMethod", "FORM", "firstContactAt", "2026-11-23T10:15:30.123456Z"));
        String id = internal(tenant).body(Map.of("contacts", List.of(c))).post(BATCH).then().statusCode(200)
                .body("results[0].created", equalTo(true)).extract().path("results[0].customerId");
        String byHibernate = Fixtures.admin(tenant).body(Map.of("displayName", "Carla", "phones", List.of("+5491133330001"),
                "emails", List.of("carla2@example.com"), "whatsapp", "+5491133330001",
                "origin", Map.of("location", "Córdoba, AR", "firstContactAt", "2026-11-23T10:15:30.123456Z")))
                .post("/api/v1/customers").then().statusCode(201).extract().path("id");

        Map<String, Object> row = row(id);
        Map<String, Object> hibernateRow = row(byHibernate);
        assertEquals(hibernateRow.keySet(), row.keySet());
        for (String column : List.of("tenant_id", "display_name", "addresses", "attributes", "rating", "status",
                "origin_location", "origin_first_contact_at")) {
            assertEquals(hibernateRow.get(column), row.get(column), column);
        }
        assertEquals("[\"+5491133330000\"]", row.get("phones"));
        assertEquals("[\"+5491133330001\"]", hibernateRow.get("phones"), "the same JSON spelling");
        assertEquals("[\"carla@example.com\"]", row.get("emails"));
        assertEquals("+5491133330000", row.get("whatsapp"));
        assertEquals("whatsapp", row.get("channel"));
        assertEquals("5491133330000", row.get("external_id"));
        assertEquals("shop.example.com", row.get("origin_site"));
        assertEquals("https://shop.example.com/x", row.get("origin_page_url"));
        assertEquals("https://google.com", row.get("origin_referrer"));
        assertEquals("10.0.0.1", row.get("origin_ip"));
        assertEquals("cpc", row.get("origin_medium"));
        assertEquals("spring", row.get("origin_campaign"));
        assertEquals("FORM", row.get("origin_entry_method"));
        assertEquals(1L, ((Number) row.get("event_sequence")).longValue());
        assertEquals(row.get("created_at"), row.get("updated_at"));
        for (String column : List.of("first_name", "last_name", "identification", "assignee_id", "last_interaction_at")) {
            assertNull(row.get(column), column);
        }
        assertTrue(String.valueOf(row.get("search_text")).contains("carla@example.com"));

        // Hibernate reads it and numbers the next event after customer.created.
        Fixtures.admin(tenant).get("/api/v1/customers/" + id).then().statusCode(200)
                .body("displayName", equalTo("Carla")).body("phones[0]", equalTo("+5491133330000"))
                .body("emails[0]", equalTo("carla@example.com")).body("origin.campaign", equalTo("spring"));
        Fixtures.admin(tenant).body(Map.of("firstName", "Carla")).patch("/api/v1/customers/" + id).then().statusCode(200);
        Events.one(probe, id, "customer.created", 1);
        Events.one(probe, id, "customer.updated", 2);
    }

    @Test
    void concurrentBatchesOfOverlappingContactsGiveOneCustomerPerContact() throws Exception {
        String tenant = Fixtures.tenant();
        int people = 24;
        List<Map<String, Object>> all = new ArrayList<>();
        for (int p = 0; p < people; p++) {
            Map<String, Object> whatsapp = contact("whatsapp", "54911444" + String.format("%05d", p));
            whatsapp.put("phone", "+54911444" + String.format("%05d", p));
            all.add(whatsapp);
            Map<String, Object> mail = contact("email", "person-" + p + "@example.com");
            mail.put("email", "person-" + p + "@example.com");
            mail.put("phone", "54911444" + String.format("%05d", p)); // the same person by phone
            all.add(mail);
        }
        int calls = 6;
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        List<List<Map<String, Object>>> sent = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            List<Map<String, Object>> batch = new ArrayList<>(all);
            Collections.shuffle(batch, new Random(i)); // other orders: the claims must still not deadlock
            sent.add(batch);
            Callable<Response> call = () -> {
                start.await();
                return internal(tenant).body(Map.of("contacts", batch)).post(BATCH);
            };
            futures.add(pool.submit(call));
        }
        start.countDown();
        Map<String, String> customerOf = new HashMap<>(); // phone → customer
        Map<String, Integer> createdFlags = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            Response r = futures.get(i).get();
            assertEquals(200, r.statusCode(), r.asString());
            List<Map<String, Object>> results = r.path("results");
            for (int j = 0; j < results.size(); j++) {
                Map<String, Object> result = results.get(j);
                String phone = ((String) sent.get(i).get(j).get("phone")).replace("+", "");
                String id = (String) result.get("customerId");
                assertNotNull(id, result.toString());
                String before = customerOf.putIfAbsent(phone, id);
                assertTrue(before == null || before.equals(id), "one customer for " + phone);
                if (Boolean.TRUE.equals(result.get("created"))) {
                    createdFlags.merge(phone, 1, Integer::sum);
                }
            }
        }
        pool.shutdown();
        assertEquals(people, customerOf.size());
        assertEquals(people, new java.util.HashSet<>(customerOf.values()).size());
        assertEquals(people, createdFlags.size(), "each person created once");
        assertTrue(createdFlags.values().stream().allMatch(n -> n == 1), createdFlags.toString());
        assertEquals(people, count("SELECT count(*) FROM customers WHERE tenant_id = ?", tenant));
        // One event per person: each customer's event sequence is 1 (customer.created, nothing more).
        assertEquals(people, count("SELECT sum(event_sequence) FROM customers WHERE tenant_id = ?", tenant));
        // Per person both channels and the phone; the e-mail too when the e-mail contact came first (a contact
        // linked to an existing customer claims only its channel).
        long keys = count("SELECT count(*) FROM customer_identities WHERE tenant_id = ?", tenant);
        assertTrue(keys >= 3L * people && keys <= 4L * people, keys + " identities");
        var events = probe.await(KafkaProbe.headerIs(CloudEventHeaders.TENANT_ID, tenant), people, Duration.ofSeconds(15));
        assertEquals(people, events.stream().map(ConsumerRecord::key).distinct().count());
        assertFalse(events.stream().anyMatch(e -> !"1".equals(KafkaProbe.header(e, CloudEventHeaders.SEQUENCE))));
    }

    @Test
    void theEnvelopeIsBounded() {
        String tenant = Fixtures.tenant();
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(contact("whatsapp", "x-" + i));
        }
        internal(tenant).body(Map.of("contacts", tooMany)).post(BATCH).then().statusCode(400)
                .contentType("application/problem+json");
        internal(tenant).body(Map.of()).post(BATCH).then().statusCode(400).contentType("application/problem+json");
        internal(tenant).body("{\"contacts\": [").post(BATCH).then().statusCode(400).contentType("application/problem+json");
        internal(tenant).body(Map.of("contacts", List.of())).post(BATCH).then().statusCode(200)
                .body("results.size()", equalTo(0));
        io.restassured.RestAssured.given().contentType("application/json").body(Map.of("contacts", List.of()))
                .post(BATCH).then().statusCode(401);
        assertEquals(0, count("SELECT count(*) FROM customers WHERE tenant_id = ?", tenant));

        // 500 is fine, and one transaction takes them all.
        internal(tenant).body(Map.of("contacts", tooMany.subList(0, 500))).post(BATCH).then().statusCode(200)
                .body("results.size()", equalTo(500)).body("results.findAll { it.created }.size()", equalTo(500));
        assertEquals(500, count("SELECT count(*) FROM customers WHERE tenant_id = ?", tenant));
    }

    private static String id(List<Map<String, Object>> results, int i, boolean created) {
        Map<String, Object> r = results.get(i);
        assertNull(r.get("error"), "#" + i + " " + r);
        assertEquals(created, r.get("created"), "#" + i + " created");
        return (String) r.get("customerId");
    }

    private static String error(List<Map<String, Object>> results, int i) {
        Map<String, Object> r = results.get(i);
        assertFalse(r.containsKey("customerId"), "#" + i + " " + r);
        return (String) r.get("error");
    }

    private static String single(String tenant, Map<String, Object> body, boolean created) {
        return internal(tenant).body(body).post("/internal/v1/customers/identify").then().statusCode(200)
                .body("created", equalTo(created)).extract().path("customerId");
    }

    /** Every column of a customer row, as the database has it (jsonb and timestamps as text). */
    private Map<String, Object> row(String id) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT *, attributes::text AS attributes, created_at::text AS created_at, updated_at::text AS updated_at,"
                        + " origin_first_contact_at::text AS origin_first_contact_at FROM customers WHERE id = ?::uuid")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "row " + id);
                Map<String, Object> row = new LinkedHashMap<>();
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i)); // later same-named (text) columns win
                }
                return row;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
