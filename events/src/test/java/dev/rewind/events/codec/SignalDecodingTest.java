package dev.rewind.events.codec;

import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.Signal;

import static dev.rewind.events.codec.CloudEventCodecTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignalDecodingTest {
    static final String BARE = """
            { "deployment": "ai-engineering-workflow", "version": "2.0.0",
              "metric": "workflow_failure_rate", "value": 0.23,
              "observedAt": "2026-11-25T10:00:00Z", "detail": "optional free text" }""";
    static final Signal EXPECTED = new Signal("ai-engineering-workflow", "2.0.0", "workflow_failure_rate", 0.23,
            Instant.parse("2026-11-25T10:00:00Z"), "optional free text");

    @Test
    void a_bare_signal_object_is_accepted() {
        assertThat(CloudEventCodec.decodeSignal(new RecordHeaders(), bytes(BARE))).isEqualTo(EXPECTED);
    }

    @Test
    void a_structured_signal_round_trips() {
        byte[] structured = new CloudEventCodec("/monitoring").encodeSignal(EXPECTED);
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", bytes("application/cloudevents+json"));

        assertThat(CloudEventCodec.decodeSignal(headers, structured)).isEqualTo(EXPECTED);
    }

    @Test
    void a_binary_signal_is_accepted() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(UUID.randomUUID().toString()));
        headers.add("ce_source", bytes("/monitoring/prometheus"));
        headers.add("ce_type", bytes(Signal.TYPE));
        headers.add("content-type", bytes("application/json"));

        assertThat(CloudEventCodec.decodeSignal(headers, bytes(BARE))).isEqualTo(EXPECTED);
    }

    @Test
    void a_cloud_event_of_another_type_is_not_a_signal() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes("1"));
        headers.add("ce_source", bytes("/x"));
        headers.add("ce_type", bytes("com.example.other"));

        assertThatThrownBy(() -> CloudEventCodec.decodeSignal(headers, bytes(BARE)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("type"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing value      | {\"deployment\":\"d\",\"version\":\"1\",\"metric\":\"m\",\"observedAt\":\"2026-11-25T10:00:00Z\"} | value",
            "missing deployment | {\"version\":\"1\",\"metric\":\"m\",\"value\":1,\"observedAt\":\"2026-11-25T10:00:00Z\"} | deployment",
            "NaN as string      | {\"deployment\":\"d\",\"version\":\"1\",\"metric\":\"m\",\"value\":\"NaN\",\"observedAt\":\"2026-11-25T10:00:00Z\"} | value",
            "overflow           | {\"deployment\":\"d\",\"version\":\"1\",\"metric\":\"m\",\"value\":1e400,\"observedAt\":\"2026-11-25T10:00:00Z\"} | value",
            "wrong type         | {\"deployment\":\"d\",\"version\":\"1\",\"metric\":\"m\",\"value\":true,\"observedAt\":\"2026-11-25T10:00:00Z\"} | value",
            "bad time           | {\"deployment\":\"d\",\"version\":\"1\",\"metric\":\"m\",\"value\":1,\"observedAt\":\"yesterday\"} | observedAt",
            "blank metric       | {\"deployment\":\"d\",\"version\":\"1\",\"metric\":\" \",\"value\":1,\"observedAt\":\"2026-11-25T10:00:00Z\"} | metric",
    })
    void invalid_signals_name_the_field(String name, String json, String field) {
        assertThatThrownBy(() -> CloudEventCodec.decodeSignal(new RecordHeaders(), bytes(json)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void an_oversized_field_is_refused_by_name() {
        String json = BARE.replace("optional free text", "x".repeat(5000));
        assertThatThrownBy(() -> CloudEventCodec.decodeSignal(new RecordHeaders(), bytes(json)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("detail"));
    }

    @Test
    void a_one_megabyte_body_is_refused_before_parsing() {
        String json = BARE.replace("optional free text", "x".repeat(1024 * 1024));
        assertThatThrownBy(() -> CloudEventCodec.decodeSignal(new RecordHeaders(), bytes(json)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("larger than");
    }

    @Test
    void non_objects_and_garbage_are_refused() {
        for (String body : new String[] {"[]", "42", "not json", "", "{\"deployment\":\"d\"} trailing"}) {
            assertThatThrownBy(() -> CloudEventCodec.decodeSignal(new RecordHeaders(), bytes(body)))
                    .as(body).isInstanceOf(InvalidEventException.class);
        }
    }
}
