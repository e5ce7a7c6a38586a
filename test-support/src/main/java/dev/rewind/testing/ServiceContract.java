package dev.rewind.testing;

import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** What every Rewind service answers once booted against the real broker and database. */
public abstract class ServiceContract {

    @Test
    void is_live_and_ready_with_kafka_and_database_checks() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("Kafka broker"))
                .body(containsString("Database"));
    }

    @Test
    void exposes_prometheus_metrics() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void publishes_its_openapi_document() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200).body(containsString("\"openapi\""));
    }
}
