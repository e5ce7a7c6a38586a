package dev.rewind.events.codec;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.OversizedInputException;
import dev.rewind.events.Require;

/** The one JSON mapping of the contract: ISO-8601 times, strict types, errors that name the field. */
public final class EventJson {
    /** Largest JSON document the contract accepts (a signal or an event's data). */
    public static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // 1.5 is no attempt, tier or phase: refused, not cut to 1
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // a number or a boolean where text is expected is a wrong type, named like any other, not quietly text
            .withCoercionConfig(com.fasterxml.jackson.databind.type.LogicalType.Textual, text -> text
                    .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                    .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                    .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail))
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_DOCUMENT_BYTES)
                .maxNestingDepth(64)
                .build());
    }

    /** The names of a record's primitive components, looked up once per class (reflection is slow). */
    private static final ClassValue<List<String>> PRIMITIVE_COMPONENTS = new ClassValue<>() {
        @Override
        protected List<String> computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            return components == null ? List.of() : Arrays.stream(components).filter(c -> c.getType().isPrimitive())
                    .map(RecordComponent::getName).toList();
        }
    };

    private EventJson() {
    }

    /** Parses a JSON object; anything else (an array, a scalar, broken JSON) is an {@link InvalidEventException}. */
    public static ObjectNode parseObject(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidEventException(null, "body is empty");
        }
        if (json.length > MAX_DOCUMENT_BYTES) {
            throw new OversizedInputException(null, "body is larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidEventException(null, "is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidEventException(null, "must be a JSON object");
        }
        requireWholeCharacters(object, "");
        return object;
    }

    /**
     * JSON's {@code \\uD800} escapes can spell half a character, which no UTF-8 text (nor PostgreSQL) can hold,
     * and which a re-encoding would silently replace: such a document is refused wherever the half stands.
     */
    private static void requireWholeCharacters(JsonNode node, String path) {
        if (node.isTextual()) {
            if (Require.loneSurrogateAt(node.textValue()) >= 0) {
                throw new InvalidEventException(path.isEmpty() ? null : path, "holds half a Unicode character (a lone surrogate)");
            }
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (Require.loneSurrogateAt(field.getKey()) >= 0) {
                    throw new InvalidEventException(path.isEmpty() ? null : path, "has a key with half a Unicode character");
                }
                requireWholeCharacters(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireWholeCharacters(node.get(i), path + "[" + i + "]");
            }
        }
    }

    /**
     * Binds a JSON object to a record. Primitive components must be present (Jackson would quietly
     * default them to zero); every other invariant is the record's own constructor's.
     */
    public static <T> T bind(ObjectNode object, Class<T> recordClass) {
        for (String primitive : PRIMITIVE_COMPONENTS.get(recordClass)) {
            if (!object.hasNonNull(primitive)) {
                throw new InvalidEventException(primitive, "is required");
            }
        }
        try {
            return MAPPER.treeToValue(object, recordClass);
        } catch (JsonProcessingException e) {
            throw translate(e);
        }
    }

    public static ObjectNode toObject(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    private static InvalidEventException translate(JsonProcessingException e) {
        Throwable cause = e.getCause();
        while (cause != null) {
            if (cause instanceof InvalidEventException invalid) {
                return invalid;
            }
            cause = cause.getCause();
        }
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        return new InvalidEventException(field, "has the wrong type or format: " + firstLine(e.getOriginalMessage()), e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
