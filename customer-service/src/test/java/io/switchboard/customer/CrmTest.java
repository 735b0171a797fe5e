package io.switchboard.customer;

import static io.switchboard.customer.Fixtures.admin;
import static io.switchboard.customer.Fixtures.agent;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lists, deals with stages and sales, related customers: each change one event of the customer. */
@QuarkusTest
class CrmTest extends BrokerTest {

    @Test
    void listMembership() {
        String tenant = Fixtures.tenant();
        String id = Fixtures.newCustomer(tenant);
        String listId = agent(tenant, "ana").body(Map.of("name", "VIP")).post("/api/v1/lists").then().statusCode(201)
                .body("name", equalTo("VIP")).extract().path("id");
        agent(tenant, "ana").body(Map.of("name", "VIP")).post("/api/v1/lists").then().statusCode(409)
                .contentType("application/problem+json");
        agent(tenant, "ana").body(Map.of("name", "")).post("/api/v1/lists").then().statusCode(400);
        agent(tenant, "ana").get("/api/v1/lists").then().statusCode(200).body("", hasSize(1));
        agent(Fixtures.tenant(), "eve").get("/api/v1/lists").then().statusCode(200).body("", hasSize(0));

        String member = "/api/v1/lists/" + listId + "/customers/" + id;
        agent(tenant, "ana").put(member).then().statusCode(204);
        agent(tenant, "ana").put(member).then().statusCode(204); // again: no second event
        agent(tenant, "ana").get("/api/v1/customers/" + id).then().body("lists[0].id", equalTo(listId))
                .body("lists[0].name", equalTo("VIP"));
        JsonNode added = Events.one(probe, id, "customer.added_to_list", 2);
        assertEquals(listId, added.get("listId").asText());
        assertEquals("VIP", added.get("listName").asText());
        agent(tenant, "ana").delete(member).then().statusCode(204);
        agent(tenant, "ana").delete(member).then().statusCode(204);
        Events.one(probe, id, "customer.removed_from_list", 3);

        // Another tenant's list or customer does not exist.
        String otherTenant = Fixtures.tenant();
        String otherCustomer = Fixtures.newCustomer(otherTenant);
        agent(otherTenant, "eve").put(member).then().statusCode(404);
        agent(otherTenant, "eve").put("/api/v1/lists/" + listId + "/customers/" + otherCustomer).then().statusCode(404);
        agent(tenant, "ana").put("/api/v1/lists/" + listId + "/customers/" + otherCustomer).then().statusCode(404);
        assertEquals(List.of(1L, 2L, 3L), Events.sequences(probe, id, Duration.ofSeconds(1)));
    }

