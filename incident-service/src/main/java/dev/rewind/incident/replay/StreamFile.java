package dev.rewind.incident.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rewind.events.EventType;
import dev.rewind.events.InvalidEventException;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.events.codec.EventJson;

/**
 * An incident's stream as a JSON Lines file: one structured CloudEvent per line, exactly as
 * {@code GET /api/v1/incidents/{id}/events} serves it (with its store {@code position}).
 */
public final class StreamFile {

    private StreamFile() {
    }

    public static List<RewindEvent> read(Path file) throws IOException {
        List<RewindEvent> events = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(event(EventJson.parseObject(line.getBytes(StandardCharsets.UTF_8))));
                } catch (InvalidEventException | IllegalArgumentException | DateTimeException e) {
                    throw new IOException(file + ":" + number + ": " + e.getMessage(), e);
                }
            }
        }
        return events;
    }

    /**
     * One structured CloudEvent of our own export, read straight from its JSON tree (the envelope fields
     * and the data object, as the event store keeps them) rather than through the SDK: a replay of
     * 100,000 events is then bound by JSON parsing, not by the envelope's round trips.
     */
    static RewindEvent event(ObjectNode json) {
        if (!"1.0".equals(json.path("specversion").asText())) {
            throw new InvalidEventException("specversion", "must be 1.0");
        }
        EventType type = EventType.fromWireName(json.path("type").asText())
                .orElseThrow(() -> new InvalidEventException("type", "is not a Rewind event type: " + json.path("type").asText()));
        if (!(json.get("data") instanceof ObjectNode data)) {
            throw new InvalidEventException("data", "must be a JSON object");
        }
        return CloudEventCodec.fromStored(type, UUID.fromString(json.path("id").asText()), UUID.fromString(json.path("subject").asText()),
                OffsetDateTime.parse(json.path("time").asText()).toInstant(), data);
    }

    /** Appends the events of one page ({@code /events} answer, a JSON array); returns the last position, or -1 if empty. */
    public static long appendPage(byte[] page, Writer out) throws IOException {
        long last = -1;
        for (JsonNode event : EventJson.MAPPER.readTree(page)) {
            out.write(EventJson.MAPPER.writeValueAsString(event));
            out.write('\n');
            last = event.path("position").asLong(last);
        }
        return last;
    }
}
