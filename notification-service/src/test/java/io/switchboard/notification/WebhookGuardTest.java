package io.switchboard.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.switchboard.notification.service.HostResolver;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The webhook address guard at registration and at delivery. Nothing here connects anywhere but 127.0.0.1: refused
 * URLs are refused before any connection, and names are answered by a stand-in resolver (no DNS traffic).
 */
@QuarkusTest
class WebhookGuardTest {

    /** A name that resolves to a public address when registered and to loopback afterwards (DNS rebinding). */
    private static final String REBINDING = "rebind.switchboard.test";
    /** A name with one public and one private address. */
    private static final String MIXED = "mixed.switchboard.test";

    @Inject
    Pool pool;

    private static final class StandInResolver extends HostResolver {
        final AtomicInteger rebindLookups = new AtomicInteger();

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return switch (host) {
                case REBINDING -> new InetAddress[] {InetAddress.getByName(
                        rebindLookups.getAndIncrement() == 0 ? "93.184.215.14" : "127.0.0.1")};
                case MIXED -> new InetAddress[] {InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.5")};
                case "public.switchboard.test" -> new InetAddress[] {InetAddress.getByName("93.184.215.14")};
                case "nowhere.switchboard.test" -> throw new UnknownHostException(host);
                default -> {
                    if (!host.matches("[0-9.]+|.*:.*")) {
                        throw new AssertionError("no DNS in this test: " + host);
                    }
                    yield InetAddress.getAllByName(host); // a literal: parsed, not looked up
                }
            };
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://public.switchboard.test/h",            // plain http
            "https://127.0.0.2/h",                         // loopback (only 127.0.0.1 is exempt, in the test profile)
            "https://10.0.0.1/h",
            "https://172.16.5.4/h",
            "https://192.168.1.1/h",
            "https://169.254.169.254/latest/meta-data/",   // cloud metadata
            "https://100.64.0.1/h",
            "https://0.0.0.0/h",
            "https://224.0.0.1/h",
            "https://[::1]/h",
            "https://[::ffff:127.0.0.1]/h",
            "https://[::ffff:a9fe:a9fe]/h",
            "https://[fd00::1]/h",
            "https://[fe80::1]/h",
            "https://" + MIXED + "/h",                     // every address must be public
            "https://nowhere.switchboard.test/h",          // does not resolve
            "https://user:pw@public.switchboard.test/h",
    })
    void privateOrPlainTargetsAreRefusedAtRegistration(String url) {
        QuarkusMock.installMockForType(new StandInResolver(), HostResolver.class);
        String admin = TestTokens.admin("t-" + UUID.randomUUID(), "boss");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"url\":\"" + url + "\",\"eventTypes\":[\"*\"]}")
                .post("/api/v1/webhooks").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("url"));
        given().auth().oauth2(admin).get("/api/v1/webhooks").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aPublicHttpsTargetIsAccepted() {
        QuarkusMock.installMockForType(new StandInResolver(), HostResolver.class);
        String admin = TestTokens.admin("t-" + UUID.randomUUID(), "boss");
        for (String url : List.of("https://public.switchboard.test/h", "https://93.184.215.14:8443/h",
                "https://[2606:4700:4700::1111]/h")) {
            String id = given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body("{\"url\":\"" + url + "\",\"eventTypes\":[\"conversation.created\"]}")
                    .post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
            given().auth().oauth2(admin).delete("/api/v1/webhooks/" + id).then().statusCode(204); // never delivers
        }
    }

    @Test
    void aNameThatResolvesToLoopbackAtDeliveryIsRefusedAndDeadAtOnce() {
        StandInResolver dns = new StandInResolver();
        QuarkusMock.installMockForType(dns, HostResolver.class);
        String tenant = "t-" + UUID.randomUUID();
        String admin = TestTokens.admin(tenant, "boss");
        String receiver = UUID.randomUUID().toString();
        // Were the guard to let it through, the request would reach this suite's own receiver (on 127.0.0.1).
        String id = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"url\":\"https://" + REBINDING + ":" + RestAssured.port + "/test-receiver/" + receiver
                        + "\",\"eventTypes\":[\"*\"]}")
                .post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
        try (ConversationEventSender events = new ConversationEventSender()) {
            events.send(tenant, UUID.randomUUID().toString(), 1, "conversation.created", "OPEN", null, true, true);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(admin)
                .get("/api/v1/webhooks/" + id + "/deliveries").then().statusCode(200)
                .body("[0].status", equalTo("DEAD")).body("[0].attempts", equalTo(1))
                .body("[0].lastError", startsWith("refused: host " + REBINDING + " resolves to 127.0.0.1 (loopback)")));
        assertEquals(List.of(), WebhookReceiverResource.CALLS.getOrDefault(receiver, List.of()));
    }

    @Test
    void aWebhookStoredBeforeTheGuardIsRefusedAtDelivery() {
        String tenant = "t-" + UUID.randomUUID();
        String admin = TestTokens.admin(tenant, "boss");
        String receiver = UUID.randomUUID().toString();
        UUID id = UUID.randomUUID();
        // As an older build let it be registered: plain http to loopback other than the exempt 127.0.0.1.
        pool.preparedQuery("INSERT INTO webhooks (id, tenant_id, url, event_types, secret) VALUES ($1, $2, $3, $4, 'whsec_AAAA')")
                .execute(Tuple.of(id, tenant, "http://127.0.0.2:" + RestAssured.port + "/test-receiver/" + receiver,
                        new String[] {"*"})).await().atMost(Duration.ofSeconds(10));
        // The feed learns of the tenant's webhook within a second: send until a delivery exists.
        try (ConversationEventSender events = new ConversationEventSender()) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                events.send(tenant, UUID.randomUUID().toString(), 1, "conversation.created", "OPEN", null, true, true);
                return given().auth().oauth2(admin).get("/api/v1/webhooks/" + id + "/deliveries").then().statusCode(200)
                        .extract().jsonPath().getList("$").size() > 0;
            });
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(admin)
                .get("/api/v1/webhooks/" + id + "/deliveries").then().statusCode(200)
                .body("status", everyItem(equalTo("DEAD"))).body("attempts", everyItem(equalTo(1)))
                .body("lastError", everyItem(equalTo("refused: must be an https URL"))));
        assertEquals(List.of(), WebhookReceiverResource.CALLS.getOrDefault(receiver, List.of()));
    }
}
