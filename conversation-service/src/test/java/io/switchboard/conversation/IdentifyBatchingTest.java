package io.switchboard.conversation;

import static io.switchboard.conversation.Fixtures.inbound;
import static io.switchboard.conversation.Fixtures.tenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.conversation.client.CustomerDirectory;
import io.switchboard.conversation.client.CustomerServiceClient.IdentifyRequest;
import io.switchboard.platform.error.ProblemException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** First contacts reach customer-service in identify-batch calls, each caller with its own answer. */
@QuarkusTest
class IdentifyBatchingTest {

    @Inject
    CustomerDirectory directory;

    @Test
    void concurrentFirstMessagesOfManyContactsShareIdentifyCalls() throws Exception {
        String tenant = tenant();
        List<String> bots = List.of(Fixtures.botKey(tenant), Fixtures.botKey(tenant), Fixtures.botKey(tenant));
        int perBot = 30; // within a bot's burst in the test profile
        int messages = bots.size() * perBot;
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String bot = bots.get(i % bots.size());
            String contact = "contact-" + i + "-" + UUID.randomUUID();
            calls.add(() -> inbound(bot, contact, "Hola"));
        }
        List<Response> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(messages);
        try {
            for (Future<Response> f : pool.invokeAll(calls)) {
                answers.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        Set<String> customers = new HashSet<>();
        for (Response a : answers) {
            assertEquals(201, a.statusCode(), a.asString());
            customers.add(a.path("customerId"));
        }
        assertEquals(messages, customers.size(), "a customer per contact");
        List<Integer> batches = FakeCustomerServiceResource.batches(tenant);
        assertEquals(messages, batches.stream().mapToInt(Integer::intValue).sum(), "each contact sent once");
        assertTrue(batches.size() < messages, "fewer identify-batch calls than first messages: " + batches);
        assertEquals(batches.size(), FakeCustomerServiceResource.calls(tenant), "no single identify calls");
    }

    @Test
    void callsForOneContactShareOneItemAndEachCallerGetsItsOwnAnswer() throws Exception {
        String tenant = tenant();
        CompletableFuture<Void> hold = new CompletableFuture<>();
        FakeCustomerServiceResource.HELD.put(tenant, hold);
        List<CompletableFuture<UUID>> same = new ArrayList<>();
        List<CompletableFuture<UUID>> others = new ArrayList<>();
        CompletableFuture<UUID> refused;
        try {
            for (int i = 0; i < 10; i++) {
                same.add(ask(tenant, "juan"));
                others.add(ask(tenant, "other-" + i));
            }
            refused = ask(tenant, FakeCustomerServiceResource.REFUSED + "1");
            // Held: whatever was gathered is on its way; later calls for juan join it instead of going again.
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> !FakeCustomerServiceResource.batches(tenant).isEmpty());
            same.add(ask(tenant, "juan"));
        } finally {
            hold.complete(null);
        }
        Set<UUID> juan = new HashSet<>();
        for (CompletableFuture<UUID> f : same) {
            juan.add(f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, juan.size(), "one customer for one contact");
        assertEquals(1, FakeCustomerServiceResource.sent(tenant, "whatsapp", "juan"), "sent once");
        Set<UUID> distinct = new HashSet<>(juan);
        for (CompletableFuture<UUID> f : others) {
            distinct.add(f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(11, distinct.size(), "the others their own customers");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> refused.get(10, TimeUnit.SECONDS));
        assertEquals(400, assertInstanceOf(ProblemException.class, e.getCause()).status(), "only the refused caller fails");
    }

    @Test
    void aBurstIsSplitAtTheBatchSize() throws Exception {
        String tenant = tenant();
        CompletableFuture<Void> hold = new CompletableFuture<>();
        FakeCustomerServiceResource.HELD.put(tenant, hold);
        List<CompletableFuture<UUID>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 450; i++) {
                answers.add(ask(tenant, "burst-" + i));
            }
        } finally {
            hold.complete(null);
        }
        Set<UUID> customers = new HashSet<>();
        for (CompletableFuture<UUID> f : answers) {
            customers.add(f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(450, customers.size());
        List<Integer> batches = FakeCustomerServiceResource.batches(tenant);
        assertEquals(450, batches.stream().mapToInt(Integer::intValue).sum());
        assertTrue(batches.stream().allMatch(n -> n <= 200), "at most the batch size per call: " + batches);
        assertTrue(batches.size() >= 3, batches.toString());
    }

    @Test
    void anUnavailableCustomerServiceFailsEachCallerWith503() throws Exception {
        String tenant = tenant();
        FakeCustomerServiceResource.FAILING.add(tenant);
        List<CompletableFuture<UUID>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                answers.add(ask(tenant, "down-" + i));
            }
            for (CompletableFuture<UUID> f : answers) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> f.get(10, TimeUnit.SECONDS));
                assertEquals(503, assertInstanceOf(ProblemException.class, e.getCause()).status());
            }
        } finally {
            FakeCustomerServiceResource.FAILING.remove(tenant);
        }
        // Failed items are not kept in flight: the next call goes out and succeeds.
        assertNotNull(ask(tenant, "down-0").get(10, TimeUnit.SECONDS));
    }

    private CompletableFuture<UUID> ask(String tenant, String externalId) {
        return directory.identify(tenant, new IdentifyRequest("whatsapp", externalId, "Juan", null, null, null, null))
                .subscribeAsCompletionStage();
    }
}
