package dev.rewind.executor.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import dev.rewind.events.PhaseEvent.CommandRefused;
import dev.rewind.events.Require;
import dev.rewind.platform.messaging.UnprovenRecord;
import dev.rewind.platform.outbox.Outbox;

/**
 * A command the executor refused as unproven becomes a {@code command.refused} in the incident's stream, so the
 * incident's timeline shows that someone wrote a forged command. Its event id is derived from where the record was
 * read, so a retried refusal is announced once.
 */
@ApplicationScoped
public class UnprovenCommands {
    private final Outbox outbox;

    public UnprovenCommands(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional
    void record(@Observes UnprovenRecord refused) {
        if (refused.incidentId() == null) {
            return;
        }
        UUID eventId = UUID.nameUUIDFromBytes(("command.refused " + refused.origin()).getBytes(StandardCharsets.UTF_8));
        outbox.enqueue(new CommandRefused(eventId, refused.incidentId(), Instant.now(), refused.topic(), refused.origin(),
                refused.type(), refused.eventId(), Require.clip(refused.reason(), Require.MAX_TEXT)));
    }
}
