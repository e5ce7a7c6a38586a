package dev.rewind.incident.timeline;

import dev.rewind.events.RewindEvent;

/**
 * One section of the timeline, folded from an incident's events in stream order: it takes the events it tells of and
 * passes over the rest. Each section is its own state, so each is tested alone.
 */
interface SectionFold<S> {

    void apply(RewindEvent event);

    /** The section as it stands after the events applied so far. */
    S section();
}
