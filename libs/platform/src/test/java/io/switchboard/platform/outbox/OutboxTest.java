package io.switchboard.platform.outbox;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.contracts.Topics;
import io.switchboard.platform.testing.KafkaProbe;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OutboxTest {

    private static KafkaProbe probe;

    @Inject
    Pool pool;

    @Inject
    OutboxRelay relay;

    @BeforeAll
    static void openProbe() {
        probe = new KafkaProbe(Topics.CONVERSATION_EVENTS);
    }

    @AfterAll
    static void closeProbe() {
        probe.close();
    }

    @Test
    void committedTransactionPublishesExactlyOnceWithCloudEventHeaders() throws Exception {
        String id = UUID.randomUUID().toString();
        String eventId = given().post("/test/notes/" + id).then().statusCode(200).extract().asString();

        var records = probe.await(KafkaProbe.headerIs(CloudEventHeaders.SUBJECT, id), 1, Duration.ofSeconds(15));
        assertEquals(1, records.size(), "published");
        var r = records.get(0);
        assertEquals(id, r.key());
        assertEquals(eventId, KafkaProbe.header(r, CloudEventHeaders.ID));
        assertEquals("conversation.read", KafkaProbe.header(r, CloudEventHeaders.TYPE));
        assertEquals("1.0", KafkaProbe.header(r, CloudEventHeaders.SPEC_VERSION));
        assertEquals("t1", KafkaProbe.header(r, CloudEventHeaders.TENANT_ID));
        assertEquals("1", KafkaProbe.header(r, CloudEventHeaders.SEQUENCE));
        assertEquals("/switchboard/platform-test", KafkaProbe.header(r, CloudEventHeaders.SOURCE));
        // The value is the data object itself, not a JSON string holding it (the jsonb binding once double-encoded it).
        var data = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.value());
        assertTrue(data.isObject(), r.value());
        assertEquals(id, data.path("conversationId").asText());

        // Nothing more arrives for it: the relay marked it sent after the ack.
        assertEquals(1, probe.drain(KafkaProbe.headerIs(CloudEventHeaders.SUBJECT, id), Duration.ofSeconds(2)).size());
    }

    @Test
    void rolledBackTransactionPublishesNothing() {
        String id = UUID.randomUUID().toString();
        given().post("/test/notes/" + id + "?fail=true").then().statusCode(409)
                .contentType("application/problem+json").body("status", equalTo(409));
        given().get("/test/outbox/" + id).then().statusCode(200).body(equalTo("0"));
        // A committed write after it proves the relay is running; the rolled-back one never shows.
        String later = UUID.randomUUID().toString();
        given().post("/test/notes/" + later).then().statusCode(200);
        assertEquals(1, probe.await(KafkaProbe.headerIs(CloudEventHeaders.SUBJECT, later), 1, Duration.ofSeconds(15)).size());
        assertEquals(0, probe.drain(KafkaProbe.headerIs(CloudEventHeaders.SUBJECT, id), Duration.ofSeconds(1)).size());
    }

    @Test
    void aSentEventLeavesTheOutboxAndRowsMarkedByAnEarlierVersionArePurged() {
        String sent = UUID.randomUUID().toString();
        given().post("/test/notes/" + sent).then().statusCode(200);
        assertEquals(1, probe.await(KafkaProbe.headerIs(CloudEventHeaders.SUBJECT, sent), 1, Duration.ofSeconds(15)).size());
        await().atMost(Duration.ofSeconds(15)).until(() -> "0".equals(given().get("/test/outbox/" + sent).asString()));

        // An earlier version marked rows sent and purged them later: one it left behind is purged, never sent again.
        String marked = UUID.randomUUID().toString();
        sql("""
                INSERT INTO outbox_events (id, aggregatetype, aggregateid, type, topic, tenant_id, sequence, occurred_at,
                                           payload, lane, sent_at)
                VALUES (gen_random_uuid(), 'conversation', $1, 'conversation.read', 'conversation.events', 't1', 1, now(),
                        '{}', 0, now())""", marked);
        assertTrue(relay.purgeMarked().await().atMost(Duration.ofSeconds(10)) >= 1);
        given().get("/test/outbox/" + marked).then().statusCode(200).body(equalTo("0"));
        assertEquals(0, probe.drain(KafkaProbe.headerIs(CloudEventHeaders.SUBJECT, marked), Duration.ofSeconds(1)).size());
    }

    private long unsent(String aggregateId) {
        return pool.preparedQuery("SELECT count(*) FROM outbox_events WHERE aggregateid = $1 AND sent_at IS NULL")
                .execute(Tuple.of(aggregateId)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private void sql(String statement, Object... params) {
        pool.preparedQuery(statement).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10));
    }
}
