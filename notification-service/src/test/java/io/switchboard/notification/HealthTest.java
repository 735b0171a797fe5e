package io.switchboard.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {

    @Test
    void readyOnRealDatabaseAndBrokerOnceTheCountersCaughtUp() {
        // Readiness waits for the counter group to reach conversation.events' end offsets as of start (CountersCaughtUp).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'counters caught up with conversation.events' }.status", equalTo("UP")));
        given().get("/q/metrics").then().statusCode(200);
    }
}
