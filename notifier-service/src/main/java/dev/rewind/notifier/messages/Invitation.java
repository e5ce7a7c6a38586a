package dev.rewind.notifier.messages;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import biweekly.ICalVersion;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.io.text.ICalWriter;
import biweekly.parameter.ParticipationLevel;
import biweekly.property.Attendee;
import biweekly.property.Method;
import biweekly.property.Organizer;
import biweekly.util.Duration;

import dev.rewind.events.IncidentEvent.PostmortemScheduled;
import dev.rewind.notifier.contacts.Person;

/**
 * The post-mortem meeting as an iCalendar (RFC 5545) {@code METHOD:REQUEST} invitation, written by biweekly: one event
 * per incident ({@code UID}), rescheduled by a later {@code postmortem.scheduled} ({@code SEQUENCE} grows with its time),
 * every invited person with an email address an attendee.
 */
public final class Invitation {
    private static final Instant SEQUENCE_EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private Invitation() {
    }

    public static String ics(PostmortemScheduled scheduled, String summary, String description, List<Person> invited, String organizerEmail) {
        VEvent meeting = new VEvent();
        meeting.setUid("postmortem-" + scheduled.incidentId() + "@rewind");
        meeting.setSequence((int) Math.max(0, (scheduled.occurredAt().getEpochSecond() - SEQUENCE_EPOCH.getEpochSecond()) / 60));
        meeting.setDateStart(Date.from(scheduled.meetingAt()));
        meeting.setDuration(Duration.builder().minutes(scheduled.durationMinutes()).build());
        meeting.setSummary(summary);
        meeting.setDescription(description);
        if (scheduled.location() != null) {
            meeting.setLocation(scheduled.location());
        }
        meeting.setOrganizer(new Organizer(commonName(scheduled.actor()), organizerEmail));
        for (Person person : invited) {
            if (person.email() != null) {
                Attendee attendee = new Attendee(commonName(person.name()), person.email());
                attendee.setParticipationLevel(ParticipationLevel.REQUIRED);
                attendee.setRsvp(true);
                meeting.addAttendee(attendee);
            }
        }
        ICalendar calendar = new ICalendar();
        calendar.setProductId("-//Rewind//post-mortem//EN");
        calendar.setMethod(Method.request());
        calendar.addEvent(meeting);
        return write(calendar);
    }

    /**
     * RFC 5545 folds lines at 75 octets; biweekly folds at 75 characters, so text beyond ASCII is folded at 25 (a
     * character is at most 3 octets, a surrogate pair 4 for its 2).
     */
    private static String write(ICalendar calendar) {
        String folded = write(calendar, 75);
        return folded.chars().allMatch(c -> c < 0x80) ? folded : write(calendar, 25);
    }

    private static String write(ICalendar calendar, int lineLength) {
        StringWriter text = new StringWriter();
        try (ICalWriter writer = new ICalWriter(text, ICalVersion.V2_0)) {
            writer.getVObjectWriter().getFoldedLineWriter().setLineLength(lineLength);
            writer.write(calendar);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** A name as a parameter value ({@code CN}) may hold it: RFC 5545 has no escape for a double quote or a line break. */
    static String commonName(String name) {
        return name.replace('"', '\'').replaceAll("[\\r\\n]+", " ");
    }
}
