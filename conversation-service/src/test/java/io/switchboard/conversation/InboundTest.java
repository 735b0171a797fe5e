package io.switchboard.conversation;

import static io.switchboard.conversation.Fixtures.admin;
import static io.switchboard.conversation.Fixtures.bot;
import static io.switchboard.conversation.Fixtures.events;
import static io.switchboard.conversation.Fixtures.inbound;
import static io.switchboard.conversation.Fixtures.inboundBody;
import static io.switchboard.conversation.Fixtures.json;
import static io.switchboard.conversation.Fixtures.sequences;
import static io.switchboard.conversation.Fixtures.tenant;
import static io.switchboard.conversation.Fixtures.types;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.contracts.Topics;
import io.switchboard.platform.testing.KafkaProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InboundTest extends EventsTest {

    @Test
    void firstMessageCreatesCustomerAndConversationThenReusesThem() {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String contact = "549115555" + System.nanoTime();

        var first = inbound(key, contact, "Hola").then().statusCode(201)
                .body("sequence", equalTo(1)).body("conversationCreated", equalTo(true)).extract();
        String conversationId = first.path("conversationId");
        String customerId = first.path("customerId");
        assertEquals(1, FakeCustomerServiceResource.calls(tenant));

        inbound(key, contact, "¿Siguen ahí?").then().statusCode(201).body("conversationId", equalTo(conversationId))
                .body("customerId", equalTo(customerId)).body("sequence", equalTo(2))
                .body("conversationCreated", equalTo(false));
        assertEquals(1, FakeCustomerServiceResource.calls(tenant), "identify only on the contact's first message");

        var records = events(probe, conversationId, 4);
        assertEquals(List.of("conversation.created", "conversation.message_created", "conversation.activity_opened",
                "conversation.message_created"), types(records));
        assertEquals(List.of(1L, 2L, 3L, 4L), sequences(records));
        var r = records.get(1);
        assertEquals(conversationId, r.key());
        assertEquals(tenant, KafkaProbe.header(r, CloudEventHeaders.TENANT_ID));
        assertEquals(customerId, KafkaProbe.header(r, CloudEventHeaders.CUSTOMER_ID));
        assertEquals("/switchboard/conversation-service", KafkaProbe.header(r, CloudEventHeaders.SOURCE));
        var data = json(r);
        assertEquals("Hola", data.get("text").asText());
        assertEquals("INCOMING", data.get("direction").asText());
        assertEquals("CUSTOMER", data.get("actor").get("kind").asText());
        assertEquals(1, data.get("messageSequence").asLong());
        assertTrue(data.get("state").get("unread").asBoolean());
        assertEquals("OPEN", data.get("state").get("status").asText());
        var opened = json(records.get(2)).get("state");
        assertTrue(opened.get("activityOpen").asBoolean());
        assertTrue(opened.get("unread").asBoolean());

        admin(tenant).get("/api/v1/conversations/" + conversationId + "/messages").then().statusCode(200)
                .body("items", hasSize(2)).body("items[0].text", equalTo("Hola")).body("items[1].sequence", equalTo(2));
        io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("switchboard_messages_ingested_total{channel=\"whatsapp\""));
    }

    @Test
    void repeatsOfOneIdempotencyKeyAnswerTheOriginalEvenConcurrently() throws Exception {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String contact = "c-" + UUID.randomUUID();
        String conversationId = Fixtures.conversation(key, contact);

        String idem = "wamid-" + UUID.randomUUID();
        List<Response> answers = parallel(12, i -> bot(key).header("Idempotency-Key", idem)
                .body(inboundBody(contact, "Una vez")).post("/api/v1/channels/whatsapp/inbound"));
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (Response a : answers) {
            assertTrue(a.statusCode() == 201 || a.statusCode() == 200, "status " + a.statusCode() + " " + a.asString());
            created += a.statusCode() == 201 ? 1 : 0;
            ids.add(a.path("messageId"));
            assertEquals(2, (int) a.path("sequence"));
        }
        assertEquals(1, created, "one 201, the rest 200");
        assertEquals(1, ids.size(), "one message");

        // clientMessageId in the body works the same way.
        Map<String, Object> body = new HashMap<>(inboundBody(contact, "Dos"));
        body.put("clientMessageId", "cm-1");
        String m1 = bot(key).body(body).post("/api/v1/channels/whatsapp/inbound").then().statusCode(201).extract().path("messageId");
        bot(key).body(body).post("/api/v1/channels/whatsapp/inbound").then().statusCode(200).body("messageId", equalTo(m1));

        admin(tenant).get("/api/v1/conversations/" + conversationId + "/messages").then().statusCode(200)
                .body("items", hasSize(3));
        var messageEvents = probe.drain(r -> conversationId.equals(r.key())
                && "conversation.message_created".equals(KafkaProbe.header(r, CloudEventHeaders.TYPE)), Duration.ofSeconds(2));
        assertEquals(3, messageEvents.size(), "one event per message, none for repeats");
    }

    @Test
    void concurrentFirstMessagesOfANewContactMakeOneCustomerAndOneConversation() throws Exception {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String contact = "c-" + UUID.randomUUID();
        List<Response> answers = parallel(10, i -> inbound(key, contact, "msg " + i));

        Set<String> conversations = new HashSet<>();
        Set<String> customers = new HashSet<>();
        List<Long> seqs = new ArrayList<>();
        int createdFlags = 0;
        for (Response a : answers) {
            assertEquals(201, a.statusCode(), a.asString());
            conversations.add(a.path("conversationId"));
            customers.add(a.path("customerId"));
            seqs.add(((Number) a.path("sequence")).longValue());
            createdFlags += Boolean.TRUE.equals(a.path("conversationCreated")) ? 1 : 0;
        }
        assertEquals(1, conversations.size());
        assertEquals(1, customers.size());
        assertEquals(1, createdFlags);
        assertEquals(LongStream.rangeClosed(1, 10).boxed().toList(), seqs.stream().sorted().toList(), "gap-free");

        String conversationId = conversations.iterator().next();
        // created + activity_opened + 10 messages, sequences 1..12 in order on the broker.
        var records = events(probe, conversationId, 12);
        assertEquals(LongStream.rangeClosed(1, 12).boxed().toList(), sequences(records));
        admin(tenant).get("/api/v1/conversations").then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void badInputIsA4xxProblemAndWritesNothing() {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String contact = "c-" + UUID.randomUUID();
        String url = "/api/v1/channels/whatsapp/inbound";

        problem(bot(key).body(inboundBody(contact, "Hola")).post("/api/v1/channels/carrier-pigeon/inbound"), 400);
        problem(bot(key).body(inboundBody(contact, "")).post(url), 400);
        problem(bot(key).body(inboundBody(contact, "   ")).post(url), 400);
        problem(bot(key).body(inboundBody(contact, "x".repeat(4097))).post(url), 400);
        problem(bot(key).body("{\"contact\": {\"externalId\": \"x\"}, \"text\": ").post(url), 400);
        problem(bot(key).body(Map.of("text", "Hola")).post(url), 400);
        problem(bot(key).body(Map.of("contact", Map.of("name", "no id"), "text", "Hola")).post(url), 400);
        problem(bot(key).body(Map.of("contact", Map.of("externalId", contact), "text", "Hola",
                "origin", Map.of("firstContactAt", "yesterday"))).post(url), 400);
        problem(bot(key).header("Idempotency-Key", "k".repeat(129)).body(inboundBody(contact, "Hola")).post(url), 400);
        problem(bot("sbk_not-a-key").body(inboundBody(contact, "Hola")).post(url), 401);
        // An agent is not a channel.
        problem(Fixtures.agent(tenant, "a1").body(inboundBody(contact, "Hola")).post(url), 403);

        assertEquals(0, FakeCustomerServiceResource.calls(tenant), "nothing reached customer-service");
        admin(tenant).get("/api/v1/conversations").then().statusCode(200).body("items", hasSize(0))
                .body("counts.all", equalTo(0));
        // 4096 characters is still fine.
        inbound(key, contact, "x".repeat(4096)).then().statusCode(201).body("sequence", equalTo(1));
    }

    @Test
    void anUnavailableCustomerServiceIs503AndWritesNothing() {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        FakeCustomerServiceResource.FAILING.add(tenant);
        try {
            problem(inbound(key, "c-1", "Hola"), 503);
        } finally {
            FakeCustomerServiceResource.FAILING.remove(tenant);
        }
        admin(tenant).get("/api/v1/conversations").then().statusCode(200).body("items", hasSize(0));
        inbound(key, "c-1", "Hola").then().statusCode(201).body("conversationCreated", equalTo(true));
    }

    static void problem(Response response, int status) {
        response.then().statusCode(status).contentType("application/problem+json").body("status", equalTo(status));
    }

    static List<Response> parallel(int n, java.util.function.IntFunction<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Callable<Response>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                tasks.add(() -> call.apply(index));
            }
            List<Response> out = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
