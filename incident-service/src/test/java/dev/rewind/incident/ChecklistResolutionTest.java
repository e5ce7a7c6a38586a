package dev.rewind.incident;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.codec.DecodedEvent;
import dev.rewind.events.codec.EventJson;
import dev.rewind.incident.timeline.IncidentStreams;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

import static dev.rewind.incident.Api.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A restored incident ends by itself once its Rollback Coordination Checklist is complete (issue 19, part 1), against
 * the real database and the ticker: the redeployment goes on (the gate still asks for the hotfix's sign-offs, which are
 * still taken) until a lead declares the hotfix deployed.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
@TestProfile(EscalationTest.FastEscalation.class)
class ChecklistResolutionTest {
    @Inject
    dev.rewind.incident.application.IncidentStreams streams;


    @Test
    void a_complete_checklist_resolves_the_incident_and_the_redeployment_goes_on_until_the_hotfix_is_declared_deployed() throws Exception {
        String deployment = Api.deployment();
        UUID incident = record(deployment);
        String id = incident.toString();

        await().atMost(Duration.ofSeconds(30)).until(() -> "RESOLVED".equals(as(Api.ANALYST).get("/api/v1/incidents/" + id).then()
                .extract().path("status")));
        as(Api.ANALYST).get("/api/v1/incidents/" + id + "/timeline").then()
                .body("resolution.ended.reason", equalTo("CHECKLIST_COMPLETE"))
                .body("resolution.ended.actor", equalTo("policy:resolution"));

        as(Api.ANALYST).get("/api/v1/incidents?status=RESOLVED&limit=100").then()
                .body("find { it.id == '" + id + "' }.redeploymentOver", equalTo(false));
        gate(deployment, "2.0.0").statusCode(409);
        gate(deployment, "2.0.1").statusCode(409).body("missing", contains("FIX_APPROVED", "TESTING_CERTIFIED", "DEPLOYMENT_APPROVED"));
        signOff(Api.TECH_LEAD, id, "FIX_APPROVED").statusCode(200);
        signOff(TestTokens.token("quinn", "qa-lead"), id, "TESTING_CERTIFIED").statusCode(200);
        signOff(Api.PRODUCT_MANAGER, id, "DEPLOYMENT_APPROVED").statusCode(200);
        gate(deployment, "2.0.1").statusCode(200);
        gate(deployment, "2.1.0").statusCode(409).body("missing", contains("FIX_APPROVED", "TESTING_CERTIFIED", "DEPLOYMENT_APPROVED"));

        as(Api.TECH_LEAD).body("{\"reason\":\"STAY_ON_VERSION\",\"summary\":\"no\"}").post("/api/v1/incidents/" + id + "/resolution")
                .then().statusCode(409).body("detail", containsString("its redeployment ends with HOTFIX_DEPLOYED or LEAD_DECISION"));
        as(Api.TECH_LEAD).body("{\"reason\":\"HOTFIX_DEPLOYED\",\"summary\":\"2.0.1 is out\",\"hotfixVersion\":\"2.0.1\"}")
                .post("/api/v1/incidents/" + id + "/resolution").then().statusCode(200);
        gate(deployment, "2.1.0").statusCode(200);
        gate(deployment, "2.0.0").statusCode(409);
        as(Api.ANALYST).get("/api/v1/incidents/" + id).then().body("redeploymentOver", equalTo(true));
        signOff(Api.TECH_LEAD, id, "FIX_APPROVED").statusCode(409);
        as(Api.TECH_LEAD).body("{\"reason\":\"LEAD_DECISION\",\"summary\":\"again\"}").post("/api/v1/incidents/" + id + "/resolution")
                .then().statusCode(409);
        as(Api.ANALYST).get("/api/v1/incidents/" + id + "/timeline").then()
                .body("resolution.ended.reason", equalTo("CHECKLIST_COMPLETE"))
                .body("resolution.redeploymentEnded.reason", equalTo("HOTFIX_DEPLOYED"));
        as(Api.ANALYST).get("/api/v1/incidents/" + id + "/postmortem").then()
                .body(containsString("- Ended: "), containsString("CHECKLIST_COMPLETE by policy:resolution"),
                        containsString("- Redeployment ended: "), containsString("HOTFIX_DEPLOYED by alice"));
    }

    /**
     * The fixed, complete tier-1 stream of the timeline tests under fresh ids and a fresh deployment, plus the one item it
     * lacks (3.L: no critical errors in the logs since the restart), recorded as the other services' events are.
     */
    private UUID record(String deployment) throws Exception {
        String incidentIds = UUID.randomUUID().toString().substring(0, 24);
        String eventIds = UUID.randomUUID().toString().substring(0, 24);
        List<DecodedEvent> events = new ArrayList<>();
        for (RewindEvent event : IncidentStreams.tierOne()) {
            String json = EventJson.MAPPER.writeValueAsString(event).replace("00000000-0000-4000-8000-", incidentIds)
                    .replace("00000000-0000-4000-9000-", eventIds)
                    .replace("ai-engineering-workflow", deployment);
            events.add(new DecodedEvent(EventJson.MAPPER.readValue(json, event.getClass()), "/rewind/test"));
        }
        UUID incident = events.get(0).event().incidentId();
        events.add(new DecodedEvent(new StepCompleted(UUID.randomUUID(), incident, IncidentStreams.at(96), 3, "3.L",
                "Check the logs since the restart for critical errors", 5, Map.of("errorLines", "0", "logsChecked", "2")), "/rewind/test"));
        QuarkusTransaction.requiringNew().run(() -> streams.recordAll(Map.of(incident, events)));
        return incident;
    }

    private static ValidatableResponse gate(String deployment, String version) {
        return as(Api.ANALYST).get("/api/v1/deployments/" + deployment + "/gate?version=" + version).then();
    }

    private static ValidatableResponse signOff(String token, String incident, String signOff) {
        return as(token).body("{\"signOff\":\"%s\",\"version\":\"2.0.1\"}".formatted(signOff))
                .post("/api/v1/incidents/" + incident + "/sign-offs").then();
    }
}
