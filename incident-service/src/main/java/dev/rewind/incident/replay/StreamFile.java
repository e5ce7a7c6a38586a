package dev.rewind.incident.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
                    ObjectNode json = EventJson.parseObject(line.getBytes(StandardCharsets.UTF_8));
                    json.remove("position");
                    events.add(CloudEventCodec.decodeStructured(EventJson.toBytes(json)).event());
                } catch (InvalidEventException e) {
                    throw new IOException(file + ":" + number + ": " + e.getMessage(), e);
                }
            }
        }
        return events;
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
