package dev.rewind.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rewind.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import static dev.rewind.incident.Api.as;
import static dev.rewind.incident.Api.deployment;
import static dev.rewind.incident.Api.form;
import static dev.rewind.incident.Api.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
@TestProfile(EscalationTest.FastEscalation.class)
class EscalationTest {

    public static class FastEscalation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rewind.policy.path", "src/test/resources/fast-escalation-policy.yaml",
                    "rewind.escalation.tick", "200ms", "rewind.resolution.tick", "200ms");
        }
    }

    static String tier2() {
        return as(Api.PUBLISHER).body(signal(deployment(), "users_blocked", 9, Instant.now()))
                .post("/api/v1/signals").then().statusCode(202).extract().path("incidentId");
    }

    static List<String> escalatedRoles(String incident) {
        List<String> types = as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/events").then().extract().path("type");
        List<String> roles = as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/events").then().extract().path("data.role");
        return java.util.stream.IntStream.range(0, types.size())
                .filter(i -> types.get(i).equals("dev.rewind.incident.escalated")).mapToObj(roles::get).toList();
    }

    @Test
    void the_path_pages_on_call_then_tech_lead_then_infrastructure_lead_after_which_the_senior_on_call_may_authorize() {
        String incident = tier2();
        assertThat(escalatedRoles(incident)).first().isEqualTo("senior-oncall");
        String senior = dev.rewind.testing.TestTokens.token("sam", "senior-oncall");
        // the infrastructure lead is paged 8 s after the request: until then the senior on-call may not authorize
        as(senior).body(form("APPROVE")).post("/api/v1/incidents/" + incident + "/authorizations").then().statusCode(403);

        await().atMost(Duration.ofSeconds(30)).until(() -> escalatedRoles(incident).size() == 3);
        assertThat(escalatedRoles(incident)).containsExactly("senior-oncall", "tech-lead", "infrastructure-lead");
        as(senior).body(form("APPROVE")).post("/api/v1/incidents/" + incident + "/authorizations").then().statusCode(200)
                .body("incident.status", equalTo("AUTHORIZED"));
    }

    @Test
    void a_leads_acknowledgement_stops_their_own_paging_and_the_next_lead_is_still_paged() {
        String incident = tier2();
        as(Api.TECH_LEAD).post("/api/v1/incidents/" + incident + "/acknowledgements").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> escalatedRoles(incident).size() == 2);
        assertThat(escalatedRoles(incident)).containsExactly("senior-oncall", "infrastructure-lead");
    }

    @Test
    void the_policy_file_was_used() {
        as(Api.PUBLISHER).body(signal(deployment(), "database_corruption", 1, Instant.now()))
                .post("/api/v1/signals").then().statusCode(422).body("field", equalTo("metric"));
    }
}
