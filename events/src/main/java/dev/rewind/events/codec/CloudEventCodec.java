package dev.rewind.events.codec;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rewind.events.EventType;
import dev.rewind.events.InvalidEventException;
import dev.rewind.events.Require;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Signal;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;

/**
 * The one mapping between the domain records and CloudEvents 1.0 on Kafka. Out: structured JSON mode.
 * In: structured mode, binary mode ({@code ce_*} headers) and, for signals, a bare JSON object.
 * Every decoding failure is an {@link InvalidEventException}; nothing half-built comes out.
 */
public final class CloudEventCodec {
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";
    public static final String DATA_CONTENT_TYPE = "application/json";
    public static final String CONTENT_TYPE_HEADER = "content-type";
    private static final String BINARY_SPECVERSION_HEADER = "ce_specversion";
    private static final List<String> ENVELOPE_FIELDS = List.of("eventId", "incidentId", "occurredAt");
    private static final JsonFormat FORMAT = new JsonFormat();
    /** Longest CloudEvent {@code id} or {@code source} accepted. */
    public static final int MAX_ID = 256;

    private final URI source;

    /** @param source the producing service, e.g. {@code /rewind/executor-service} */
    public CloudEventCodec(String source) {
        this.source = URI.create(source);
    }

    public CloudEvent toCloudEvent(RewindEvent event) {
        ObjectNode data = dataOf(event);
        return CloudEventBuilder.v1()
                .withId(event.eventId().toString())
                .withSource(source)
                .withType(event.type().wireName())
                .withTime(OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC))
                .withSubject(event.incidentId().toString())
                .withDataContentType(DATA_CONTENT_TYPE)
                .withData(EventJson.toBytes(data))
                .build();
    }

    /** The event as a structured-mode JSON document. */
    public byte[] encode(RewindEvent event) {
        return FORMAT.serialize(toCloudEvent(event));
    }

    /** A structured-mode record on the event's topic, keyed by its incident id. */
    public ProducerRecord<String, byte[]> toRecord(RewindEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CONTENT_TYPE_HEADER, STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(event.type().topic(), null, event.incidentId().toString(), encode(event), headers);
    }

    /** A signal as a structured-mode JSON document (what well-behaved publishers send). */
    public byte[] encodeSignal(Signal signal) {
        return FORMAT.serialize(CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(source)
                .withType(Signal.TYPE)
                .withTime(OffsetDateTime.ofInstant(signal.observedAt(), ZoneOffset.UTC))
                .withSubject(signal.deployment())
                .withDataContentType(DATA_CONTENT_TYPE)
                .withData(EventJson.toBytes(signal))
                .build());
    }

    public static DecodedEvent decodeStructured(byte[] json) {
        return fromCloudEvent(readStructured(json));
    }

    /** Decodes a Kafka record's value in structured or binary mode. */
    public static DecodedEvent decode(Headers headers, byte[] value) {
        return fromCloudEvent(readCloudEvent(headers, value, false));
    }

    /** Decodes a signal in any of its three accepted forms. */
    public static Signal decodeSignal(Headers headers, byte[] value) {
        return receiveSignal(headers, value).signal();
    }

    /**
     * Decodes a signal in any of its three accepted forms, with the CloudEvent's source and id when it came as
     * one. Strict: CloudEvents 1.0 only, with a non-empty id and source; every field of the JSON type the
     * contract gives it (no string read as a number); {@code observedAt} an RFC 3339 time with an offset.
     */
    public static ReceivedSignal receiveSignal(Headers headers, byte[] value) {
        CloudEvent cloudEvent = readCloudEvent(headers, value, true);
        if (cloudEvent == null) {
            return new ReceivedSignal(SignalJson.bind(EventJson.parseObject(value)), null, null);
        }
        if (!Signal.TYPE.equals(cloudEvent.getType())) {
            throw new InvalidEventException("type", "must be " + Signal.TYPE + " but is " + cloudEvent.getType());
        }
        Signal signal = SignalJson.bind(EventJson.parseObject(dataOf(cloudEvent)));
        return new ReceivedSignal(signal, cloudEvent.getSource().toString(), cloudEvent.getId());
    }

    public static DecodedEvent fromCloudEvent(CloudEvent cloudEvent) {
        EventType type = EventType.fromWireName(cloudEvent.getType())
                .orElseThrow(() -> new InvalidEventException("type", "is not a Rewind event type: " + cloudEvent.getType()));
        ObjectNode data = EventJson.parseObject(dataOf(cloudEvent));
        data.put("eventId", uuid(cloudEvent.getId(), "id").toString());
        data.put("incidentId", uuid(cloudEvent.getSubject(), "subject").toString());
        if (cloudEvent.getTime() == null) {
            throw new InvalidEventException("time", "is required");
        }
        data.put("occurredAt", cloudEvent.getTime().toInstant().toString());
        RewindEvent event = EventJson.bind(data, type.recordClass());
        return new DecodedEvent(event, cloudEvent.getSource().toString());
    }

    /** Rebuilds an event from what an event store keeps: the envelope fields and the data object. */
    public static RewindEvent fromStored(EventType type, UUID eventId, UUID incidentId, Instant occurredAt, ObjectNode data) {
        ObjectNode copy = data.deepCopy();
        copy.put("eventId", eventId.toString());
        copy.put("incidentId", incidentId.toString());
        copy.put("occurredAt", occurredAt.toString());
        return EventJson.bind(copy, type.recordClass());
    }

    /** The data object of an event, as stored beside its envelope. */
    public static ObjectNode dataOf(RewindEvent event) {
        ObjectNode data = EventJson.toObject(event);
        data.remove(ENVELOPE_FIELDS);
        return data;
    }

    private static CloudEvent readCloudEvent(Headers headers, byte[] value, boolean bareAllowed) {
        CloudEvent event = readAnyCloudEvent(headers, value, bareAllowed);
        return event == null ? null : checkEnvelope(event);
    }

    /** CloudEvents 1.0 exactly (the SDK also reads 0.3), and the attributes that identify an event filled in. */
    private static CloudEvent checkEnvelope(CloudEvent event) {
        if (event.getSpecVersion() != SpecVersion.V1) {
            throw new InvalidEventException("specversion", "must be 1.0 but is " + event.getSpecVersion());
        }
        Require.plain(Require.text(event.getId(), "id", MAX_ID), "id");
        String source = event.getSource() == null ? null : event.getSource().toString();
        Require.plain(Require.text(source, "source", MAX_ID), "source");
        return event;
    }

    private static CloudEvent readAnyCloudEvent(Headers headers, byte[] value, boolean bareAllowed) {
        String contentType = header(headers, CONTENT_TYPE_HEADER);
        boolean binary = headers != null && headers.lastHeader(BINARY_SPECVERSION_HEADER) != null;
        boolean structured = contentType != null && contentType.startsWith("application/cloudevents");
        if (binary && !structured) {
            try {
                return KafkaMessageFactory.createReader(headers, value).toEvent();
            } catch (RuntimeException e) {
                throw new InvalidEventException("ce_specversion", "binary-mode headers are not a valid CloudEvent: " + e.getMessage(), e);
            }
        }
        if (structured || EventJson.parseObject(value).has("specversion")) {
            return readStructured(value);
        }
        if (bareAllowed) {
            return null;
        }
        throw new InvalidEventException(null, "is neither a structured nor a binary CloudEvent");
    }

    private static CloudEvent readStructured(byte[] json) {
        EventJson.parseObject(json);
        try {
            return FORMAT.deserialize(json);
        } catch (RuntimeException e) {
            throw new InvalidEventException(null, "is not a valid structured CloudEvent: " + e.getMessage(), e);
        }
    }

    private static byte[] dataOf(CloudEvent cloudEvent) {
        CloudEventData data = cloudEvent.getData();
        if (data == null) {
            throw new InvalidEventException("data", "is required");
        }
        String contentType = cloudEvent.getDataContentType();
        if (contentType != null && !contentType.startsWith(DATA_CONTENT_TYPE)) {
            throw new InvalidEventException("datacontenttype", "must be " + DATA_CONTENT_TYPE + " but is " + contentType);
        }
        return data.toBytes();
    }

    private static UUID uuid(String value, String field) {
        if (value == null) {
            throw new InvalidEventException(field, "is required");
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(field, "must be a UUID", e);
        }
    }

    private static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
