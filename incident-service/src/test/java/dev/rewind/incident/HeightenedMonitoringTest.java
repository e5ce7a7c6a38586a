package dev.rewind.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.rewind.testing.LocalInfra;

import static dev.rewind.incident.Api.as;
import static dev.rewind.incident.Api.deployment;
import static dev.rewind.incident.RedeploymentGateTest.QA_LEAD;
import static dev.rewind.incident.RedeploymentGateTest.restored;
import static dev.rewind.incident.RedeploymentGateTest.signOff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The runbook's "Deployment with Enhanced Monitoring" against the real broker and database (issue 19, part 5): the
 * signed-off hotfix's first signal starts its heightened period (the test policy's {@code for: 4s}, rules at half),
 * a value the usual rules call tier 3 is tier 2 meanwhile, the ticker ends the period with its outcome, and after it
 * the usual rules judge the version again.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
@TestProfile(EscalationTest.FastEscalation.class)
class HeightenedMonitoringTest {

    @Test
    void a_relapse_of_the_hotfix_during_its_period_is_judged_by_the_heightened_rules_and_breaches_it() throws Exception {
        String deployment = deployment();
        String incident = signedOff(deployment, "2.0.1");

        String relapse = as(Api.PUBLISHER).body(signal(deployment, "2.0.1", 3)).post("/api/v1/signals").then().statusCode(202)
                .body("tier", equalTo(2)).extract().path("incidentId"); // users_blocked 3 is tier 3 by the usual "> 5" rule
        assertThat(types(incident)).contains("heightened-monitoring.started");

        await().atMost(Duration.ofSeconds(30)).until(() -> types(incident).contains("heightened-monitoring.ended"));
        as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/timeline").then().statusCode(200)
                .body("resolution.heightened.version", equalTo("2.0.1"))
                .body("resolution.heightened.outcome", equalTo("BREACHED"))
                .body("resolution.heightened.incidentsOpened[0]", equalTo(relapse));
        as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/postmortem").then().statusCode(200)
                .body(containsString("- Heightened monitoring: 2.0.1 from "), containsString("BREACHED, incidents opened: " + relapse));
    }

    @Test
    void a_quiet_period_passes_and_afterwards_the_usual_rules_judge_the_version_again() throws Exception {
        String deployment = deployment();
        String incident = signedOff(deployment, "2.0.1");

        String old = as(Api.PUBLISHER).body(signal(deployment, "2.0.0", 3)).post("/api/v1/signals").then().statusCode(202)
                .body("tier", equalTo(3)).extract().path("incidentId");
        assertThat(types(incident)).doesNotContain("heightened-monitoring.started"); // the rolled-back version starts nothing
        as(Api.TECH_LEAD).body("{\"reason\":\"LEAD_DECISION\",\"summary\":\"the old version is gone\"}")
                .post("/api/v1/incidents/" + old + "/resolution").then().statusCode(200);

        as(Api.PUBLISHER).body(signal(deployment, "2.0.1", 0)).post("/api/v1/signals").then().statusCode(202);
        assertThat(types(incident)).contains("heightened-monitoring.started");
        await().atMost(Duration.ofSeconds(30)).until(() -> types(incident).contains("heightened-monitoring.ended"));
        as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/timeline").then()
                .body("resolution.heightened.outcome", equalTo("PASSED"));

        as(Api.PUBLISHER).body(signal(deployment, "2.0.1", 3)).post("/api/v1/signals").then().statusCode(202).body("tier", equalTo(3));
        assertThat(types(incident).stream().filter(t -> t.startsWith("heightened-monitoring.")).toList())
                .containsExactly("heightened-monitoring.started", "heightened-monitoring.ended"); // one period per hotfix
    }

    /** A rolled-back incident whose hotfix has its root cause and three people's sign-offs. */
    private static String signedOff(String deployment, String hotfix) throws Exception {
        String incident = restored(deployment);
        as(Api.ANALYST).body("{\"rootCause\":\"agent persona renamed in 2.0.0\"}")
                .post("/api/v1/incidents/" + incident + "/postmortem/notes").then().statusCode(201);
        signOff(Api.TECH_LEAD, incident, "FIX_APPROVED", hotfix).statusCode(200);
        signOff(QA_LEAD, incident, "TESTING_CERTIFIED", hotfix).statusCode(200);
        signOff(Api.PRODUCT_MANAGER, incident, "DEPLOYMENT_APPROVED", hotfix).statusCode(200);
        return incident;
    }

    private static String signal(String deployment, String version, int usersBlocked) {
        return """
                {"deployment":"%s","version":"%s","metric":"users_blocked","value":%d,"observedAt":"%s"}"""
                .formatted(deployment, version, usersBlocked, Instant.now());
    }

    private static List<String> types(String incident) {
        List<String> types = as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/events").then().extract().path("type");
        return types.stream().map(type -> type.substring("dev.rewind.".length())).toList();
    }
}
