package io.switchboard.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.switchboard.platform.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or careless client meets, against the packaged suite: another tenant's ids on every resource kind
 * of every service, forged, expired, unsigned and foreign tokens, a deleted bot's key, and malformed bodies and
 * query values on every write endpoint. Whatever is sent: no 5xx, every refusal problem+json, not one byte of the
 * other tenant in any answer, and nothing written by a refused request.
 */
@Order(5)
class AdversarialSessionTest {

    /** A write endpoint of the attacker's own tenant, with a body that would be valid and the fields to spoil. */
    private record Write(String base, String method, String path, Function<Caller, RequestSpecification> caller,
            Map<String, Object> body, String textField, List<Map.Entry<String, Object>> wrongTypes) {
        /** A write whose body is optional (an agent taking a chat): an empty body is a valid request there. */
        boolean bodyOptional() {
            return base.equals(Suite.CONVERSATION) && path.endsWith("/assignee");
        }
    }

    private interface Caller {
        RequestSpecification spec();
    }

    private int requests;
    private final Set<String> kinds = new LinkedHashSet<>();
    private final List<String> serverErrors = new ArrayList<>();
    private final List<String> leaks = new ArrayList<>();
    private final List<String> notProblems = new ArrayList<>();
    private Set<String> secrets = Set.of();

    @Test
    void aHostileSessionGetsOnlyProblemsAndNeverAByteOfAnotherTenant() throws Exception {
        // ---- the victim: a customer who wrote a secret, a deal, a list, a note, an attachment
        String victim = Suite.newTenant();
        String victimAdmin = Suite.admin(victim);
        Suite.Bot victimBot = Suite.newBot(victim);
        String secret = "SECRET-" + UUID.randomUUID();
        var inbound = Suite.inbound(victimBot.key(), "whatsapp", "victim-" + victim, secret, null).then().statusCode(201).extract();
        String victimCustomer = inbound.path("customerId");
        String victimConversation = inbound.path("conversationId");
        String victimName = "Cliente victim-" + victim;
        secrets = Set.of(secret, victim, victimName);
        String victimDeal = as(victimAdmin).body(Map.of("title", "Deal " + secret))
                .post(Suite.CUSTOMER + "/api/v1/customers/" + victimCustomer + "/deals").then().statusCode(201).extract().path("id");
        String victimList = as(victimAdmin).body(Map.of("name", "List " + secret))
                .post(Suite.CUSTOMER + "/api/v1/lists").then().statusCode(201).extract().path("id");
        awaitTimeline(victimAdmin, victimCustomer);
        String victimComment = as(victimAdmin).body(Map.of("text", "Note " + secret))
                .post(Suite.TIMELINE + "/api/v1/timelines/" + victimCustomer + "/comments").then().statusCode(201).extract().path("id");
        String victimAttachment = given().auth().oauth2(victimAdmin)
                .multiPart("file", "secret.txt", secret.getBytes(StandardCharsets.UTF_8), "text/plain")
                .post(Suite.TIMELINE + "/api/v1/attachments").then().statusCode(201).extract().path("id");

        // ---- the attacker: an ADMIN and a bot of another tenant, with data of its own to aim at
        String attacker = Suite.newTenant();
        String admin = Suite.admin(attacker);
        String bot = Suite.createBot(attacker);
        var own = Suite.inbound(bot, "webchat", "attacker-" + attacker, "hello", null).then().statusCode(201).extract();
        String customer = own.path("customerId");
        String conversation = own.path("conversationId");
        String deal = as(admin).body(Map.of("title", "Own deal"))
                .post(Suite.CUSTOMER + "/api/v1/customers/" + customer + "/deals").then().statusCode(201).extract().path("id");
        String list = as(admin).body(Map.of("name", "Own list"))
                .post(Suite.CUSTOMER + "/api/v1/lists").then().statusCode(201).extract().path("id");
        awaitTimeline(admin, customer);
        // Bots are created on conversation-service; the other services learn their keys from its events.
        await().atMost(Duration.ofSeconds(30)).until(() -> asBot(bot).get(Suite.CUSTOMER + "/api/v1/customers/" + customer)
                .statusCode() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> asBot(bot).body(Map.of("type", "custom", "kind", "x", "title", "x"))
                .post(Suite.TIMELINE + "/api/v1/timelines/" + UUID.randomUUID() + "/activities").statusCode() == 404);

        crossTenant(admin, bot, victimCustomer, victimConversation, victimDeal, victimList, victimComment,
                victimAttachment, victimBot.id(), customer, list);
        badCredentials(victim, admin);
        Map<String, String> before = snapshot(admin, customer, conversation);
        badInput(admin, bot, customer, conversation, deal);
        badQueries(admin, customer, conversation);
        // Nothing a refusal sent was written: the same reads answer the same, and the only note that reaches the
        // timeline is one written after them all (a customer's notes arrive in order).
        assertEquals(before, snapshot(admin, customer, conversation), "a refused request wrote something");
        String last = as(admin).body(Map.of("text", "the last note")).post(Suite.TIMELINE + "/api/v1/timelines/" + customer + "/comments")
                .then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> comments(admin, customer).contains(last));
        assertEquals(List.of(last), comments(admin, customer), "only the valid note is on the timeline");

