package dev.rewind.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static dev.rewind.incident.Api.as;
import static dev.rewind.incident.Api.deployment;
import static dev.rewind.incident.Api.form;
import static dev.rewind.incident.Api.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Every incident can end (issue 19, part 1), against the real broker and database: a lead's resolution over REST,
 * the roles and bodies it refuses, and the endings Rewind records by itself when the signals go quiet (the test
 * policy's windows are seconds long).
 */
@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
@TestProfile(EscalationTest.FastEscalation.class)
class IncidentLifecycleTest {
    static final String SENIOR = TestTokens.token("sam", "senior-oncall");

    static String tier2(String deployment) {
        return as(Api.PUBLISHER).body(signal(deployment, "users_blocked", 9, Instant.now()))
                .post("/api/v1/signals").then().statusCode(202).extract().path("incidentId");
    }

    static String resolution(String reason, String summary, String hotfixVersion) {
        return """
                {"reason":"%s","summary":"%s"%s}""".formatted(reason, summary,
                hotfixVersion == null ? "" : ",\"hotfixVersion\":\"" + hotfixVersion + "\"");
    }

    static String status(String incident) {
        return as(Api.ANALYST).get("/api/v1/incidents/" + incident).then().statusCode(200).extract().path("status");
    }

    @Test
    void a_lead_ends_an_incident_and_the_deployments_next_bad_signal_opens_a_new_one() {
        String deployment = deployment();
        String incident = tier2(deployment);

        as(Api.INFRA_LEAD).body(resolution("LEAD_DECISION", "false alarm: a load test", null))
                .post("/api/v1/incidents/" + incident + "/resolution").then().statusCode(200)
                .body("incident.status", equalTo("RESOLVED")).body("events", equalTo(List.of("incident.resolved")));

        String next = tier2(deployment);
        assertThat(next).isNotEqualTo(incident);
        as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/timeline").then().statusCode(200)
                .body("status", equalTo("RESOLVED"))
                .body("resolution.ended.reason", equalTo("LEAD_DECISION"))
                .body("resolution.ended.actor", equalTo("ivan"))
                .body("resolution.ended.summary", equalTo("false alarm: a load test"));
        as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/postmortem").then().statusCode(200)
                .body(containsString("- Ended: ")).body(containsString("LEAD_DECISION by ivan (infrastructure-lead) — false alarm"));
        as(Api.TECH_LEAD).body(resolution("LEAD_DECISION", "again", null))
                .post("/api/v1/incidents/" + incident + "/resolution").then().statusCode(409);
    }

    @Test
    void a_denied_rollback_ends_by_a_decision_to_stay_on_the_version_or_with_the_hotfix_deployed() {
        String stay = tier2(deployment());
        as(Api.TECH_LEAD).body(form("DENY")).post("/api/v1/incidents/" + stay + "/authorizations").then().statusCode(200);
        as(Api.TECH_LEAD).body(resolution("STAY_ON_VERSION", "fix forward", null))
                .post("/api/v1/incidents/" + stay + "/resolution").then().statusCode(200).body("incident.status", equalTo("RESOLVED"));

        String hotfix = tier2(deployment());
        as(Api.TECH_LEAD).body(resolution("HOTFIX_DEPLOYED", "2.0.1 fixes the persona", "2.0.1"))
                .post("/api/v1/incidents/" + hotfix + "/resolution").then().statusCode(200);
        List<String> versions = as(Api.ANALYST).get("/api/v1/incidents/" + hotfix + "/events").then().extract().path("data.hotfixVersion");
        assertThat(versions).contains("2.0.1");
    }

    @Test
    void everyone_but_the_leads_is_refused_with_a_problem_and_nothing_is_recorded() {
        String incident = tier2(deployment());
        for (String token : List.of(Api.ANALYST, Api.PRODUCT_MANAGER, SENIOR, Api.PUBLISHER)) {
            as(token).body(resolution("LEAD_DECISION", "mine to close", null)).post("/api/v1/incidents/" + incident + "/resolution")
                    .then().statusCode(403).contentType("application/problem+json");
        }
        io.restassured.RestAssured.given().contentType("application/json").body(resolution("LEAD_DECISION", "anonymous", null))
                .post("/api/v1/incidents/" + incident + "/resolution").then().statusCode(401);
        assertThat(status(incident)).isEqualTo("AWAITING_AUTHORIZATION");
    }

    @Test
    void hostile_resolution_bodies_are_refused_naming_the_field_and_never_fail_the_server() {
        String incident = tier2(deployment());
        String path = "/api/v1/incidents/" + incident + "/resolution";
        record Hostile(String body, int status, String field) {
        }
        List<Hostile> bodies = List.of(
                new Hostile("{}", 400, "reason"),
                new Hostile("{\"reason\":\"NUKE\",\"summary\":\"x\"}", 400, "reason"),
                new Hostile("{\"reason\":null,\"summary\":\"x\"}", 400, "reason"),
                new Hostile("{\"reason\":[\"LEAD_DECISION\"],\"summary\":\"x\"}", 400, "reason"),
                new Hostile(resolution("METRIC_RECOVERED", "say it is fine", null), 400, "reason"),
                new Hostile(resolution("QUIET_PERIOD", "say it is quiet", null), 400, "reason"),
                new Hostile(resolution("STAY_ON_VERSION", "nothing failed yet", null), 400, "reason"),
                new Hostile("{\"reason\":\"LEAD_DECISION\"}", 400, "summary"),
                new Hostile(resolution("LEAD_DECISION", "   ", null), 400, "summary"),
                new Hostile(resolution("LEAD_DECISION", "x".repeat(4097), null), 400, "summary"),
                new Hostile("{\"reason\":\"LEAD_DECISION\",\"summary\":\"a\\u0000b\"}", 400, "summary"),
                new Hostile(resolution("HOTFIX_DEPLOYED", "which one?", null), 400, "hotfixVersion"),
                new Hostile(resolution("HOTFIX_DEPLOYED", "escape", "../../etc/passwd"), 400, "hotfixVersion"),
                new Hostile(resolution("HOTFIX_DEPLOYED", "long", "1".repeat(65)), 400, "hotfixVersion"),
                new Hostile(resolution("LEAD_DECISION", "with a version", "2.0.1"), 400, "hotfixVersion"),
                new Hostile("{\"reason\":\"LEAD_DECISION\",\"summary\":\"x\",\"actor\":\"the-ceo\"}", 400, "actor"),
                new Hostile("{\"reason\":\"LEAD_DECISION\",\"summary\":\"x\",\"reason\":\"STAY_ON_VERSION\"}", 400, null),
                new Hostile("[]", 400, null),
                new Hostile("not json", 400, null),
                new Hostile("", 400, null));
        for (Hostile hostile : bodies) {
            var response = as(Api.TECH_LEAD).body(hostile.body()).post(path).then();
            String shown = hostile.body().length() > 80 ? hostile.body().substring(0, 80) + "…" : hostile.body();
            assertThat(response.extract().statusCode()).as(shown).isEqualTo(hostile.status());
            response.contentType("application/problem+json");
            if (hostile.field() != null) {
                assertThat(response.extract().<String>path("field")).as(shown).isEqualTo(hostile.field());
            }
        }
        as(Api.TECH_LEAD).body("{\"reason\":\"LEAD_DECISION\",\"summary\":\"" + "x".repeat(1024 * 1024) + "\"}").post(path)
                .then().statusCode(413).contentType("application/problem+json");
        as(Api.TECH_LEAD).body(resolution("LEAD_DECISION", "nobody", null)).post("/api/v1/incidents/" + UUID.randomUUID() + "/resolution")
                .then().statusCode(404).contentType("application/problem+json");
        as(Api.TECH_LEAD).body(resolution("LEAD_DECISION", "nobody", null)).post("/api/v1/incidents/not-a-uuid/resolution")
                .then().statusCode(not(equalTo(500)));
        assertThat(status(incident)).isEqualTo("AWAITING_AUTHORIZATION");
    }

    @Test
    void an_undecided_incident_ends_by_itself_once_its_metric_stayed_below_every_tier_for_the_recovery_window() {
        String deployment = deployment();
        String incident = tier2(deployment);

        // each poll reports a healthy sample; the incident ends once the breach is older than the 2 s window
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            as(Api.PUBLISHER).body(signal(deployment, "users_blocked", 0, Instant.now())).post("/api/v1/signals").then().statusCode(202);
            return status(incident).equals("RESOLVED");
        });
        List<String> reasons = as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/events").then().extract().path("data.reason");
        List<String> actors = as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/events").then().extract().path("data.actor");
        assertThat(reasons).contains("METRIC_RECOVERED");
        assertThat(actors).contains("policy:resolution");
    }

    @Test
    void a_breach_inside_the_window_keeps_the_incident_open() {
        String deployment = deployment();
        String incident = tier2(deployment);
        // a tier-3 sample every 300 ms for twice the recovery window: the incident must stay open throughout
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(300)).until(() -> {
            as(Api.PUBLISHER).body(signal(deployment, "users_blocked", 2, Instant.now())).post("/api/v1/signals").then().statusCode(202);
            return status(incident).equals("AWAITING_AUTHORIZATION");
        });
    }

    @Test
    void a_denied_incident_ends_after_its_quiet_period() {
        String incident = tier2(deployment());
        as(Api.TECH_LEAD).body(form("DENY")).post("/api/v1/incidents/" + incident + "/authorizations").then().statusCode(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> status(incident).equals("RESOLVED"));
        List<String> reasons = as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/events").then().extract().path("data.reason");
        assertThat(reasons).contains("QUIET_PERIOD");
    }

    @Test
    void a_lead_schedules_the_post_mortem_meeting_and_hostile_meetings_are_refused_naming_the_field() {
        String incident = tier2(deployment());
        String path = "/api/v1/incidents/" + incident + "/postmortem/meeting";
        String at = Instant.now().plus(Duration.ofDays(1)).toString();

        as(Api.TECH_LEAD).body("{\"meetingAt\":\"" + at + "\",\"location\":\"room 4\"}").post(path).then().statusCode(200)
                .body("events", equalTo(List.of("postmortem.scheduled")));
        List<String> participants = as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/events").then().extract()
                .path("find { it.type == 'dev.rewind.postmortem.scheduled' }.data.participants");
        assertThat(participants).containsExactly("tech-lead", "product-manager", "infrastructure-lead", "qa-lead");
        as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/timeline").then()
                .body("checklist.find { it.item == 'Post-mortem scheduled' }.checked", equalTo(true));

        as(Api.ANALYST).body("{\"meetingAt\":\"" + at + "\"}").post(path).then().statusCode(403);
        record Hostile(String body, String field) {
        }
        for (Hostile hostile : List.of(new Hostile("{}", "meetingAt"),
                new Hostile("{\"meetingAt\":\"tomorrow\"}", "meetingAt"),
                new Hostile("{\"meetingAt\":\"2020-01-01T00:00:00Z\"}", "meetingAt"),
                new Hostile("{\"meetingAt\":\"9999-01-01T00:00:00Z\"}", "meetingAt"),
                new Hostile("{\"meetingAt\":\"" + at + "\",\"durationMinutes\":5}", "durationMinutes"),
                new Hostile("{\"meetingAt\":\"" + at + "\",\"durationMinutes\":100000}", "durationMinutes"),
                new Hostile("{\"meetingAt\":\"" + at + "\",\"participants\":[]}", "participants"),
                new Hostile("{\"meetingAt\":\"" + at + "\",\"participants\":[\"everyone@corp\"]}", "participants"),
                new Hostile("{\"meetingAt\":\"" + at + "\",\"participants\":[null]}", "participants"),
                new Hostile("{\"meetingAt\":\"" + at + "\",\"participants\":\"tech-lead\"}", "participants"),
                new Hostile("{\"meetingAt\":\"" + at + "\",\"location\":\"room 4\\r\\nATTENDEE:mailto:evil@example.com\"}", "location"),
                new Hostile("{\"meetingAt\":\"" + at + "\",\"location\":\"" + "l".repeat(501) + "\"}", "location"),
                new Hostile("{\"meetingAt\":\"" + at + "\",\"organizer\":\"ceo@corp\"}", "organizer"))) {
            var response = as(Api.TECH_LEAD).body(hostile.body()).post(path).then();
            String shown = hostile.body().length() > 80 ? hostile.body().substring(0, 80) + "…" : hostile.body();
            assertThat(response.extract().statusCode()).as(shown).isEqualTo(400);
            assertThat(response.extract().<String>path("field")).as(shown).isEqualTo(hostile.field());
        }
    }
}
