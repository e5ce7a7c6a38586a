package dev.rewind.incident.timeline;

import java.util.ArrayList;
import java.util.List;

import dev.rewind.events.NotificationEvent.NotificationDelivered;
import dev.rewind.events.NotificationEvent.NotificationFailed;
import dev.rewind.events.RewindEvent;
import dev.rewind.incident.timeline.Timeline.Notice;

/** Who was told what, on which channel, and whether it arrived. */
final class NoticeFold implements SectionFold<List<Notice>> {
    private final List<Notice> notices = new ArrayList<>();

    @Override
    public void apply(RewindEvent event) {
        if (event instanceof NotificationDelivered delivered) {
            notices.add(new Notice(event.occurredAt(), delivered.channel(), delivered.recipient(), "delivered", delivered.subject(),
                    event.eventId()));
        } else if (event instanceof NotificationFailed failed) {
            notices.add(new Notice(event.occurredAt(), failed.channel(), failed.recipient(), "failed", failed.reason(), event.eventId()));
        }
    }

    @Override
    public List<Notice> section() {
        return List.copyOf(notices);
    }
}
