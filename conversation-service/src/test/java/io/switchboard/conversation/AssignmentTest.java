package io.switchboard.conversation;

import static io.switchboard.conversation.Fixtures.admin;
import static io.switchboard.conversation.Fixtures.agent;
import static io.switchboard.conversation.Fixtures.bot;
import static io.switchboard.conversation.Fixtures.events;
import static io.switchboard.conversation.Fixtures.json;
import static io.switchboard.conversation.Fixtures.tenant;
import static io.switchboard.conversation.Fixtures.types;
import static io.switchboard.conversation.InboundTest.problem;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.contracts.Topics;
import io.switchboard.platform.testing.KafkaProbe;
import io.switchboard.platform.testing.TestBroker;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AssignmentTest extends EventsTest {

    @Test
    void whoMayAssignWhom() {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String id = Fixtures.conversation(key, "c-" + UUID.randomUUID());

        // An agent may not give an unassigned chat to someone else, nor may a bot assign.
        problem(agent(tenant, "ana").body(Map.of("agentId", "bea")).put(base(id) + "/assignee"), 403);
        problem(bot(key).body(Map.of("agentId", "bea")).put(base(id) + "/assignee"), 403);
        // An agent takes an unassigned chat (body or no body).
        agent(tenant, "ana").body(Map.of()).put(base(id) + "/assignee").then().statusCode(200).body("assigneeId", equalTo("ana"));
        agent(tenant, "ana").body(Map.of("agentId", "ana")).put(base(id) + "/assignee").then().statusCode(200);
        // Another agent may neither take it nor release it.
        problem(agent(tenant, "bea").body(Map.of()).put(base(id) + "/assignee"), 403);
        problem(agent(tenant, "bea").delete(base(id) + "/assignee"), 403);
        // Its assignee may release it, and may not hand it to someone else.
        problem(agent(tenant, "ana").body(Map.of("agentId", "bea")).put(base(id) + "/assignee"), 403);
        agent(tenant, "ana").delete(base(id) + "/assignee").then().statusCode(200).body("assigneeId", equalTo(null));
        // An admin assigns and reassigns anyone, and releases anyone's.
        admin(tenant).body(Map.of("agentId", "bea")).put(base(id) + "/assignee").then().statusCode(200).body("assigneeId", equalTo("bea"));
        admin(tenant).body(Map.of("agentId", "carla")).put(base(id) + "/assignee").then().statusCode(200).body("assigneeId", equalTo("carla"));
        problem(admin(tenant).body(Map.of("agentId", "")).put(base(id) + "/assignee"), 400);
        admin(tenant).delete(base(id) + "/assignee").then().statusCode(200).body("assigneeId", equalTo(null));
        admin(tenant).delete(base(id) + "/assignee").then().statusCode(200);

        var records = events(probe, id, 8);
        assertEquals(List.of("conversation.assigned", "conversation.unassigned", "conversation.assigned",
                "conversation.assigned", "conversation.unassigned"), types(records.subList(3, 8)));
        var reassigned = json(records.get(6));
        assertEquals("bea", reassigned.get("assignee").get("from").asText());
        assertEquals("carla", reassigned.get("assignee").get("to").asText());
        assertEquals("carla", reassigned.get("state").get("assigneeId").asText());
        assertEquals("ADMIN", reassigned.get("actor").get("kind").asText());
        assertEquals("ana", json(records.get(4)).get("previousAssigneeId").asText());
        assertEquals(8, probe.drain(r -> id.equals(r.key()), Duration.ofMillis(800)).size(), "refusals publish nothing");
    }

    @Test
    void autoAssignmentWaitsForAvailableAgentsAndRespectsTheCap() {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        admin(tenant).get("/api/v1/conversations/settings/auto-assignment").then().statusCode(200)
                .body("mode", equalTo("OFF"));
        problem(agent(tenant, "ana").body(Map.of("mode", "ROUND_ROBIN", "cap", 1)).put("/api/v1/conversations/settings/auto-assignment"), 403);
        problem(admin(tenant).body(Map.of("mode", "RANDOM", "cap", 1)).put("/api/v1/conversations/settings/auto-assignment"), 400);
        problem(admin(tenant).body(Map.of("mode", "ROUND_ROBIN", "cap", 0)).put("/api/v1/conversations/settings/auto-assignment"), 400);
        admin(tenant).body(Map.of("mode", "ROUND_ROBIN", "cap", 1)).put("/api/v1/conversations/settings/auto-assignment")
                .then().statusCode(200).body("mode", equalTo("ROUND_ROBIN"));

        // Nobody available: the new chat waits in the unassigned queue.
        String first = Fixtures.conversation(key, "c-1");
        admin(tenant).get(base(first)).then().body("assigneeId", equalTo(null));

        // ana registers, then comes online: the queue drains to her.
        publish(tenant, "ana", 1, "agent.registered", "{\"agentId\":\"ana\",\"displayName\":\"Ana\",\"roles\":[\"AGENT\"]}");
        publish(tenant, "ana", 2, "agent.availability_changed", availability("ana", "OFFLINE", "ONLINE"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                admin(tenant).get(base(first)).then().body("assigneeId", equalTo("ana")));
        var assigned = events(probe, first, 4).get(3);
        assertEquals("conversation.assigned", KafkaProbe.header(assigned, CloudEventHeaders.TYPE));
        assertEquals("SYSTEM", json(assigned).get("actor").get("kind").asText());

        // ana is at her cap (1): the next new chat waits; bea comes online and gets it.
        String second = Fixtures.conversation(key, "c-2");
        admin(tenant).get(base(second)).then().body("assigneeId", equalTo(null));
        publish(tenant, "bea", 1, "agent.availability_changed", availability("bea", null, "ONLINE"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                admin(tenant).get(base(second)).then().body("assigneeId", equalTo("bea")));

        // A stale (older) event for ana changes nothing; a redelivered one neither.
        publish(tenant, "ana", 1, "agent.availability_changed", availability("ana", "ONLINE", "OFFLINE"));

        // Raising the cap assigns the waiting queue at once; round robin picks whoever waited longest (ana).
        String third = Fixtures.conversation(key, "c-3");
        admin(tenant).get(base(third)).then().body("assigneeId", equalTo(null));
        admin(tenant).body(Map.of("mode", "ROUND_ROBIN", "cap", 5)).put("/api/v1/conversations/settings/auto-assignment")
                .then().statusCode(200);
        admin(tenant).get(base(third)).then().body("assigneeId", equalTo("ana"));
        // With room, a new chat is assigned in the same transaction that creates it.
        String fourth = Fixtures.conversation(key, "c-4");
        admin(tenant).get(base(fourth)).then().body("assigneeId", equalTo("bea"));

        // bea goes offline: new chats go to ana only.
        publish(tenant, "bea", 2, "agent.availability_changed", availability("bea", "ONLINE", "OFFLINE"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String probeChat = Fixtures.conversation(key, "c-probe-" + UUID.randomUUID());
            admin(tenant).get(base(probeChat)).then().body("assigneeId", equalTo("ana"));
        });
        admin(tenant).get("/api/v1/conversations?assignee=unassigned").then().body("counts.unassigned", equalTo(0));
    }

    @Test
    void aSlotFreedByResolveOrReleaseGoesToTheOldestWaitingChat() {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        admin(tenant).body(Map.of("mode", "ROUND_ROBIN", "cap", 1)).put("/api/v1/conversations/settings/auto-assignment")
                .then().statusCode(200);
        publish(tenant, "ana", 1, "agent.availability_changed", availability("ana", null, "ONLINE"));
        String first = Fixtures.conversation(key, "c-1");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                admin(tenant).get(base(first)).then().body("assigneeId", equalTo("ana")));
        // ana is at her cap: the next two wait, oldest first.
        String second = Fixtures.conversation(key, "c-2");
        String third = Fixtures.conversation(key, "c-3");
        admin(tenant).get(base(second)).then().body("assigneeId", equalTo(null));

        // Resolving frees her slot, in the same transaction the oldest waiting chat takes it.
        admin(tenant).body(Map.of("status", "RESOLVED")).put(base(first) + "/status").then().statusCode(200);
        admin(tenant).get(base(second)).then().body("assigneeId", equalTo("ana"));
        admin(tenant).get(base(third)).then().body("assigneeId", equalTo(null));

        // Releasing one frees it too: the queue's oldest other chat takes it; the released one waits its turn.
        agent(tenant, "ana").delete(base(second) + "/assignee").then().statusCode(200);
        admin(tenant).get(base(third)).then().body("assigneeId", equalTo("ana"));
        admin(tenant).get(base(second)).then().body("assigneeId", equalTo(null));
    }

    @Test
    void fewestOpenActivitiesPrefersTheLeastBusyAgent() {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        publish(tenant, "ana", 1, "agent.availability_changed", availability("ana", null, "ONLINE"));
        publish(tenant, "bea", 1, "agent.availability_changed", availability("bea", null, "ONLINE"));
        // Both agents known before the setting is on: wait until the consumer stored them.
        String warm = Fixtures.conversation(key, "warm");
        admin(tenant).body(Map.of("agentId", "ana")).put(base(warm) + "/assignee").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            admin(tenant).body(Map.of("mode", "FEWEST_OPEN_ACTIVITIES", "cap", 10))
                    .put("/api/v1/conversations/settings/auto-assignment").then().statusCode(200);
            String c = Fixtures.conversation(key, "c-" + UUID.randomUUID());
            // ana has one open activity (warm); bea has none until she gets this one.
            admin(tenant).get(base(c)).then().body("assigneeId", equalTo("bea"));
        });
    }

    private static String availability(String agent, String from, String to) {
        return "{\"agentId\":\"" + agent + "\",\"availability\":{\"from\":" + (from == null ? "null" : "\"" + from + "\"")
                + ",\"to\":\"" + to + "\"},\"actor\":{\"kind\":\"AGENT\",\"id\":\"" + agent + "\"}}";
    }

    private static void publish(String tenant, String agent, long sequence, String type, String data) {
        TestBroker.publish(Topics.AGENT_EVENTS, type, UUID.randomUUID(), tenant, null, agent, sequence,
                OffsetDateTime.now(ZoneOffset.UTC), data);
    }
}
