package io.switchboard.customer;

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
        // Every promised path is documented.
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/internal/v1/customers/identify"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/customers/{id}/status/scheduled"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/lists/{listId}/customers/{id}"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/deals/{dealId}/sale"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/customers/{id}/related/{otherId}"));
    }
}
