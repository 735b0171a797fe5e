package io.switchboard.customer;

import static io.switchboard.customer.Fixtures.agent;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.customer.service.StatusService;
import io.switchboard.platform.testing.KafkaProbe;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StatusTest extends BrokerTest {


    @Inject
    StatusService status;

    @Test
    void changeNowAndRejectBadInput() {
        String tenant = Fixtures.tenant();
        String id = Fixtures.newCustomer(tenant);
        String path = "/api/v1/customers/" + id + "/status";
        agent(tenant, "ana").body(Map.of("status", "IN_PROGRESS")).put(path).then().statusCode(200)
                .body("status", equalTo("IN_PROGRESS")).body("scheduledStatusChange", nullValue());
        JsonNode e = Events.one(probe, id, "customer.status_changed", 2);
        assertEquals("NEW", e.at("/status/from").asText());
        assertEquals("IN_PROGRESS", e.at("/status/to").asText());
        assertTrue(e.get("scheduledChangeId").isNull());

        agent(tenant, "ana").body(Map.of("status", "WON")).put(path).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("status"));
        agent(tenant, "ana").body(Map.of("status", "SALE", "effectiveAt", "tomorrow")).put(path).then().statusCode(400)
                .contentType("application/problem+json");
        agent(tenant, "ana").body(Map.of("status", "SALE", "effectiveAt", Instant.now().plus(Duration.ofDays(3650)).toString()))
                .put(path).then().statusCode(400).contentType("application/problem+json");
        agent(tenant, "ana").delete(path + "/scheduled").then().statusCode(404).contentType("application/problem+json");
        // A time in the past means now.
        agent(tenant, "ana").body(Map.of("status", "NO_SALE", "effectiveAt", "2020-01-01T00:00:00Z")).put(path).then()
                .statusCode(200).body("status", equalTo("NO_SALE"));
        assertEquals(List.of("customer.created", "customer.status_changed", "customer.status_changed"),
                Events.types(probe, id, Duration.ofSeconds(1)));
    }

    @Test
    void scheduledChangeFiresOnceAtItsTime() {
        String tenant = Fixtures.tenant();
        String id = Fixtures.newCustomer(tenant);
        String path = "/api/v1/customers/" + id + "/status";
        Instant at = Instant.now().plusSeconds(2);
        String changeId = agent(tenant, "ana").body(Map.of("status", "SALE", "effectiveAt", at.toString())).put(path)
                .then().statusCode(200).body("status", equalTo("NEW"))
                .body("scheduledStatusChange.status", equalTo("SALE"))
                .extract().path("scheduledStatusChange.id");
        JsonNode scheduled = Events.one(probe, id, "customer.status_change_scheduled", 2);
        assertEquals(changeId, scheduled.get("scheduledChangeId").asText());
        assertEquals("SALE", scheduled.get("status").asText());

        // One pending change at a time.
        agent(tenant, "ana").body(Map.of("status", "NO_SALE", "effectiveAt", at.plusSeconds(60).toString())).put(path)
                .then().statusCode(409).contentType("application/problem+json");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> agent(tenant, "ana").get("/api/v1/customers/" + id)
                .then().body("status", equalTo("SALE")).body("scheduledStatusChange", nullValue()));
        JsonNode fired = Events.one(probe, id, "customer.status_changed", 3);
        assertEquals(changeId, fired.get("scheduledChangeId").asText());
        assertEquals("NEW", fired.at("/status/from").asText());
        assertEquals("SALE", fired.at("/status/to").asText());
        assertEquals("AGENT", fired.at("/actor/kind").asText());
        assertEquals("ana", fired.at("/actor/id").asText());
        assertTrue(!Instant.parse(KafkaProbe.header(probe.await(r -> id.equals(r.key())
                && "3".equals(KafkaProbe.header(r, CloudEventHeaders.SEQUENCE)), 1, Duration.ofSeconds(5)).get(0),
                CloudEventHeaders.TIME).replace("+00:00", "Z")).isBefore(at), "not before its time");
        assertEquals(List.of(1L, 2L, 3L), Events.sequences(probe, id, Duration.ofSeconds(2)));
    }

    @Test
    void cancelledChangeNeverFires() {
        String tenant = Fixtures.tenant();
        String id = Fixtures.newCustomer(tenant);
        String path = "/api/v1/customers/" + id + "/status";
        agent(tenant, "ana").body(Map.of("status", "SALE", "effectiveAt", Instant.now().plusSeconds(1).toString()))
                .put(path).then().statusCode(200).body("scheduledStatusChange", notNullValue());
        agent(tenant, "bob").delete(path + "/scheduled").then().statusCode(204);
        JsonNode cancelled = Events.one(probe, id, "customer.status_change_cancelled", 3);
        assertEquals("bob", cancelled.at("/actor/id").asText());
        agent(tenant, "bob").delete(path + "/scheduled").then().statusCode(404);
        agent(Fixtures.tenant(), "eve").delete(path + "/scheduled").then().statusCode(404);
        // Well past its time, it has not fired.
        assertEquals(List.of("customer.created", "customer.status_change_scheduled", "customer.status_change_cancelled"),
                Events.types(probe, id, Duration.ofSeconds(3)));
        agent(tenant, "ana").get("/api/v1/customers/" + id).then().body("status", equalTo("NEW"));
    }

    /** Two more replicas' pollers race the application's own: every change fires exactly once. */
    @Test
    void twoConcurrentPollersApplyEachChangeOnce() throws Exception {
        String tenant = Fixtures.tenant();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(Fixtures.newCustomer(tenant));
        }
        Instant at = Instant.now().plusSeconds(4);
        for (int i = 0; i < ids.size(); i++) {
            agent(tenant, "ana").body(Map.of("status", i % 2 == 0 ? "SALE" : "NO_SALE", "effectiveAt", at.toString()))
                    .put("/api/v1/customers/" + ids.get(i) + "/status").then().statusCode(200)
                    .body("scheduledStatusChange", notNullValue()); // still in the future: scheduled, not applied
        }
        AtomicInteger appliedByReplicas = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<CompletableFuture<Void>> replicas = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            replicas.add(CompletableFuture.runAsync(() -> {
                while (pending(tenant) > 0 && System.nanoTime() < deadline) {
                    try {
                        appliedByReplicas.addAndGet(VertxContextSupport.subscribeAndAwait(() -> status.applyDue()));
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        CompletableFuture.allOf(replicas.toArray(new CompletableFuture[0])).get();
        assertEquals(0, pending(tenant), "all applied");

        for (String id : ids) {
            Events.one(probe, id, "customer.status_changed", 3);
        }
        for (String id : ids) {
            assertEquals(List.of("customer.created", "customer.status_change_scheduled", "customer.status_changed"),
                    Events.types(probe, id, Duration.ofMillis(100)), "exactly once for " + id);
        }
        assertTrue(appliedByReplicas.get() <= 20);
    }

    /** Cancels racing the pollers at the due time: each change ends either applied or cancelled, never both. */
    @Test
    void cancelRacingThePollersEndsOneWayOnly() throws Exception {
        String tenant = Fixtures.tenant();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(Fixtures.newCustomer(tenant));
        }
        Instant at = Instant.now().plusSeconds(2);
        for (String id : ids) {
            agent(tenant, "ana").body(Map.of("status", "SALE", "effectiveAt", at.toString()))
                    .put("/api/v1/customers/" + id + "/status").then().statusCode(200).body("scheduledStatusChange", notNullValue());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !Instant.now().isBefore(at));
        CompletableFuture<Void> poller = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 5; i++) {
                    VertxContextSupport.subscribeAndAwait(() -> status.applyDue());
                }
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        });
        List<CompletableFuture<Integer>> cancels = ids.stream().map(id -> CompletableFuture.supplyAsync(() ->
                agent(tenant, "bob").delete("/api/v1/customers/" + id + "/status/scheduled").statusCode())).toList();
        poller.get();
        for (int i = 0; i < ids.size(); i++) {
            int code = cancels.get(i).get();
            String id = ids.get(i);
            String outcome = code == 204 ? "customer.status_change_cancelled" : "customer.status_changed";
            org.junit.jupiter.api.Assertions.assertTrue(code == 204 || code == 404, "cancel answered " + code);
            Events.one(probe, id, outcome, 3);
            assertEquals(List.of("customer.created", "customer.status_change_scheduled", outcome),
                    Events.types(probe, id, Duration.ofMillis(300)), "one outcome for " + id);
            agent(tenant, "ana").get("/api/v1/customers/" + id).then()
                    .body("status", equalTo(code == 204 ? "NEW" : "SALE")).body("scheduledStatusChange", nullValue());
        }
    }

    private long pending(String tenant) {
        return count("SELECT count(*) FROM scheduled_status_changes WHERE tenant_id = ? AND state = 'PENDING'", tenant);
    }
}
