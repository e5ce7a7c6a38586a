package dev.rewind.events;

import java.time.Instant;
import java.util.UUID;

import static dev.rewind.events.Require.envelope;
import static dev.rewind.events.Require.optionalText;
import static dev.rewind.events.Require.positive;
import static dev.rewind.events.Require.present;
import static dev.rewind.events.Require.text;

/** The delivery log of messages to people, published by notifier-service on {@link Topics#NOTIFICATIONS}. */
public sealed interface NotificationEvent extends RewindEvent {

    record NotificationDelivered(UUID eventId, UUID incidentId, Instant occurredAt, UUID sourceEventId, Channel channel,
                                 String recipient, String subject, int attempts) implements NotificationEvent {
        public NotificationDelivered {
            envelope(eventId, incidentId, occurredAt);
            present(sourceEventId, "sourceEventId");
            present(channel, "channel");
            text(recipient, "recipient");
            optionalText(subject, "subject", Require.MAX_TEXT);
            positive(attempts, "attempts");
        }
    }

    record NotificationFailed(UUID eventId, UUID incidentId, Instant occurredAt, UUID sourceEventId, Channel channel,
                              String recipient, String reason, int attempts) implements NotificationEvent {
        public NotificationFailed {
            envelope(eventId, incidentId, occurredAt);
            present(sourceEventId, "sourceEventId");
            present(channel, "channel");
            text(recipient, "recipient");
            text(reason, "reason");
            positive(attempts, "attempts");
        }
    }
}
