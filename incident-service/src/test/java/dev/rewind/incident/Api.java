package dev.rewind.incident;

import java.time.Instant;
import java.util.UUID;

import dev.rewind.testing.TestTokens;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Requests as the people of the runbook make them. */
final class Api {
    static final String PUBLISHER = TestTokens.token("prometheus", "signal-publisher");
    static final String TECH_LEAD = TestTokens.token("alice", "tech-lead");
    static final String INFRA_LEAD = TestTokens.token("ivan", "infrastructure-lead");
    static final String PRODUCT_MANAGER = TestTokens.token("pat", "product-manager");
    static final String ANALYST = TestTokens.token("ana", "analyst");

    private Api() {
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType("application/json");
    }

    static String deployment() {
        return "workflow-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String signal(String deployment, String metric, double value, Instant observedAt) {
        return """
                {"deployment":"%s","version":"2.0.0","metric":"%s","value":%s,"observedAt":"%s"}"""
                .formatted(deployment, metric, value, observedAt);
    }

    static String form(String decision) {
        return """
                {"decision":"%s","criticalIssue":"workflow failure rate 25%%","usersAffected":12,
                 "dataImpact":"NONE","severity":"CRITICAL","dataLossAccepted":false}""".formatted(decision);
    }
}
