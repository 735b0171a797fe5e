package io.switchboard.customer;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.switchboard.platform.testing.TestTokens;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Request helpers: each test makes its own tenant, so tests never see each other's data. */
final class Fixtures {

    static String tenant() {
        return "t-" + UUID.randomUUID();
    }

    static RequestSpecification internal(String tenant) {
        return given().contentType(ContentType.JSON)
                .header("X-Internal-Token", "dev-internal-token")
                .header("X-Tenant-Id", tenant)
                .header("X-Caller-Service", "conversation-service");
    }

    static RequestSpecification agent(String tenant, String user) {
        return given().contentType(ContentType.JSON).auth().oauth2(TestTokens.agent(tenant, user));
    }

    static RequestSpecification admin(String tenant) {
        return given().contentType(ContentType.JSON).auth().oauth2(TestTokens.admin(tenant, "admin-1"));
    }

    static Map<String, Object> contact(String channel, String externalId) {
        Map<String, Object> body = new HashMap<>();
        body.put("channel", channel);
        body.put("externalId", externalId);
        return body;
    }

    /** Identifies a fresh whatsapp contact and answers the new customer's id. */
    static String newCustomer(String tenant) {
        return internal(tenant).body(contact("whatsapp", UUID.randomUUID().toString()))
                .post("/internal/v1/customers/identify").then().statusCode(200).extract().path("customerId");
    }

    private Fixtures() {
    }
}