        System.out.printf("adversarial session: %d requests, %d kinds of bad input, 5xx: %d, cross-tenant leaks: %d, "
                + "refusals without problem+json: %d%n", requests, kinds.size(), serverErrors.size(), leaks.size(),
                notProblems.size());
        assertEquals(List.of(), serverErrors, "5xx answers");
        assertEquals(List.of(), leaks, "answers holding another tenant's data");
        assertEquals(List.of(), notProblems, "refusals that are not problem+json");
    }

    // ------------------------------------------------------------------------------------------------ cross-tenant

    private void crossTenant(String admin, String bot, String vCustomer, String vConversation, String vDeal, String vList,
            String vComment, String vAttachment, String vBot, String ownCustomer, String ownList) {
        kinds.add("another tenant's ids");
        String c = Suite.CUSTOMER + "/api/v1/customers/" + vCustomer;
        String conv = Suite.CONVERSATION + "/api/v1/conversations/" + vConversation;
        String t = Suite.TIMELINE + "/api/v1/timelines/" + vCustomer;
        List<Response> answers = new ArrayList<>();
        for (Caller who : List.<Caller>of(() -> as(admin), () -> asBot(bot))) {
            answers.add(send(who.spec(), "GET", c));
            answers.add(send(who.spec().body(Map.of("displayName", "taken")), "PATCH", c));
            answers.add(send(who.spec(), "GET", conv));
            answers.add(send(who.spec(), "GET", conv + "/messages"));
            answers.add(send(who.spec().body(Map.of("text", "hijack")), "POST", conv + "/messages"));
            answers.add(send(who.spec().body(Map.of("active", true)), "PUT", conv + "/chatbot"));
            answers.add(send(who.spec().body(Map.of("type", "custom", "kind", "x", "title", "x")), "POST", t + "/activities"));
        }
        answers.add(send(as(admin).body(Map.of("rating", 1)), "PUT", c + "/rating"));
        answers.add(send(as(admin).body(Map.of("status", "NO_SALE")), "PUT", c + "/status"));
        answers.add(send(as(admin).body(Map.of("assigneeId", "intruder")), "PUT", c + "/assignee"));
        answers.add(send(as(admin), "DELETE", c + "/assignee"));
        answers.add(send(as(admin), "GET", c + "/neighbours"));
        answers.add(send(as(admin), "GET", c + "/deals"));
        answers.add(send(as(admin).body(Map.of("title", "x")), "POST", c + "/deals"));
        answers.add(send(as(admin), "GET", c + "/related"));
        answers.add(send(as(admin).body(Map.of()), "PUT", Suite.CUSTOMER + "/api/v1/customers/" + ownCustomer + "/related/" + vCustomer));
        answers.add(send(as(admin).body(Map.of("stage", "LOST")), "PATCH", Suite.CUSTOMER + "/api/v1/deals/" + vDeal));
        answers.add(send(as(admin).body(Map.of("amount", 1)), "POST", Suite.CUSTOMER + "/api/v1/deals/" + vDeal + "/sale"));
        answers.add(send(as(admin), "PUT", Suite.CUSTOMER + "/api/v1/lists/" + vList + "/customers/" + ownCustomer));
        answers.add(send(as(admin), "PUT", Suite.CUSTOMER + "/api/v1/lists/" + ownList + "/customers/" + vCustomer));
        answers.add(send(as(admin), "POST", conv + "/read"));
        answers.add(send(as(admin), "POST", conv + "/unread"));
        answers.add(send(as(admin), "POST", conv + "/activity/complete"));
        answers.add(send(as(admin).body(Map.of("status", "RESOLVED")), "PUT", conv + "/status"));
        answers.add(send(as(admin).body(Map.of("agentId", "intruder")), "PUT", conv + "/assignee"));
        answers.add(send(as(admin).body(Map.of("text", "x", "sendAt", Instant.now().plusSeconds(3600).toString())),
                "POST", conv + "/scheduled-messages"));
        answers.add(send(as(admin), "DELETE", Suite.CONVERSATION + "/api/v1/bots/" + vBot));
        answers.add(send(as(admin), "GET", t));
        answers.add(send(as(admin), "GET", t + "/indicators"));
        answers.add(send(as(admin).body(Map.of("text", "x")), "POST", t + "/comments"));
        answers.add(send(as(admin), "DELETE", t + "/comments/" + vComment));
        answers.add(send(as(admin), "GET", t + "/entries/" + UUID.randomUUID()));
        answers.add(send(as(admin), "GET", Suite.TIMELINE + "/api/v1/attachments/" + vAttachment));
        for (Response r : answers) {
            assertEquals(404, r.statusCode(), "another tenant's resource is not there: " + r.asString());
        }
        // Reads of collections and states carry the caller's tenant only (checked for leaks by send).
        send(as(admin), "GET", Suite.CUSTOMER + "/api/v1/customers?q=victim");
        send(as(admin), "GET", Suite.CUSTOMER + "/api/v1/lists");
        send(as(admin), "GET", Suite.CONVERSATION + "/api/v1/conversations?customerId=" + vCustomer);
        send(as(admin), "GET", Suite.CONVERSATION + "/api/v1/bots");
        send(as(admin), "GET", Suite.NOTIFICATION + "/api/v1/agents");
        Response states = send(as(admin), "GET", Suite.NOTIFICATION + "/api/v1/customer-states?customerId=" + vCustomer);
        assertTrue(!states.asString().contains("\"" + vCustomer + "\":"), "no state for another tenant's customer");
    }

    // ------------------------------------------------------------------------------------------------ credentials

    private void badCredentials(String victim, String attackerAdmin) throws Exception {
        var foreignKeys = KeyPairGenerator.getInstance("RSA");
        foreignKeys.initialize(2048);
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("signed by another key", Jwt.issuer("switchboard-dev").subject("mallory").groups(Set.of("ADMIN"))
                .claim("tenant", victim).expiresIn(Duration.ofHours(1)).jws().sign(foreignKeys.generateKeyPair().getPrivate()));
        tokens.put("expired", TestTokens.sign(Jwt.issuer("switchboard-dev").subject("mallory").groups(Set.of("ADMIN"))
                .claim("tenant", victim).issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))));
        tokens.put("another issuer", TestTokens.sign(Jwt.issuer("someone-else").subject("mallory").groups(Set.of("ADMIN"))
                .claim("tenant", victim).expiresIn(Duration.ofHours(1))));
        tokens.put("no tenant", TestTokens.sign(Jwt.issuer("switchboard-dev").subject("mallory").groups(Set.of("ADMIN"))
                .expiresIn(Duration.ofHours(1))));
        tokens.put("alg none", unsigned(victim));
        tokens.put("tampered tenant", tampered(attackerAdmin, victim));
        tokens.put("not a token", "garbage");
        List<String> reads = List.of(Suite.CUSTOMER + "/api/v1/customers", Suite.CONVERSATION + "/api/v1/conversations",
                Suite.TIMELINE + "/api/v1/timelines/" + UUID.randomUUID(), Suite.NOTIFICATION + "/api/v1/agents");
        for (var token : tokens.entrySet()) {
            kinds.add("token: " + token.getKey());
            for (String url : reads) {
                Response r = send(given().auth().oauth2(token.getValue()), "GET", url);
                assertEquals(401, r.statusCode(), token.getKey() + " at " + url + ": " + r.asString());
            }
        }
        kinds.add("unknown API key");
        kinds.add("deleted bot's key");
        Suite.Bot doomed = Suite.newBot(victim);
        for (String url : reads) {
            assertEquals(401, send(asBot("sbk_" + UUID.randomUUID()), "GET", url).statusCode(), "unknown key at " + url);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> asBot(doomed.key())
                .get(Suite.CUSTOMER + "/api/v1/customers/" + UUID.randomUUID()).statusCode() == 404);
        given().auth().oauth2(Suite.admin(victim)).delete(Suite.CONVERSATION + "/api/v1/bots/" + doomed.id()).then().statusCode(204);
        for (String url : List.of(Suite.CONVERSATION + "/api/v1/conversations/" + UUID.randomUUID(),
                Suite.CUSTOMER + "/api/v1/customers/" + UUID.randomUUID())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> send(asBot(doomed.key()), "GET", url).statusCode() == 401);
        }
    }

    private static String unsigned(String tenant) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"switchboard-dev\",\"sub\":\"mallory\",\"groups\":[\"ADMIN\"],"
                + "\"tenant\":\"" + tenant + "\",\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    /** A genuine token whose tenant claim was rewritten, its signature kept. */
    private static String tampered(String token, String tenant) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"tenant\":\"[^\"]*\"", "\"tenant\":\"" + tenant + "\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    // ------------------------------------------------------------------------------------------------ bad input

    private void badInput(String admin, String bot, String customer, String conversation, String deal) {
        String in30Days = Instant.now().plusSeconds(30L * 86_400).toString();
        Function<Caller, RequestSpecification> asAdmin = x -> as(admin);
        Function<Caller, RequestSpecification> asTheBot = x -> asBot(bot);
        String conv = "/api/v1/conversations/" + conversation;
        List<Write> writes = List.of(
                new Write(Suite.CUSTOMER, "POST", "/api/v1/customers", asAdmin, Map.of("displayName", "x"), "displayName",
                        List.of(Map.entry("emails", "not-a-list"), Map.entry("phones", List.of(42)))),
                new Write(Suite.CUSTOMER, "PATCH", "/api/v1/customers/" + customer, asTheBot,
                        Map.of("displayName", "x"), "displayName", List.of(Map.entry("attributes", List.of("x")), Map.entry("whatsapp", true))),
                new Write(Suite.CUSTOMER, "PUT", "/api/v1/customers/" + customer + "/rating", asAdmin, Map.of("rating", 3), null,
                        List.of(Map.entry("rating", 1.5), Map.entry("rating", 9))),
                new Write(Suite.CUSTOMER, "PUT", "/api/v1/customers/" + customer + "/status", asAdmin,
                        Map.of("status", "NO_SALE", "effectiveAt", in30Days), "status", List.of(Map.entry("effectiveAt", ""))),
                new Write(Suite.CUSTOMER, "PUT", "/api/v1/customers/" + customer + "/assignee", asAdmin,
                        Map.of("assigneeId", "ana"), "assigneeId", List.of(Map.entry("assigneeId", List.of("ana")))),
                new Write(Suite.CUSTOMER, "POST", "/api/v1/customers/" + customer + "/deals", asAdmin,
                        Map.of("title", "x", "amount", 10), "title", List.of(Map.entry("amount", "ten"), Map.entry("stage", "SOLD"))),
                new Write(Suite.CUSTOMER, "PATCH", "/api/v1/deals/" + deal, asAdmin, Map.of("stage", "QUALIFIED"), "stage",
                        List.of(Map.entry("stage", 1))),
                new Write(Suite.CUSTOMER, "POST", "/api/v1/deals/" + deal + "/sale", asAdmin, Map.of("amount", 5), "currency",
                        List.of(Map.entry("amount", -5), Map.entry("amount", "5"))),
                new Write(Suite.CUSTOMER, "POST", "/api/v1/lists", asAdmin, Map.of("name", "x"), "name", List.of(Map.entry("name", 7))),
                new Write(Suite.CONVERSATION, "POST", "/api/v1/channels/webchat/inbound", asTheBot,
                        Map.of("contact", Map.of("externalId", "attacker-probe"), "text", "x"), "text",
                        List.of(Map.entry("contact", "attacker-probe"))),
                new Write(Suite.CONVERSATION, "POST", conv + "/messages", asTheBot, Map.of("text", "x"), "text",
                        List.of(Map.entry("clientMessageId", 5))),
                new Write(Suite.CONVERSATION, "PUT", conv + "/status", asAdmin, Map.of("status", "SNOOZED", "until", in30Days),
                        "status", List.of(Map.entry("until", ""), Map.entry("until", "tomorrow"))),
                new Write(Suite.CONVERSATION, "PUT", conv + "/assignee", asAdmin, Map.of("agentId", "ana"), "agentId",
                        List.of(Map.entry("agentId", 12))),
                new Write(Suite.CONVERSATION, "PUT", conv + "/chatbot", asTheBot, Map.of("active", true), null,
                        List.of(Map.entry("active", 2), Map.entry("active", "true"))),
                new Write(Suite.CONVERSATION, "POST", conv + "/scheduled-messages", asAdmin,
                        Map.of("text", "x", "sendAt", in30Days), "text", List.of(Map.entry("sendAt", ""), Map.entry("sendAt", 12))),
                new Write(Suite.CONVERSATION, "PUT", "/api/v1/conversations/settings/auto-assignment", asAdmin,
                        Map.of("mode", "OFF", "cap", 3), "mode", List.of(Map.entry("cap", 1.5), Map.entry("cap", -1))),
                new Write(Suite.CONVERSATION, "POST", "/api/v1/bots", asAdmin, Map.of("name", "x"), "name", List.of(Map.entry("name", true))),
                new Write(Suite.TIMELINE, "POST", "/api/v1/timelines/" + customer + "/comments", asAdmin, Map.of("text", "x"),
                        "text", List.of(Map.entry("dealId", ""), Map.entry("mentions", "ana"))),
                new Write(Suite.TIMELINE, "POST", "/api/v1/timelines/" + customer + "/activities", asTheBot,
                        Map.of("type", "call", "direction", "INCOMING", "durationSeconds", 30, "fromNumber", "1", "toNumber", "2"),
                        "fromNumber", List.of(Map.entry("durationSeconds", 1.5), Map.entry("occurredAt", ""))),
                new Write(Suite.NOTIFICATION, "PUT", "/api/v1/agents/me/availability", asAdmin, Map.of("availability", "ONLINE"),
                        "availability", List.of(Map.entry("availability", 1))),
                new Write(Suite.NOTIFICATION, "POST", "/api/v1/agents", asAdmin, Map.of("id", "x", "displayName", "x"),
                        "displayName", List.of(Map.entry("roles", "ADMIN"))),
                new Write(Suite.NOTIFICATION, "POST", "/api/v1/customer-states/query", asAdmin,
                        Map.of("customerIds", List.of(customer)), null, List.of(Map.entry("customerIds", List.of("not-a-uuid")))),
                new Write(Suite.NOTIFICATION, "POST", "/api/v1/webhooks", asAdmin,
                        Map.of("url", "https://hooks.invalid/x", "events", List.of("conversation.created")), "url",
                        List.of(Map.entry("events", "conversation.created"))));
        for (Write w : writes) {
            String url = w.base() + w.path();
            List<RequestSpecification> bad = new ArrayList<>();
            List<String> what = new ArrayList<>();
            if (w.textField() != null) {
                for (var spoil : Map.of("NUL character", "a\u0000b", "control character", "a\u0007b",
                        "oversized field", "x".repeat(70_000)).entrySet()) {
                    what.add(spoil.getKey());
                    bad.add(w.caller().apply(null).body(with(w.body(), w.textField(), spoil.getValue())));
                }
                what.add("number for a string");
                bad.add(w.caller().apply(null).body(with(w.body(), w.textField(), 42)));
            }
            for (var wrong : w.wrongTypes()) {
                what.add("wrong type or value");
                bad.add(w.caller().apply(null).body(with(w.body(), wrong.getKey(), wrong.getValue())));
            }
            what.add("text/plain body");
            bad.add(w.caller().apply(null).contentType(ContentType.TEXT).body(json(w.body())));
            what.add("malformed JSON");
            bad.add(w.caller().apply(null).body("{\"" + w.body().keySet().iterator().next() + "\": "));
            what.add("JSON array for an object");
            bad.add(w.caller().apply(null).body("[]"));
            if (!w.bodyOptional()) {
                what.add("empty body");
                bad.add(w.caller().apply(null).body(""));
            }
            for (int i = 0; i < bad.size(); i++) {
                kinds.add(what.get(i));
                Response r = send(bad.get(i), w.method(), url);
                assertTrue(r.statusCode() >= 400 && r.statusCode() < 500,
                        w.method() + " " + w.path() + " with " + what.get(i) + ": " + r.statusCode() + " " + r.asString());
            }
        }
        // Bodies larger than the services take at all, and ids that are no ids.
        kinds.add("oversized body");
        byte[] huge = ("{\"text\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (String url : List.of(Suite.CUSTOMER + "/api/v1/customers", Suite.CONVERSATION + "/api/v1/conversations/" + conversation + "/messages",
                Suite.NOTIFICATION + "/api/v1/agents")) {
            assertEquals(413, send(as(admin).body(huge), "POST", url).statusCode(), url);
        }
        kinds.add("invalid id in the path");
        for (String url : List.of(Suite.CUSTOMER + "/api/v1/customers/not-a-uuid", Suite.CONVERSATION + "/api/v1/conversations/not-a-uuid",
                Suite.TIMELINE + "/api/v1/timelines/not-a-uuid", Suite.TIMELINE + "/api/v1/attachments/not-a-uuid",
                Suite.CUSTOMER + "/api/v1/deals/not-a-uuid", Suite.CONVERSATION + "/api/v1/bots/not-a-uuid")) {
            int status = send(as(admin), url.contains("/bots/") ? "DELETE" : "GET", url).statusCode();
            assertTrue(status == 400 || status == 404 || status == 405, url + ": " + status);
        }
        kinds.add("broken multipart");
        for (RequestSpecification upload : List.of(
                given().auth().oauth2(admin).contentType("multipart/form-data; boundary=xyz")
                        .body("--xyz\r\nbroken".getBytes(StandardCharsets.UTF_8)),
                given().auth().oauth2(admin).contentType("multipart/form-data; boundary=xyz").body(new byte[0]),
                given().auth().oauth2(admin).multiPart("other", "a.txt", new byte[] {1}, "text/plain"))) {
            Response r = send(upload, "POST", Suite.TIMELINE + "/api/v1/attachments");
            assertTrue(r.statusCode() == 400 || r.statusCode() == 415, "broken multipart: " + r.statusCode() + " " + r.asString());
        }
    }

    private void badQueries(String admin, String customer, String conversation) {
        kinds.add("invalid query value");
        for (String url : List.of(
                Suite.CUSTOMER + "/api/v1/customers?limit=-1", Suite.CUSTOMER + "/api/v1/customers?limit=abc",
                Suite.CUSTOMER + "/api/v1/customers?cursor=x", Suite.CUSTOMER + "/api/v1/customers?minRating=9",
                Suite.CUSTOMER + "/api/v1/customers?createdFrom=yesterday",
                Suite.CONVERSATION + "/api/v1/conversations?limit=0", Suite.CONVERSATION + "/api/v1/conversations?cursor=x",
                Suite.CONVERSATION + "/api/v1/conversations?unread=maybe", Suite.CONVERSATION + "/api/v1/conversations?status=LOST",
                Suite.CONVERSATION + "/api/v1/conversations/" + conversation + "/messages?after=-5",
                Suite.TIMELINE + "/api/v1/timelines/" + customer + "?limit=1000", Suite.TIMELINE + "/api/v1/timelines/" + customer + "?cursor=x",
                Suite.TIMELINE + "/api/v1/timelines/" + customer + "?onlyComments=maybe",
                Suite.TIMELINE + "/api/v1/timelines/" + customer + "?from=2026-13-40",
                Suite.TIMELINE + "/api/v1/timelines/" + customer + "/indicators?from=x",
                Suite.NOTIFICATION + "/api/v1/agents/me/notifications?unreadOnly=maybe",
                Suite.NOTIFICATION + "/api/v1/agents/me/notifications?limit=-1",
                Suite.NOTIFICATION + "/api/v1/customer-states?customerId=not-a-uuid")) {
            Response r = send(as(admin), "GET", url);
            assertEquals(400, r.statusCode(), url + ": " + r.asString());
        }
        Response r = send(as(admin), "POST", Suite.NOTIFICATION + "/api/v1/agents/counters/reconcile?fix=maybe");
        assertEquals(400, r.statusCode(), "reconcile?fix=maybe: " + r.asString());
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    /** Sends and checks what every answer must hold: no 5xx, a refusal is problem+json, no other tenant's data. */
    private Response send(RequestSpecification request, String method, String url) {
        requests++;
        Response r = request.request(method, url);
        String body = r.asString();
        String where = method + " " + url.replaceFirst("^https?://[^/]+", "") + " → " + r.statusCode();
        if (r.statusCode() >= 500) {
            serverErrors.add(where + " " + body);
        }
        if (r.statusCode() >= 400 && !String.valueOf(r.contentType()).startsWith("application/problem+json")) {
            notProblems.add(where + " (" + r.contentType() + ")");
        }
        for (String secret : secrets) {
            if (body.contains(secret)) {
                leaks.add(where + " holds " + secret);
            }
        }
        return r;
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static RequestSpecification asBot(String key) {
        return given().header("X-Api-Key", key).contentType(ContentType.JSON);
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static String json(Map<String, Object> body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTimeline(String token, String customer) {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(token)
                .get(Suite.TIMELINE + "/api/v1/timelines/" + customer).statusCode() == 200);
    }

    private static List<String> comments(String token, String customer) {
        return given().auth().oauth2(token).get(Suite.TIMELINE + "/api/v1/timelines/" + customer + "?onlyComments=true&limit=200")
                .then().statusCode(200).extract().jsonPath().getList("items.data.commentId");
    }

    /** What the attacker's refused writes could have changed, read back in full. */
    private static Map<String, String> snapshot(String admin, String customer, String conversation) {
        Map<String, String> reads = new LinkedHashMap<>();
        for (String url : List.of(
                Suite.CUSTOMER + "/api/v1/customers/" + customer, Suite.CUSTOMER + "/api/v1/customers?limit=200",
                Suite.CUSTOMER + "/api/v1/customers/" + customer + "/deals", Suite.CUSTOMER + "/api/v1/lists",
                Suite.CONVERSATION + "/api/v1/conversations/" + conversation,
                Suite.CONVERSATION + "/api/v1/conversations/" + conversation + "/messages?limit=200",
                Suite.CONVERSATION + "/api/v1/conversations?limit=200", Suite.CONVERSATION + "/api/v1/bots",
                Suite.CONVERSATION + "/api/v1/conversations/settings/auto-assignment",
                Suite.NOTIFICATION + "/api/v1/agents", Suite.NOTIFICATION + "/api/v1/webhooks")) {
            reads.put(url, given().auth().oauth2(admin).get(url).then().statusCode(200).extract().asString());
        }
        return reads;
    }
}
