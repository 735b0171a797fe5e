package io.switchboard.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {

    @Test
    void readyOnRealDatabaseAndBroker() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void everyPromisedPathIsDocumented() {
        String openapi = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        for (String path : new String[] {"/api/v1/bots", "/api/v1/bots/{id}", "/api/v1/channels/{channel}/inbound",
                "/api/v1/conversations", "/api/v1/conversations/{id}", "/api/v1/conversations/{id}/messages",
                "/api/v1/conversations/{id}/read", "/api/v1/conversations/{id}/unread", "/api/v1/conversations/{id}/status",
                "/api/v1/conversations/{id}/assignee", "/api/v1/conversations/{id}/chatbot",
                "/api/v1/conversations/{id}/activity/complete", "/api/v1/conversations/{id}/scheduled-messages",
                "/api/v1/conversations/{id}/scheduled-messages/{sid}"}) {
            org.junit.jupiter.api.Assertions.assertTrue(openapi.contains("\"" + path + "\""), path);
        }
    }
}
