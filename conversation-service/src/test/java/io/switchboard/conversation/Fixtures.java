package io.switchboard.conversation;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.platform.testing.KafkaProbe;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Shared helpers: a fresh tenant per test, bots, inbound messages, tokens, events of one conversation. */
final class Fixtures {

    static String tenant() {
        return "t-" + UUID.randomUUID();
    }

    static RequestSpecification admin(String tenant) {
        return given().auth().oauth2(TestTokens.admin(tenant, "admin-1")).contentType(ContentType.JSON);
    }

    static RequestSpecification agent(String tenant, String agentId) {
        return given().auth().oauth2(TestTokens.agent(tenant, agentId)).contentType(ContentType.JSON);
    }

    static RequestSpecification bot(String key) {
        return given().header("X-Api-Key", key).contentType(ContentType.JSON);
    }

    /** A new bot's API key. */
    static String botKey(String tenant) {
        return admin(tenant).body(Map.of("name", "bot")).post("/api/v1/bots").then().statusCode(201)
                .extract().path("apiKey");
    }

    static Map<String, Object> inboundBody(String externalId, String text) {
        return Map.of("contact", Map.of("externalId", externalId, "name", "Juan Pérez", "phone", "+5491155555555"),
                "origin", Map.of("location", "Buenos Aires, AR", "firstContactAt", "2026-11-23T10:15:30Z",
                        "entryMethod", "CHATBOT"),
                "text", text);
    }

    static Response inbound(String key, String externalId, String text) {
        return bot(key).body(inboundBody(externalId, text)).post("/api/v1/channels/whatsapp/inbound");
    }

    /** A conversation with one customer message in it; returns its id. */
    static String conversation(String key, String externalId) {
        return inbound(key, externalId, "Hola").then().statusCode(201).extract().path("conversationId");
    }

    /** The events of one conversation seen so far, waiting until at least {@code count} arrived. */
    /** How many transactions wrote the conversation's messages after {@code afterSequence} (distinct xmin). */
    static long transactions(Pool pool, String conversationId, long afterSequence) {
        return pool.preparedQuery("""
                SELECT count(DISTINCT xmin::text) FROM messages WHERE conversation_id = $1 AND sequence > $2""")
                .execute(Tuple.of(UUID.fromString(conversationId), afterSequence)).await().indefinitely()
                .iterator().next().getLong(0);
    }

    static List<ConsumerRecord<String, String>> events(KafkaProbe probe, String conversationId, int count) {
        return probe.await(KafkaProbe.headerIs(CloudEventHeaders.SUBJECT, conversationId), count, Duration.ofSeconds(20));
    }

    static List<String> types(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> KafkaProbe.header(r, CloudEventHeaders.TYPE)).toList();
    }

    static List<Long> sequences(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> Long.parseLong(KafkaProbe.header(r, CloudEventHeaders.SEQUENCE))).toList();
    }

    static com.fasterxml.jackson.databind.JsonNode json(ConsumerRecord<String, String> record) {
        try {
            return MAPPER.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private Fixtures() {
    }
}
