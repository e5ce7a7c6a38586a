package dev.rewind.notifier.routing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.Channel;
import dev.rewind.events.IncidentEvent.IncidentAcknowledged;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentEscalated;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.IncidentEvent.IncidentResolved;
import dev.rewind.events.ResolutionReason;
import dev.rewind.events.Origin;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.notifier.contacts.Contacts;
import dev.rewind.notifier.contacts.ContactsFile;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {
    static final UUID INCIDENT = UUID.randomUUID();
    static final Instant NIGHT = Instant.parse("2026-11-25T02:00:00Z");
    static final Contacts CONTACTS = ContactsFile.parse("contacts.yaml", """
            people:
              - { name: Olivia, roles: [senior-oncall], email: o@example.com, chat: "@olivia" }
              - { name: Tess, roles: [tech-lead, senior-oncall], email: t@example.com }
              - { name: Paula, roles: [product-manager], email: p@example.com,
                  availability: { hours: "09:00-17:00", zone: Europe/Paris } }
              - { name: Quinn, roles: [qa-lead], chat: "@quinn" }
            channels:
              chat: { url: "https://chat.example.com/h", mention: "@infrastructure-oncall" }
              mail: {}
              pager: { url: "https://pager.example.com/v2/enqueue", routingKey: k }
            """, Map.<String, String>of()::get);
    final Router router = new Router(CONTACTS);

    static List<String> summary(List<PlannedDelivery> plan) {
        return plan.stream().map(p -> p.channel() + " " + p.recipient() + " " + p.fallbacks()).toList();
    }

    @Test
    void a_tier_two_alert_at_night_tells_each_person_once_and_mails_who_is_off_hours() {
        var classified = new IncidentClassified(UUID.randomUUID(), INCIDENT, NIGHT, 2, null, "r", "m", 300, List.of());
        assertThat(summary(router.route(classified, null, Set.of()))).containsExactly(
                "CHAT team-chat []", "PAGER Olivia [CHAT, MAIL]", "PAGER Tess [MAIL]", "MAIL Paula []");
    }

    @Test
    void tier_one_pages_even_off_hours_people() {
        var escalated = new IncidentEscalated(UUID.randomUUID(), INCIDENT, NIGHT, 3, "product-manager", null);
        assertThat(summary(router.route(escalated, 1, Set.of()))).containsExactly("PAGER Paula [MAIL]");
        assertThat(summary(router.route(escalated, 2, Set.of()))).containsExactly("MAIL Paula []");
    }

    @Test
    void a_page_read_after_the_rollback_already_completed_is_resolved_with_it() {
        var classified = new IncidentClassified(UUID.randomUUID(), INCIDENT, NIGHT, 2, null, "r", "m", 300, List.of());
        assertThat(router.route(classified, null, Set.of(), true).stream()
                .filter(p -> p.channel() == Channel.PAGER).map(p -> p.recipient() + " " + p.pagerAction()).toList())
                .containsExactly("Olivia TRIGGER", "Olivia RESOLVE", "Tess TRIGGER", "Tess RESOLVE");
        assertThat(router.route(classified, null, Set.of(), false).stream().map(PlannedDelivery::pagerAction))
                .doesNotContain(PlannedDelivery.PagerAction.RESOLVE);
    }

    @Test
    void an_acknowledgement_acknowledges_the_pages_of_the_acknowledgers_role_only() {
        var acknowledged = new IncidentAcknowledged(UUID.randomUUID(), INCIDENT, NIGHT, "olivia", "senior-oncall");
        assertThat(router.route(acknowledged, 2, Set.of("Olivia", "Paula")).stream()
                .map(p -> p.recipient() + " " + p.pagerAction()).toList()).containsExactly("Olivia ACKNOWLEDGE");

        var byLead = new IncidentAcknowledged(UUID.randomUUID(), INCIDENT, NIGHT, "tess", "tech-lead");
        assertThat(router.route(byLead, 2, Set.of("Olivia", "Tess")).stream()
                .map(p -> p.recipient() + " " + p.pagerAction()).toList()).containsExactly("Tess ACKNOWLEDGE");
    }

    @Test
    void someone_with_an_open_page_is_not_paged_again() {
        var escalated = new IncidentEscalated(UUID.randomUUID(), INCIDENT, NIGHT, 1, "senior-oncall", null);
        assertThat(summary(router.route(escalated, 1, Set.of("Olivia")))).containsExactly("MAIL Olivia [CHAT]", "PAGER Tess [MAIL]");
    }

    @Test
    void a_lower_or_equal_tier_and_signal_opened_incidents_alert_nobody_but_a_manual_incident_does() {
        assertThat(router.route(new IncidentClassified(UUID.randomUUID(), INCIDENT, NIGHT, 2, 1, "r", "m", 300, List.of()), 1, Set.of())).isEmpty();
        assertThat(router.route(new IncidentClassified(UUID.randomUUID(), INCIDENT, NIGHT, 3, null, "r", "m", 300, List.of()), null, Set.of())).isEmpty();
        assertThat(router.route(new IncidentOpened(UUID.randomUUID(), INCIDENT, NIGHT, "d", "2", Origin.SIGNAL, null, null, "x"), null, Set.of())).isEmpty();
        assertThat(router.route(new IncidentOpened(UUID.randomUUID(), INCIDENT, NIGHT, "d", "2", Origin.USER_REPORT, null, "users report", "x"), null, Set.of()))
                .isNotEmpty();
        assertThat(router.route(new StepCompleted(UUID.randomUUID(), INCIDENT, NIGHT, 1, "1.2", "diag", 5, Map.of()), 1, Set.of())).isEmpty();
    }

    @Test
    void authorization_requests_go_to_the_required_roles_by_mail_with_chat_as_fallback() {
        var requested = new AuthorizationRequested(UUID.randomUUID(), INCIDENT, NIGHT, "d", 2, List.of("tech-lead", "qa-lead"), "tier 2");
        assertThat(summary(router.route(requested, 2, Set.of()))).containsExactly("MAIL Tess []", "CHAT Quinn []");
    }

    @Test
    void a_resolved_incident_resolves_the_open_pages_and_tells_the_other_stakeholders_by_mail() {
        var resolved = new IncidentResolved(UUID.randomUUID(), INCIDENT, NIGHT, ResolutionReason.STAY_ON_VERSION, "fix forward", null,
                "tess", "tech-lead", null);
        assertThat(router.route(resolved, 2, Set.of("Tess")).stream().map(p -> p.channel() + " " + p.recipient() + " " + p.pagerAction())
                .toList()).containsExactly("PAGER Tess RESOLVE", "MAIL Paula null");
    }

    @Test
    void the_stakeholders_and_the_team_chat_hear_when_a_hotfix_is_watched_and_how_the_watch_ended() {
        var started = new dev.rewind.events.IncidentEvent.HeightenedMonitoringStarted(UUID.randomUUID(), INCIDENT, NIGHT, "wf", "2.0.1",
                NIGHT.plusSeconds(86400), 0.5, 0.5);
        var ended = new dev.rewind.events.IncidentEvent.HeightenedMonitoringEnded(UUID.randomUUID(), INCIDENT, NIGHT.plusSeconds(86400),
                "wf", "2.0.1", NIGHT, dev.rewind.events.HeightenedOutcome.PASSED, java.util.List.of());
        for (var event : java.util.List.of(started, ended)) {
            assertThat(router.route(event, null, Set.of()).stream().map(p -> p.channel() + " " + p.recipient() + " " + p.template())
                    .toList()).containsExactly("CHAT team-chat " + event.type().shortName().replace('.', '-'),
                            "MAIL Tess " + event.type().shortName().replace('.', '-'), "MAIL Paula " + event.type().shortName().replace('.', '-'));
        }
    }
}
