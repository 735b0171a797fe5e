package io.switchboard.system;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.switchboard.platform.testing.TestTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Where the packaged suite listens (deploy/switchboard up), and the calls every scenario makes. */
final class Suite {

    static final String CUSTOMER = url("customer", 8081);
    static final String CONVERSATION = url("conversation", 8082);
    static final String TIMELINE = url("timeline", 8083);
    static final String NOTIFICATION = url("notification", 8084);
    /** The second notification-service replica, started on demand (deploy/switchboard start notification-service-2). */
    static final String NOTIFICATION_2 = url("notification-2", 8094);

    static final Path ROOT = Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();

    private static String url(String service, int port) {
        return System.getProperty("switchboard." + service + ".url", "http://127.0.0.1:" + port);
    }

    /** Tenants of one test run share a prefix, so the timeline rebuild can compare exactly this run's data. */
    static final String RUN = System.getProperty("switchboard.run", "local");

    static String newTenant() {
        return "sys-" + RUN + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String admin(String tenant) {
        return TestTokens.admin(tenant, "admin-" + tenant);
    }

    /** A bot: its id and its API key (shown once). */
    record Bot(String id, String key) {
    }

    /** Creates a bot as the tenant's ADMIN. */
    static Bot newBot(String tenant) {
        var created = given().baseUri(CONVERSATION).auth().oauth2(admin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("name", "system-test bot")).post("/api/v1/bots").then().statusCode(201).extract();
        return new Bot(created.path("id"), created.path("apiKey"));
    }

    /** Creates a bot as the tenant's ADMIN; returns its API key. */
    static String createBot(String tenant) {
        return newBot(tenant).key();
    }

    static Response inbound(String apiKey, String channel, String externalId, String text, String idempotencyKey) {
        var request = given().baseUri(CONVERSATION).header("X-Api-Key", apiKey).contentType(ContentType.JSON);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.body(Map.of(
                        "contact", Map.of("externalId", externalId, "name", "Cliente " + externalId,
                                "phone", "+54911" + Math.abs(externalId.hashCode() % 100_000_000)),
                        "origin", Map.of("site", "shop.example.com", "medium", "cpc", "entryMethod", "CHATBOT"),
                        "text", text))
                .post("/api/v1/channels/" + channel + "/inbound");
    }

    /** deploy/switchboard stop|start SERVICE: the same script that started the suite. */
    static void control(String action, String service) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ROOT.resolve("deploy/switchboard").toString(), action, service)
                .inheritIO().start();
        if (!p.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("deploy/switchboard " + action + " " + service + " failed");
        }
    }

    private Suite() {
    }
}
