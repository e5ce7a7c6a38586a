package dev.rewind.events.codec;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.Signal;

/**
 * Reads a signal object strictly: each field of its JSON type (a string stays a string, {@code "0.5"} is no
 * number), {@code observedAt} an RFC 3339 date-time with {@code Z} or a numeric offset. The record's
 * constructor then checks names, lengths and characters.
 */
final class SignalJson {
    private static final List<String> TEXT_FIELDS = List.of("deployment", "version", "metric", "observedAt");
    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

    private SignalJson() {
    }

    static Signal bind(ObjectNode object) {
        for (String field : TEXT_FIELDS) {
            JsonNode node = object.get(field);
            if (node == null || node.isNull()) {
                throw new InvalidEventException(field, "is required");
            }
            if (!node.isTextual()) {
                throw new InvalidEventException(field, "must be a string, not " + node.getNodeType().name().toLowerCase());
            }
        }
        JsonNode value = object.get("value");
        if (value == null || value.isNull()) {
            throw new InvalidEventException("value", "is required");
        }
        if (!value.isNumber()) {
            throw new InvalidEventException("value", "must be a JSON number, not " + value.getNodeType().name().toLowerCase());
        }
        JsonNode detail = object.get("detail");
        if (detail != null && !detail.isNull() && !detail.isTextual()) {
            throw new InvalidEventException("detail", "must be a string");
        }
        String observedAt = object.get("observedAt").textValue();
        if (!RFC_3339.matcher(observedAt).matches()) {
            throw new InvalidEventException("observedAt", "must be an RFC 3339 time with an offset, such as 2026-11-25T10:00:00Z");
        }
        try {
            return new Signal(object.get("deployment").textValue(), object.get("version").textValue(),
                    object.get("metric").textValue(), value.doubleValue(), OffsetDateTime.parse(observedAt).toInstant(),
                    detail == null || detail.isNull() ? null : detail.textValue());
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("observedAt", "is not a valid date-time: " + e.getParsedString());
        }
    }
}
