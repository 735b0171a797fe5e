package io.switchboard.customer;

import static io.switchboard.customer.Fixtures.admin;
import static io.switchboard.customer.Fixtures.agent;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The permission matrix: ADMIN, the current assignee, another agent, another tenant. */
@QuarkusTest
class AssignmentTest extends BrokerTest {


    @Test
    void permissionMatrix() {
        String tenant = Fixtures.tenant();
        String id = Fixtures.newCustomer(tenant);
        String path = "/api/v1/customers/" + id + "/assignee";

        // Unassigned: an agent may not give it to someone else, but may take it.
        agent(tenant, "bob").body(Map.of("assigneeId", "ana")).put(path).then().statusCode(403)
                .contentType("application/problem+json");
        agent(tenant, "ana").body(Map.of("assigneeId", "ana")).put(path).then().statusCode(200)
                .body("assigneeId", equalTo("ana"));
        JsonNode taken = Events.one(probe, id, "customer.assigned", 2);
        assertTrue(taken.at("/assignee/from").isNull());
        assertEquals("ana", taken.at("/assignee/to").asText());
        assertEquals("AGENT", taken.at("/actor/kind").asText());

        // Another agent may neither take it over nor remove it.
        agent(tenant, "bob").body(Map.of("assigneeId", "bob")).put(path).then().statusCode(403);
        agent(tenant, "bob").delete(path).then().statusCode(403).contentType("application/problem+json");

        // Another tenant does not see it at all.
        admin(Fixtures.tenant()).body(Map.of("assigneeId", "x")).put(path).then().statusCode(404);
        admin(Fixtures.tenant()).delete(path).then().statusCode(404);

        // The assignee hands it to bob; an ADMIN reassigns to carla; carla removes herself.
        agent(tenant, "ana").body(Map.of("assigneeId", "bob")).put(path).then().statusCode(200)
                .body("assigneeId", equalTo("bob"));
        JsonNode handed = Events.one(probe, id, "customer.assigned", 3);
        assertEquals("ana", handed.at("/assignee/from").asText());
        assertEquals("bob", handed.at("/assignee/to").asText());
        agent(tenant, "ana").delete(path).then().statusCode(403); // no longer the assignee

        admin(tenant).body(Map.of("assigneeId", "carla")).put(path).then().statusCode(200);
        JsonNode reassigned = Events.one(probe, id, "customer.assigned", 4);
        assertEquals("ADMIN", reassigned.at("/actor/kind").asText());
        assertEquals("bob", reassigned.at("/assignee/from").asText());

        agent(tenant, "carla").delete(path).then().statusCode(200).body("assigneeId", nullValue());
        JsonNode removed = Events.one(probe, id, "customer.unassigned", 5);
        assertEquals("carla", removed.get("previousAssigneeId").asText());

        // An ADMIN assigns the unassigned customer and removes the assignee too.
        admin(tenant).body(Map.of("assigneeId", "dan")).put(path).then().statusCode(200);
        admin(tenant).delete(path).then().statusCode(200);
        agent(tenant, "bob").delete(path).then().statusCode(200); // nothing to remove: no-op, no event

        admin(tenant).body(Map.of("assigneeId", " ")).put(path).then().statusCode(400).contentType("application/problem+json");
        admin(tenant).body(Map.of()).put(path).then().statusCode(400);

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), Events.sequences(probe, id, Duration.ofSeconds(1)));
    }
}
