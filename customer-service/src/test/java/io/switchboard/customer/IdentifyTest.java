package io.switchboard.customer;

import static io.switchboard.customer.Fixtures.contact;
import static io.switchboard.customer.Fixtures.internal;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.platform.testing.KafkaProbe;
import io.switchboard.platform.testing.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdentifyTest extends BrokerTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void tenParallelCallsForOneContactGiveOneCustomerAndOneCreatedEvent() throws Exception {
        String tenant = Fixtures.tenant();
        Map<String, Object> body = contact("whatsapp", "5491155555555");
        body.put("name", "Juan Pérez");
        body.put("phone", "+54 9 11 5555-5555");
        body.put("email", "Juan@Example.com");
        body.put("origin", Map.of("location", "Buenos Aires, AR", "site", "shop.example.com", "entryMethod", "CHATBOT",
                "firstContactAt", "2026-11-23T10:15:30Z"));

        int calls = 10;
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            Callable<Response> call = () -> {
                start.await();
                return internal(tenant).body(body).post("/internal/v1/customers/identify");
            };
            futures.add(pool.submit(call));
        }
        start.countDown();
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (Future<Response> f : futures) {
            Response r = f.get();
            assertEquals(200, r.statusCode(), r.asString());
            ids.add(r.path("customerId"));
            if (r.<Boolean>path("created")) {
                created++;
            }
        }
        pool.shutdown();
        assertEquals(1, ids.size(), "one customer");
        assertEquals(1, created, "created once");
        String id = ids.iterator().next();
        assertEquals(1, count("SELECT count(*) FROM customers WHERE tenant_id = ?", tenant));

        var events = probe.drain(KafkaProbe.headerIs(CloudEventHeaders.TENANT_ID, tenant), Duration.ofSeconds(3));
        assertEquals(1, events.size(), "one event");
        var e = events.get(0);
        assertEquals("customer.created", KafkaProbe.header(e, CloudEventHeaders.TYPE));
        assertEquals(id, e.key());
        assertEquals(id, KafkaProbe.header(e, CloudEventHeaders.SUBJECT));
        assertEquals(id, KafkaProbe.header(e, CloudEventHeaders.CUSTOMER_ID));
        assertEquals("1", KafkaProbe.header(e, CloudEventHeaders.SEQUENCE));
        JsonNode data = json.readTree(e.value());
        assertEquals("Juan Pérez", data.get("displayName").asText());
        assertEquals("+5491155555555", data.get("phone").asText());
        assertEquals("juan@example.com", data.get("email").asText());
        assertEquals("whatsapp", data.get("channel").asText());
        assertEquals("5491155555555", data.get("externalId").asText());
        assertEquals("CHATBOT", data.at("/origin/entryMethod").asText());
        assertEquals("Buenos Aires, AR", data.at("/origin/location").asText());
        assertEquals("CUSTOMER", data.at("/actor/kind").asText());
    }

    @Test
    void matchingPhoneOrEmailFromAnotherChannelLinksToTheExistingCustomer() {
        String tenant = Fixtures.tenant();
        Map<String, Object> first = contact("whatsapp", "5491100000001");
        first.put("phone", "+5491100000001");
        first.put("email", "ana@example.com");
        String id = identify(tenant, first, true);

        Map<String, Object> byPhone = contact("sms", "sms-1");
        byPhone.put("phone", "549 11 0000 0001"); // same digits, other spelling
        assertEquals(id, identify(tenant, byPhone, false));

        Map<String, Object> byEmail = contact("email", "mail-1");
        byEmail.put("email", "ANA@example.com");
        assertEquals(id, identify(tenant, byEmail, false));

        // The new channels were linked: the same channel id now finds the customer without phone or e-mail.
        assertEquals(id, identify(tenant, contact("sms", "sms-1"), false));
        assertEquals(1, count("SELECT count(*) FROM customers WHERE tenant_id = ?", tenant));

        // Another tenant with the same contact gets its own customer.
        String other = identify(Fixtures.tenant(), first, true);
        assertNotEquals(id, other);
    }

    @Test
    void badRequiredFieldsAreAProblemAndWriteNothing() {
        String tenant = Fixtures.tenant();
        internal(tenant).body(contact("carrier-pigeon", "x1")).post("/internal/v1/customers/identify").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("channel"));
        internal(tenant).body(contact("whatsapp", "")).post("/internal/v1/customers/identify").then()
                .statusCode(400).contentType("application/problem+json");
        internal(tenant).body(contact("whatsapp", "x".repeat(129))).post("/internal/v1/customers/identify").then()
                .statusCode(400).contentType("application/problem+json");
        internal(tenant).body("{not json").post("/internal/v1/customers/identify").then()
                .statusCode(400).contentType("application/problem+json");
        internal(tenant).post("/internal/v1/customers/identify").then().statusCode(400)
                .contentType("application/problem+json");

        assertEquals(0, count("SELECT count(*) FROM customers WHERE tenant_id = ?", tenant));
        assertEquals(0, count("SELECT count(*) FROM customer_identities WHERE tenant_id = ?", tenant));
        assertEquals(0, count("SELECT count(*) FROM outbox_events WHERE tenant_id = ?", tenant));
    }

    /** What a channel captured never costs the customer's message: unusable values are left out or fitted. */
    @Test
    void unusableCapturedDataIsLeftOutNotRefused() {
        String tenant = Fixtures.tenant();
        Map<String, Object> body = contact("webchat", "visitor-1");
        body.put("name", "Visitor");
        body.put("phone", "call me");
        body.put("email", "not-an-email");
        body.put("origin", Map.of("entryMethod", "chat bot", "ip", "unknown", "campaign", "c".repeat(300)));
        String id = identify(tenant, body, true);
        Fixtures.admin(tenant).get("/api/v1/customers/" + id).then().statusCode(200)
                .body("displayName", equalTo("Visitor"))
                .body("phones.size()", equalTo(0)).body("emails.size()", equalTo(0))
                .body("origin.entryMethod", equalTo("CHAT_BOT")).body("origin.ip", org.hamcrest.Matchers.nullValue())
                .body("origin.campaign.length()", equalTo(200));
    }

    @Test
    void onlyServicesMayIdentify() {
        String tenant = Fixtures.tenant();
        io.restassured.RestAssured.given().contentType("application/json").body(contact("whatsapp", "1"))
                .post("/internal/v1/customers/identify").then().statusCode(401);
        io.restassured.RestAssured.given().contentType("application/json").header("X-Internal-Token", "wrong")
                .header("X-Tenant-Id", tenant).body(contact("whatsapp", "1"))
                .post("/internal/v1/customers/identify").then().statusCode(401);
        io.restassured.RestAssured.given().contentType("application/json")
                .auth().oauth2(TestTokens.admin(tenant, "boss")).body(contact("whatsapp", "1"))
                .post("/internal/v1/customers/identify").then().statusCode(403)
                .contentType("application/problem+json");
    }

    private static String identify(String tenant, Map<String, Object> body, boolean created) {
        return internal(tenant).body(body).post("/internal/v1/customers/identify").then().statusCode(200)
                .body("created", equalTo(created)).extract().path("customerId");
    }

}
