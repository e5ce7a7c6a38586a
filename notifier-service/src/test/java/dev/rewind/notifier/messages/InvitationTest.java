package dev.rewind.notifier.messages;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;

import dev.rewind.events.IncidentEvent.PostmortemScheduled;
import dev.rewind.notifier.contacts.Availability;
import dev.rewind.notifier.contacts.Person;

import static org.assertj.core.api.Assertions.assertThat;

/** The invitation as a calendar program reads it back: parsed again, every value intact, lines folded at 75 octets. */
class InvitationTest {
    static final UUID INCIDENT = UUID.fromString("00000000-0000-4000-8000-000000000001");

    @Test
    void the_invitation_reads_back_whole_with_hostile_text_escaped_and_folded() {
        String location = "Room 4; floor 2, \\east wing — " + "https://meet.example/" + "x".repeat(120);
        PostmortemScheduled scheduled = new PostmortemScheduled(UUID.randomUUID(), INCIDENT, Instant.parse("2026-12-07T10:00:00Z"),
                Instant.parse("2026-12-09T14:00:00Z"), 90, List.of("tech-lead", "qa-lead"), location, "alice", "tech-lead", null);
        List<Person> invited = List.of(person("Tess Lead", "tess@test.example"), person("Quinn, QA; \"lead\"", "quinn@test.example"),
                person("No Mail", null));

        String ics = Invitation.ics(scheduled, "Post-mortem: wf v2.0.0", "Line one\nLine two, with; marks", invited, "rewind@test.example");

        assertThat(ics.split("\r\n")).allSatisfy(line -> assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75));
        ICalendar read = Biweekly.parse(ics).first();
        assertThat(read.getMethod().getValue()).isEqualTo("REQUEST");
        VEvent meeting = read.getEvents().get(0);
        assertThat(meeting.getUid().getValue()).isEqualTo("postmortem-" + INCIDENT + "@rewind");
        assertThat(meeting.getDateStart().getValue().toInstant()).isEqualTo(Instant.parse("2026-12-09T14:00:00Z"));
        assertThat(meeting.getDuration().getValue().toMillis()).isEqualTo(90 * 60_000L);
        assertThat(meeting.getLocation().getValue()).isEqualTo(location);
        assertThat(meeting.getDescription().getValue()).isEqualTo("Line one\nLine two, with; marks");
        assertThat(meeting.getOrganizer().getEmail()).isEqualTo("rewind@test.example");
        assertThat(meeting.getAttendees()).extracting(a -> a.getCommonName() + " <" + a.getEmail() + ">")
                .containsExactly("Tess Lead <tess@test.example>", "Quinn, QA; 'lead' <quinn@test.example>");
    }

    @Test
    void a_later_schedule_of_the_same_incident_is_the_same_event_with_a_higher_sequence() {
        PostmortemScheduled first = new PostmortemScheduled(UUID.randomUUID(), INCIDENT, Instant.parse("2026-12-07T10:00:00Z"),
                Instant.parse("2026-12-09T14:00:00Z"), 60, List.of("tech-lead"), null, "alice", "tech-lead", null);
        PostmortemScheduled moved = new PostmortemScheduled(UUID.randomUUID(), INCIDENT, Instant.parse("2026-12-08T09:30:00Z"),
                Instant.parse("2026-12-10T14:00:00Z"), 60, List.of("tech-lead"), null, "alice", "tech-lead", null);

        VEvent a = Biweekly.parse(Invitation.ics(first, "s", "d", List.of(), "r@x")).first().getEvents().get(0);
        VEvent b = Biweekly.parse(Invitation.ics(moved, "s", "d", List.of(), "r@x")).first().getEvents().get(0);

        assertThat(b.getUid().getValue()).isEqualTo(a.getUid().getValue());
        assertThat(b.getSequence().getValue()).isGreaterThan(a.getSequence().getValue());
    }

    private static Person person(String name, String email) {
        return new Person(name, Set.of("tech-lead"), email, null, null, null, null);
    }
}
