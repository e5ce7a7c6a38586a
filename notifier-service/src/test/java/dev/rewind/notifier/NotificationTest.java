package dev.rewind.notifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMailUtil;

import dev.rewind.devstack.HttpSink;
import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentEscalated;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.Origin;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.PhaseEvent.RollbackFailed;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Sample;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.events.codec.EventJson;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(NotificationSinks.class)
class NotificationTest {
    static final String ANALYST = TestTokens.token("ana", "analyst");
    static final CloudEventCodec CODEC = new CloudEventCodec("/rewind/test");
    /** The last Wednesday, midnight UTC: within the notifier's event age limit whenever the tests run. */
    static final Instant WEDNESDAY = java.time.LocalDate.now(java.time.ZoneOffset.UTC)
            .with(java.time.temporal.TemporalAdjusters.previous(java.time.DayOfWeek.WEDNESDAY)).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    static final Instant WEDNESDAY_NIGHT_PARIS = WEDNESDAY.plus(Duration.ofHours(2));
    static final Instant WEDNESDAY_NOON_PARIS = WEDNESDAY.plus(Duration.ofHours(11));
    static KafkaTestClient kafka;

    UUID incident;
    static final java.util.Set<UUID> ourIncidents = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /**
     * Every test starts when the previous tests' deliveries (and their retries) are done, so the sinks
     * hear only this one. Only this class's incidents count: the database may hold others' (a benchmark's,
     * whose sinks are gone) still pending.
     */
    @BeforeEach
    void freshIncident() {
        if (!ourIncidents.isEmpty()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                    .call(() -> dev.rewind.notifier.delivery.DeliveryRecord.count("status = ?1 and incidentId in ?2", "PENDING",
                            ourIncidents)) == 0);
        }
        incident = UUID.randomUUID();
        ourIncidents.add(incident);
        NotificationSinks.sinks.http().clear();
    }

    @Test
    void a_tier_one_incident_tells_the_on_call_group_pages_on_call_and_mails_the_stakeholders() throws Exception {
        try (KafkaTestClient.Watch notifications = kafka.watch(Topics.NOTIFICATIONS)) {
            publish(opened(Instant.now()));
            IncidentClassified classified = classified(1, null, Instant.now());
            publish(classified);

            List<Map<String, Object>> log = awaitSettled(7);
            assertThat(log).extracting(d -> d.get("channel") + " " + d.get("recipient")).containsExactlyInAnyOrder(
                    "WEBHOOK audit", "WEBHOOK audit", "CHAT team-chat", "PAGER Olivia Oncall",
                    "MAIL Tess Lead", "MAIL Paula PM", "MAIL Ivan Infra");
            assertThat(log).allSatisfy(d -> assertThat(d.get("status")).isEqualTo("DELIVERED"));

            MimeMessage tess = mailTo("tess@test.example", classified.eventId());
            assertThat(tess.getSubject()).startsWith("CRITICAL: notifier-test-wf v2.0.0");
            assertThat(GreenMailUtil.getBody(tess)).contains("workflow_failure_rate = 0.25", "What to do", incident.toString());

            JsonNode chat = body(only("/chat"));
            assertThat(chat.get("text").asText()).startsWith("@infrastructure-oncall CRITICAL");
            assertThat(chat.get("blocks").get(0).get("type").asText()).isEqualTo("header");
            assertThat(chat.get("blocks").get(1).get("text").get("text").asText()).contains("Tier 1");

            JsonNode page = body(only("/pager"));
            assertThat(page.get("routing_key").asText()).isEqualTo("team-key");
            assertThat(page.get("event_action").asText()).isEqualTo("trigger");
            assertThat(page.get("dedup_key").asText()).isEqualTo(incident.toString());
            assertThat(page.get("payload").get("summary").asText()).startsWith("CRITICAL");

            HttpSink.Received audit = NotificationSinks.sinks.http().received("/audit").stream()
                    .filter(r -> r.body().contains(classified.eventId().toString())).findFirst().orElseThrow();
            assertThat(audit.headers().get("Content-type")).containsExactly("application/cloudevents+json");
            assertThat(body(audit).get("type").asText()).isEqualTo("dev.rewind.incident.classified");
            assertThat(body(audit).get("source").asText()).isEqualTo("/rewind/test");

            notifications.awaitRecord(r -> new String(r.value(), StandardCharsets.UTF_8).contains("notification.delivered")
                    && new String(r.value(), StandardCharsets.UTF_8).contains(classified.eventId().toString()), Duration.ofSeconds(10));
        }
    }

    /** Seen in the demo: the request was read before the opening (another topic) and mailed "roll back unknown ...". */
    @Test
    void an_authorization_request_read_before_its_incidents_opening_still_names_the_deployment() throws Exception {
        AuthorizationRequested request = new AuthorizationRequested(UUID.randomUUID(), incident, Instant.now(), "notifier-test-wf", 2,
                List.of("tech-lead"), "tier 2: workflow_failure_rate > 0.20 for 5m");
        publish(request);
        MimeMessage tess = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> mailTo("tess@test.example", request.eventId()), java.util.Objects::nonNull);
        assertThat(tess.getSubject()).startsWith("AUTHORIZATION NEEDED: roll back notifier-test-wf v");
    }

    /** Seen when a benchmark's sinks had closed: hundreds of due retries held a new incident's page back. */
    @Test
    void a_backlog_of_retries_to_a_slow_endpoint_does_not_hold_back_a_new_incident() throws Exception {
        UUID stale = UUID.randomUUID();
        ourIncidents.add(stale);
        HttpSink.Answer[] slow = new HttpSink.Answer[120];
        java.util.Arrays.fill(slow, HttpSink.Answer.hang(Duration.ofSeconds(3)));
        NotificationSinks.sinks.http().script("/slow-backlog", slow);
        String slowEndpoint = NotificationSinks.sinks.http().url("/slow-backlog");
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 120; i++) {
                dev.rewind.notifier.delivery.DeliveryRecord retry = new dev.rewind.notifier.delivery.DeliveryRecord();
                retry.key = "backlog-" + stale + "-" + i;
                retry.incidentId = stale;
                retry.sourceEventId = UUID.randomUUID();
                retry.eventType = "incident.opened";
                retry.recipient = "audit";
                retry.channel = "WEBHOOK";
                retry.address = slowEndpoint;
                retry.subject = "dev.rewind.incident.opened";
                retry.body = "{}";
                retry.fallbacks = "";
                retry.status = "PENDING";
                retry.attempts = 3;
                retry.nextAttemptAt = Instant.now().minusSeconds(60);
                retry.createdAt = Instant.now().minusSeconds(600);
                retry.persist();
            }
        });
        try {
            publish(classified(1, null, Instant.now()));

            // 120 retries x 3 s on 4 workers take 90 s; the new incident's six go first
            assertThat(awaitSettled(6)).allSatisfy(d -> assertThat(d.get("status")).isEqualTo("DELIVERED"));
        } finally {
            // what is still pending is given up (a worker may be sending one right now: its outcome is then
            // not recorded, and nothing queued is sent), so the backlog does not outlive this test
            io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> dev.rewind.notifier.delivery.DeliveryRecord.update(
                    "status = 'FAILED', lastError = 'test backlog given up', finishedAt = ?1 where incidentId = ?2 and status = 'PENDING'",
                    Instant.now(), stale));
            ourIncidents.remove(stale);
        }
    }

    @Test
    void a_redelivered_event_sends_nothing_twice() throws Exception {
        IncidentClassified classified = classified(1, null, Instant.now());
        publish(classified);
        awaitSettled(6);
        publish(classified);
        publish(classified);
        RewindEvent marker = escalated("tech-lead", 2, Instant.now());
        publish(marker);
        awaitSettled(8);
        assertThat(mailsAbout(classified.eventId())).hasSize(3);
        assertThat(ours("/pager")).hasSize(2);
        assertThat(deliveries()).filteredOn(d -> d.get("sourceEventId").equals(classified.eventId().toString())).hasSize(6);
    }

    @Test
    void repeated_classification_at_the_same_tier_does_not_page_again_and_an_escalation_to_someone_paged_becomes_mail() {
        publish(classified(2, null, Instant.now()));
        publish(classified(2, 2, Instant.now()));
        publish(escalated("senior-oncall", 1, Instant.now()));
        List<Map<String, Object>> log = awaitSettled(9);
        assertThat(log).filteredOn(d -> "PAGER".equals(d.get("channel"))).hasSize(1);
        assertThat(log).filteredOn(d -> "incident.escalated".equals(d.get("eventType")))
                .extracting(d -> d.get("channel") + " " + d.get("recipient")).containsExactlyInAnyOrder("MAIL Olivia Oncall", "WEBHOOK audit");
    }

    @Test
    void business_hours_people_are_mailed_at_night_and_paged_by_day_unless_tier_one() {
        publish(classified(2, null, WEDNESDAY_NIGHT_PARIS));
        RewindEvent night = escalated("product-manager", 3, WEDNESDAY_NIGHT_PARIS);
        RewindEvent day = escalated("product-manager", 3, WEDNESDAY_NOON_PARIS);
        publish(night);
        publish(day);
        List<Map<String, Object>> log = awaitSettled(10);
        assertThat(channelFor(log, night.eventId(), "Paula PM")).isEqualTo("MAIL");
        assertThat(channelFor(log, day.eventId(), "Paula PM")).isEqualTo("PAGER");
    }

    @Test
    void a_broken_operator_template_still_sends_a_plain_message() throws Exception {
        RewindEvent escalation = escalated("tech-lead", 2, Instant.now());
        publish(escalation);
        Map<String, Object> page = awaitSettled(2).stream().filter(d -> "PAGER".equals(d.get("channel"))).findFirst().orElseThrow();
        assertThat((String) page.get("subject")).startsWith("[Rewind] incident.escalated");
        assertThat(body(only("/pager")).get("payload").get("custom_details").get("message").asText()).contains(incident.toString());
    }

    @Test
    void a_webhook_that_fails_then_asks_to_wait_is_retried_after_the_wait() {
        NotificationSinks.sinks.http().script("/chat", HttpSink.Answer.status(500), HttpSink.Answer.retryAfter(429, "2"));
        publish(authorized(Instant.now()));
        Map<String, Object> chat = awaitSettled(5).stream().filter(d -> "CHAT".equals(d.get("channel"))).findFirst().orElseThrow();
        assertThat(chat.get("status")).isEqualTo("DELIVERED");
        assertThat(chat.get("attempts")).isEqualTo(3);
        List<Map<String, Object>> history = history(chat);
        assertThat(history).extracting(a -> a.get("outcome")).containsExactly("RETRY", "RETRY", "DELIVERED");
        assertThat((String) history.get(0).get("detail")).contains("HTTP 500");
        assertThat((String) history.get(1).get("detail")).contains("HTTP 429");
        Duration waited = Duration.between(Instant.parse((String) history.get(1).get("startedAt")),
                Instant.parse((String) history.get(2).get("startedAt")));
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(ours("/chat")).hasSize(3);
    }

    @Test
    void a_page_refused_for_good_becomes_notification_failed_and_falls_back_to_the_persons_next_channel() {
        NotificationSinks.sinks.http().script("/pager", HttpSink.Answer.status(400));
        try (KafkaTestClient.Watch notifications = kafka.watch(Topics.NOTIFICATIONS)) {
            publish(classified(1, null, Instant.now()));
            List<Map<String, Object>> log = awaitSettled(7);
            Map<String, Object> page = log.stream().filter(d -> "PAGER".equals(d.get("channel"))).findFirst().orElseThrow();
            assertThat(page.get("status")).isEqualTo("FAILED");
            assertThat(page.get("attempts")).isEqualTo(1);
            assertThat((String) page.get("lastError")).contains("HTTP 400");
            assertThat(log).filteredOn(d -> "Olivia Oncall".equals(d.get("recipient")) && "CHAT".equals(d.get("channel")))
                    .singleElement().satisfies(d -> assertThat(d.get("status")).isEqualTo("DELIVERED"));
            assertThat(ours("/chat")).anySatisfy(r -> assertThat(r.body()).contains("@olivia"));
            notifications.awaitRecord(r -> {
                String json = new String(r.value(), StandardCharsets.UTF_8);
                return json.contains("notification.failed") && json.contains(incident.toString()) && json.contains("HTTP 400");
            }, Duration.ofSeconds(10));
        }
    }

    @Test
    void mail_waits_out_an_smtp_outage() throws Exception {
        NotificationSinks.sinks.stopMail();
        RollbackAuthorized authorized = authorized(Instant.now());
        publish(authorized);
        await().atMost(Duration.ofSeconds(15)).until(() -> deliveries().stream()
                .anyMatch(d -> "MAIL".equals(d.get("channel")) && ((Integer) d.get("attempts")) >= 1));
        NotificationSinks.sinks.startMail();
        List<Map<String, Object>> log = awaitSettled(5);
        assertThat(log).filteredOn(d -> "MAIL".equals(d.get("channel")))
                .allSatisfy(d -> assertThat(d.get("status")).isEqualTo("DELIVERED"))
                .anySatisfy(d -> assertThat((Integer) d.get("attempts")).isGreaterThan(1));
        assertThat(mailsAbout(authorized.eventId())).hasSize(3);
        assertThat(mailTo("pm@test.example", authorized.eventId()).getSubject())
                .isEqualTo("URGENT: notifier-test-wf v2.0.0 Rollback in Progress");
    }

    @Test
    void rollback_done_gives_users_the_all_clear_and_resolves_the_page() throws Exception {
        publish(opened(Instant.now()));
        publish(classified(1, null, Instant.now()));
        awaitSettled(7);
        RollbackCompleted completed = new RollbackCompleted(UUID.randomUUID(), incident, Instant.now(), "notifier-test-wf",
                "2.0.0", "1.0.0", 95_000, "/backups/broken.tar.gz");
        publish(completed);
        List<Map<String, Object>> log = awaitSettled(11);
        assertThat(log).filteredOn(d -> "rollback.completed".equals(d.get("eventType")))
                .extracting(d -> d.get("channel") + " " + d.get("recipient") + " " + d.get("pagerAction"))
                .containsExactlyInAnyOrder("MAIL users@test.example null", "CHAT team-chat null", "PAGER Olivia Oncall RESOLVE",
                        "WEBHOOK audit null");
        MimeMessage allClear = mailTo("users@test.example", completed.eventId());
        assertThat(allClear.getSubject()).isEqualTo("ROLLBACK COMPLETE - notifier-test-wf Restored");
        assertThat(GreenMailUtil.getBody(allClear)).contains("rolled back to version 1.0.0", "Rollback Duration: 2 minutes",
                "Support: Contact support@test.example");
        JsonNode resolve = body(ours("/pager").get(1));
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText()).isEqualTo(incident.toString());
    }

    @Test
    void a_resolved_incident_tells_the_stakeholders_why_it_ended() throws Exception {
        var resolved = new dev.rewind.events.IncidentEvent.IncidentResolved(UUID.randomUUID(), incident, Instant.now(),
                dev.rewind.events.ResolutionReason.STAY_ON_VERSION, "fix forward in 2.0.1", null, "tess", "tech-lead", null);
        publish(resolved);

        List<Map<String, Object>> log = awaitSettled(4);
        assertThat(log).extracting(d -> d.get("channel") + " " + d.get("recipient") + " " + d.get("status")).containsExactlyInAnyOrder(
                "MAIL Tess Lead DELIVERED", "MAIL Ivan Infra DELIVERED", "MAIL Paula PM DELIVERED", "WEBHOOK audit DELIVERED");
        MimeMessage paula = mailTo("pm@test.example", resolved.eventId());
        assertThat(paula.getSubject()).endsWith("— STAY_ON_VERSION");
        assertThat(GreenMailUtil.getBody(paula)).contains("Why: STAY_ON_VERSION (fix forward in 2.0.1)", "By: tess (tech-lead)");
    }

    @Test
    void a_hotfix_watch_tells_the_stakeholders_when_it_starts_and_how_it_ended() throws Exception {
        Instant start = Instant.now();
        var started = new dev.rewind.events.IncidentEvent.HeightenedMonitoringStarted(UUID.randomUUID(), incident, start,
                "notifier-test-wf", "2.0.1", start.plus(Duration.ofHours(24)), 0.5, 0.25);
        publish(started);
        awaitSettled(5);
        MimeMessage paula = mailTo("pm@test.example", started.eventId());
        assertThat(paula.getSubject()).startsWith("Heightened monitoring: notifier-test-wf v2.0.1 until ");
        assertThat(String.valueOf(paula.getContent())).contains("thresholds scaled by 0.5", "windows scaled by 0.25");

        UUID relapse = UUID.randomUUID();
        var ended = new dev.rewind.events.IncidentEvent.HeightenedMonitoringEnded(UUID.randomUUID(), incident, Instant.now(),
                "notifier-test-wf", "2.0.1", start, dev.rewind.events.HeightenedOutcome.BREACHED, List.of(relapse));
        publish(ended);
        List<Map<String, Object>> log = awaitSettled(10);
        assertThat(log).extracting(d -> d.get("channel") + " " + d.get("recipient") + " " + d.get("status")).contains(
                "CHAT team-chat DELIVERED", "MAIL Tess Lead DELIVERED", "MAIL Ivan Infra DELIVERED", "MAIL Paula PM DELIVERED", "WEBHOOK audit DELIVERED");
        MimeMessage tess = mailTo("tess@test.example", ended.eventId());
        assertThat(tess.getSubject()).endsWith("— BREACHED");
        assertThat(String.valueOf(tess.getContent())).contains("incidents opened meanwhile: " + relapse);
    }

    @Test
    void a_scheduled_post_mortem_mails_each_invited_person_an_icalendar_invitation() throws Exception {
        Instant meeting = Instant.now().plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var scheduled = new dev.rewind.events.IncidentEvent.PostmortemScheduled(UUID.randomUUID(), incident, Instant.now(), meeting, 90,
                List.of("tech-lead", "infrastructure-lead"), "Room 4; floor 2, \\east wing — https://meet.example/rewind?x=1,2",
                "alice", "tech-lead", null);
        publish(scheduled);

        List<Map<String, Object>> log = awaitSettled(3);
        assertThat(log).extracting(d -> d.get("channel") + " " + d.get("recipient") + " " + d.get("status"))
                .containsExactlyInAnyOrder("MAIL Tess Lead DELIVERED", "MAIL Ivan Infra DELIVERED", "WEBHOOK audit DELIVERED");
        MimeMessage tess = mailTo("tess@test.example", scheduled.eventId());
        assertThat(tess.getSubject()).startsWith("Post-mortem: ");
        jakarta.mail.Multipart parts = (jakarta.mail.Multipart) tess.getContent();
        String ics = null;
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).getContentType().toLowerCase(java.util.Locale.ROOT).startsWith("text/calendar")) {
                ics = new String(parts.getBodyPart(i).getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        assertThat(ics).as("the invitation is attached").isNotNull();
        String unfolded = ics.replace("\r\n ", "");
        assertThat(unfolded).contains("METHOD:REQUEST", "UID:postmortem-" + incident + "@rewind",
                "DTSTART:" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(meeting),
                "DURATION:PT90M", "mailto:tess@test.example", "mailto:ivan@test.example", "RSVP=TRUE",
                "LOCATION:Room 4\\; floor 2\\, \\\\east wing — https://meet.example/rewind?x=1\\,2");
        assertThat(ics.split("\r\n")).allSatisfy(line -> assertThat(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(75));
        assertThat(GreenMailUtil.getBody(tess)).contains("When: " + meeting, "Participants: tech-lead, infrastructure-lead");
    }

    @Test
    void a_page_read_after_its_rollback_completed_is_triggered_then_resolved() throws Exception {
        // the topics are read by separate loops: the end of a fast rollback can be read before its classification
        publish(new RollbackCompleted(UUID.randomUUID(), incident, Instant.now(), "notifier-test-wf", "2.0.0", "1.0.0", 9_000,
                "/backups/broken.tar.gz"));
        awaitSettled(3);
        publish(classified(1, null, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ours("/pager")).hasSize(2));
        assertThat(ours("/pager")).extracting(r -> body(r).get("event_action").asText()).containsExactly("trigger", "resolve");
        assertThat(body(ours("/pager").get(1)).get("dedup_key").asText()).isEqualTo(incident.toString());
    }

    @Test
    void a_failed_rollback_pages_both_leads_with_the_failed_checks() throws Exception {
        publish(new RollbackFailed(UUID.randomUUID(), incident, Instant.now(), "notifier-test-wf", "verification FAILED",
                List.of("Required files: steps/step-01.md", "Version: config.yaml")));
        List<Map<String, Object>> log = awaitSettled(3);
        assertThat(log).filteredOn(d -> "PAGER".equals(d.get("channel"))).extracting(d -> d.get("recipient"))
                .containsExactlyInAnyOrder("Tess Lead", "Ivan Infra");
        assertThat(ours("/pager")).extracting(r -> body(r).get("routing_key").asText())
                .containsExactlyInAnyOrder("team-key", "ivan-key");
        assertThat(body(ours("/pager").get(0)).get("payload").get("custom_details").get("message").asText())
                .contains("- Required files: steps/step-01.md", "revert");
    }

    @Test
    void a_late_event_still_pages_saying_how_late_it_is_but_mails_and_chats_nobody() {
        IncidentClassified late = classified(1, null, Instant.now().minus(Duration.ofDays(40)));
        publish(late);
        RewindEvent fresh = escalated("tech-lead", 2, Instant.now());
        publish(fresh);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<Map<String, Object>> log = deliveries();
            return log.stream().filter(d -> fresh.eventId().toString().equals(d.get("sourceEventId"))).count() == 2
                    && log.stream().anyMatch(d -> late.eventId().toString().equals(d.get("sourceEventId")))
                    && log.stream().noneMatch(d -> "PENDING".equals(d.get("status")));
        });
        List<Map<String, Object>> ofLate = deliveries().stream()
                .filter(d -> late.eventId().toString().equals(d.get("sourceEventId"))).toList();
        assertThat(ofLate).isNotEmpty().allSatisfy(d -> {
            assertThat(d.get("channel")).isEqualTo("PAGER");
            assertThat((String) d.get("subject")).startsWith("[LATE by 57600 min] ");
        });
        assertThat(mailsAbout(late.eventId())).isEmpty();
    }

    @Test
    void the_delivery_log_needs_a_token_and_a_proper_incident_id() {
        given().get("/api/v1/notifications?incident=" + incident).then().statusCode(401);
        given().auth().oauth2(ANALYST).get("/api/v1/notifications?incident=nope").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(ANALYST).get("/api/v1/notifications?incident=" + incident).then().statusCode(200);
    }

    // --- helpers

    IncidentOpened opened(Instant at) {
        return new IncidentOpened(UUID.randomUUID(), incident, at, "notifier-test-wf", "2.0.0", Origin.SIGNAL, null, null, "signal");
    }

    IncidentClassified classified(int tier, Integer previous, Instant at) {
        return new IncidentClassified(UUID.randomUUID(), incident, at, tier, previous, "tier " + tier + ": workflow_failure_rate > 0.20 for 5m",
                "workflow_failure_rate", 300, List.of(new Sample(0.25, at.minusSeconds(300)), new Sample(0.25, at)));
    }

    IncidentEscalated escalated(String role, int level, Instant at) {
        return new IncidentEscalated(UUID.randomUUID(), incident, at, level, role, "no acknowledgement");
    }

    RollbackAuthorized authorized(Instant at) {
        return new RollbackAuthorized(UUID.randomUUID(), incident, at, "notifier-test-wf", "2.0.0", "1.0.0", "policy", "tier 1");
    }

    void publish(RewindEvent event) {
        kafka.send(CODEC.toRecord(event));
    }

    List<Map<String, Object>> deliveries() {
        JsonPath json = given().auth().oauth2(ANALYST).get("/api/v1/notifications?incident=" + incident)
                .then().statusCode(200).extract().jsonPath();
        return json.getList("$");
    }

    /** Waits until exactly this many deliveries exist for the incident and none is pending. */
    List<Map<String, Object>> awaitSettled(int count) {
        try {
            // 60 s: on a loaded machine GreenMail has let an SMTP send time out (10 s) twice in a row; the retry then delivers
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                List<Map<String, Object>> log = deliveries();
                return log.size() >= count && log.stream().noneMatch(d -> "PENDING".equals(d.get("status")));
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not settled at " + count + " deliveries: " + deliveries(), e);
        }
        List<Map<String, Object>> log = deliveries();
        assertThat(log).hasSize(count);
        return log;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> history(Map<String, Object> delivery) {
        return (List<Map<String, Object>>) delivery.get("history");
    }

    static String channelFor(List<Map<String, Object>> log, UUID sourceEvent, String recipient) {
        return log.stream().filter(d -> sourceEvent.toString().equals(d.get("sourceEventId")) && recipient.equals(d.get("recipient")))
                .map(d -> (String) d.get("channel")).findFirst().orElseThrow();
    }

    List<MimeMessage> mailsAbout(UUID sourceEvent) {
        return NotificationSinks.sinks.mailsAbout(sourceEvent);
    }

    MimeMessage mailTo(String address, UUID sourceEvent) {
        return mailsAbout(sourceEvent).stream().filter(NotificationSinks.sinks.mailsTo(address)::contains).findFirst()
                .orElseThrow(() -> new AssertionError("no mail to " + address + " about " + sourceEvent));
    }

    /** What the sink received for this test's incident (late retries of other tests' messages are not ours). */
    List<HttpSink.Received> ours(String path) {
        return NotificationSinks.sinks.http().received(path).stream().filter(r -> r.body().contains(incident.toString())).toList();
    }

    HttpSink.Received only(String path) {
        List<HttpSink.Received> received = ours(path);
        assertThat(received).hasSize(1);
        return received.get(0);
    }

    static JsonNode body(HttpSink.Received received) {
        try {
            return EventJson.MAPPER.readTree(received.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