    @Test
    void dealStagesAndSale() {
        String tenant = Fixtures.tenant();
        String id = Fixtures.newCustomer(tenant);
        String dealId = agent(tenant, "ana")
                .body(Map.of("title", "Pedido #1042", "stage", "PROPOSAL", "amount", 1250.00, "currency", "ARS"))
                .post("/api/v1/customers/" + id + "/deals").then().statusCode(201)
                .body("stage", equalTo("PROPOSAL")).extract().path("id");
        JsonNode created = Events.one(probe, id, "customer.deal_created", 2);
        assertEquals(dealId, created.get("dealId").asText());
        assertEquals(0, created.get("amount").decimalValue().compareTo(new java.math.BigDecimal("1250.00")));

        agent(tenant, "ana").body(Map.of("stage", "NEGOTIATION")).patch("/api/v1/deals/" + dealId).then().statusCode(200)
                .body("stage", equalTo("NEGOTIATION"));
        JsonNode stage = Events.one(probe, id, "customer.deal_stage_changed", 3);
        assertEquals("PROPOSAL", stage.at("/stage/from").asText());
        assertEquals("NEGOTIATION", stage.at("/stage/to").asText());
        agent(tenant, "ana").body(Map.of("stage", "DREAMING")).patch("/api/v1/deals/" + dealId).then().statusCode(400)
                .contentType("application/problem+json");

        agent(tenant, "ana").body(Map.of("amount", 1200.50)).post("/api/v1/deals/" + dealId + "/sale").then()
                .statusCode(201).body("currency", equalTo("ARS"));
        JsonNode sale = Events.one(probe, id, "customer.sale_created", 4);
        assertEquals(dealId, sale.get("dealId").asText());
        agent(tenant, "ana").body(Map.of("amount", 1)).post("/api/v1/deals/" + dealId + "/sale").then().statusCode(409)
                .contentType("application/problem+json");
        agent(tenant, "ana").body(Map.of("amount", 0)).post("/api/v1/deals/" + dealId + "/sale").then().statusCode(400);

        agent(tenant, "ana").body(Map.of("title", "x", "amount", 10)).post("/api/v1/customers/" + id + "/deals").then()
                .statusCode(400).contentType("application/problem+json");
        agent(tenant, "ana").body(Map.of("title", "")).post("/api/v1/customers/" + id + "/deals").then().statusCode(400);
        agent(tenant, "ana").get("/api/v1/customers/" + id + "/deals").then().statusCode(200).body("", hasSize(1));

        String other = Fixtures.tenant();
        agent(other, "eve").body(Map.of("stage", "LOST")).patch("/api/v1/deals/" + dealId).then().statusCode(404);
        agent(other, "eve").body(Map.of("amount", 5, "currency", "USD")).post("/api/v1/deals/" + dealId + "/sale").then()
                .statusCode(404);
        assertEquals(List.of(1L, 2L, 3L, 4L), Events.sequences(probe, id, Duration.ofSeconds(1)));
    }

    @Test
    void relatedBothWays() {
        String tenant = Fixtures.tenant();
        String a = Fixtures.newCustomer(tenant);
        String b = Fixtures.newCustomer(tenant);
        agent(tenant, "ana").body(Map.of("relation", "FAMILY")).put("/api/v1/customers/" + a + "/related/" + b).then()
                .statusCode(204);
        agent(tenant, "ana").put("/api/v1/customers/" + b + "/related/" + a).then().statusCode(204); // already linked
        JsonNode onA = Events.one(probe, a, "customer.related_linked", 2);
        JsonNode onB = Events.one(probe, b, "customer.related_linked", 2);
        assertEquals(b, onA.get("relatedCustomerId").asText());
        assertEquals(a, onB.get("relatedCustomerId").asText());
        assertEquals("FAMILY", onB.get("relation").asText());
        agent(tenant, "ana").get("/api/v1/customers/" + b + "/related").then().statusCode(200)
                .body("", hasSize(1)).body("[0].customerId", equalTo(a)).body("[0].relation", equalTo("FAMILY"));

        agent(tenant, "ana").delete("/api/v1/customers/" + b + "/related/" + a).then().statusCode(204);
        Events.one(probe, a, "customer.related_unlinked", 3);
        Events.one(probe, b, "customer.related_unlinked", 3);
        agent(tenant, "ana").get("/api/v1/customers/" + a + "/related").then().body("", hasSize(0));

        agent(tenant, "ana").put("/api/v1/customers/" + a + "/related/" + a).then().statusCode(400)
                .contentType("application/problem+json");
        agent(tenant, "ana").body(Map.of("relation", "best friend")).put("/api/v1/customers/" + a + "/related/" + b)
                .then().statusCode(400);
        String foreign = Fixtures.newCustomer(Fixtures.tenant());
        admin(tenant).put("/api/v1/customers/" + a + "/related/" + foreign).then().statusCode(404);
        assertEquals(List.of(1L, 2L, 3L), Events.sequences(probe, a, Duration.ofSeconds(1)));
        assertEquals(List.of(1L, 2L, 3L), Events.sequences(probe, b, Duration.ofMillis(200)));
    }
}
