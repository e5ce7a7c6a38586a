package dev.rewind.events.codec;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.events.EventType;
import dev.rewind.events.InvalidEventException;
import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.SampleEvents;
import dev.rewind.events.Topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventCodecTest {
    private final CloudEventCodec codec = new CloudEventCodec("/rewind/test");

    static Stream<RewindEvent> samples() {
        return SampleEvents.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void every_event_type_survives_a_structured_round_trip(RewindEvent event) {
        DecodedEvent decoded = CloudEventCodec.decodeStructured(codec.encode(event));

        assertThat(decoded.event()).isEqualTo(event);
        assertThat(decoded.source()).isEqualTo("/rewind/test");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void every_event_type_survives_the_event_store_round_trip(RewindEvent event) {
        RewindEvent rebuilt = CloudEventCodec.fromStored(event.type(), event.eventId(), event.incidentId(),
                event.occurredAt(), CloudEventCodec.dataOf(event));

        assertThat(rebuilt).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void records_are_structured_mode_on_their_topic_keyed_by_incident(RewindEvent event) throws Exception {
        ProducerRecord<String, byte[]> record = codec.toRecord(event);

        assertThat(record.topic()).isEqualTo(event.type().topic());
        assertThat(record.key()).isEqualTo(event.incidentId().toString());
        assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .isEqualTo("application/cloudevents+json");
        JsonNode json = EventJson.MAPPER.readTree(record.value());
        assertThat(json.get("specversion").asText()).isEqualTo("1.0");
        assertThat(json.get("id").asText()).isEqualTo(event.eventId().toString());
        assertThat(json.get("type").asText()).isEqualTo(event.type().wireName());
        assertThat(json.get("subject").asText()).isEqualTo(event.incidentId().toString());
        assertThat(json.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(json.get("time").asText()).endsWith("Z");
        assertThat(json.get("data").isObject()).isTrue();
        assertThat(json.get("data").has("eventId")).isFalse();
        assertThat(CloudEventCodec.decode(record.headers(), record.value()).event()).isEqualTo(event);
    }

    @Test
    void decodes_a_binary_mode_record_as_kcat_would_produce_it() {
        // kcat -P -t rewind.phases -k <incident> -H ce_specversion=1.0 -H ce_id=... -H content-type=application/json
        UUID id = UUID.randomUUID();
        UUID incident = UUID.randomUUID();
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(id.toString()));
        headers.add("ce_source", bytes("/ops/kcat"));
        headers.add("ce_type", bytes("dev.rewind.phase.started"));
        headers.add("ce_time", bytes("2026-11-25T10:00:00Z"));
        headers.add("ce_subject", bytes(incident.toString()));
        headers.add("content-type", bytes("application/json"));

        DecodedEvent decoded = CloudEventCodec.decode(headers, bytes("{\"phase\":1,\"name\":\"Preparation\"}"));

        assertThat(decoded.source()).isEqualTo("/ops/kcat");
        assertThat(decoded.event()).isInstanceOfSatisfying(PhaseStarted.class, started -> {
            assertThat(started.eventId()).isEqualTo(id);
            assertThat(started.incidentId()).isEqualTo(incident);
            assertThat(started.phase()).isEqualTo(1);
            assertThat(started.type()).isEqualTo(EventType.PHASE_STARTED);
        });
    }

    @Test
    void a_structured_event_without_content_type_header_is_still_recognized() {
        RewindEvent event = SampleEvents.all().get(0);
        assertThat(CloudEventCodec.decode(new RecordHeaders(), codec.encode(event)).event()).isEqualTo(event);
    }

    @Test
    void malformed_json_is_a_typed_error() {
        assertThatThrownBy(() -> CloudEventCodec.decode(new RecordHeaders(), bytes("{\"specversion\":")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void an_unknown_type_names_the_type_field() {
        String json = """
                {"specversion":"1.0","id":"%s","source":"/x","type":"dev.rewind.nope","subject":"%s",
                 "time":"2026-11-25T10:00:00Z","datacontenttype":"application/json","data":{}}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID());
        assertThatThrownBy(() -> CloudEventCodec.decodeStructured(bytes(json)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("type"));
    }

    @Test
    void a_missing_primitive_field_is_reported_not_defaulted_to_zero() {
        String json = """
                {"specversion":"1.0","id":"%s","source":"/x","type":"dev.rewind.phase.started","subject":"%s",
                 "time":"2026-11-25T10:00:00Z","datacontenttype":"application/json","data":{"name":"Preparation"}}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID());
        assertThatThrownBy(() -> CloudEventCodec.decodeStructured(bytes(json)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("phase"));
    }

    @Test
    void a_subject_that_is_not_an_incident_id_is_refused() {
        String json = """
                {"specversion":"1.0","id":"%s","source":"/x","type":"dev.rewind.phase.started","subject":"not-a-uuid",
                 "time":"2026-11-25T10:00:00Z","datacontenttype":"application/json","data":{"phase":1,"name":"P"}}"""
                .formatted(UUID.randomUUID());
        assertThatThrownBy(() -> CloudEventCodec.decodeStructured(bytes(json)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("subject"));
    }

    @Test
    void a_wrongly_typed_field_is_named() {
        String json = """
                {"specversion":"1.0","id":"%s","source":"/x","type":"dev.rewind.phase.started","subject":"%s",
                 "time":"2026-11-25T10:00:00Z","datacontenttype":"application/json","data":{"phase":"one","name":"P"}}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID());
        assertThatThrownBy(() -> CloudEventCodec.decodeStructured(bytes(json)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("phase"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "thresholdFactor | \"version\":\"2.0.1\",\"thresholdFactor\":0,\"windowFactor\":0.5,\"endsAt\":\"2026-11-26T10:00:00Z\"",
            "windowFactor | \"version\":\"2.0.1\",\"thresholdFactor\":0.5,\"windowFactor\":1.5,\"endsAt\":\"2026-11-26T10:00:00Z\"",
            "endsAt | \"version\":\"2.0.1\",\"thresholdFactor\":0.5,\"windowFactor\":0.5,\"endsAt\":\"2026-11-24T10:00:00Z\"",
            "version | \"version\":\"../../etc\",\"thresholdFactor\":0.5,\"windowFactor\":0.5,\"endsAt\":\"2026-11-26T10:00:00Z\""})
    void a_forged_heightened_period_names_the_field_at_fault(String field, String data) {
        String json = """
                {"specversion":"1.0","id":"%s","source":"/x","type":"dev.rewind.heightened-monitoring.started","subject":"%s",
                 "time":"2026-11-25T10:00:00Z","datacontenttype":"application/json","data":{"eventId":"%s","incidentId":"%s",
                 "occurredAt":"2026-11-25T10:00:00Z","deployment":"web",%s}}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), data);
        assertThatThrownBy(() -> CloudEventCodec.decodeStructured(bytes(json)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "attempt {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "-1", "11", "2147483648", "\"two\"", "1.5"})
    void an_attempt_number_out_of_range_is_refused_naming_it(String attempt) {
        String json = """
                {"specversion":"1.0","id":"%s","source":"/x","type":"dev.rewind.rollback.authorized","subject":"%s",
                 "time":"2026-11-25T10:00:00Z","datacontenttype":"application/json","data":{"eventId":"%s","incidentId":"%s",
                 "occurredAt":"2026-11-25T10:00:00Z","deployment":"web","fromVersion":"2.0.0","actor":"tess","attempt":%s}}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), attempt);
        assertThatThrownBy(() -> CloudEventCodec.decodeStructured(bytes(json)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("attempt"));
    }

    @Test
    void an_authorization_recorded_before_attempts_were_is_the_first_attempt() {
        String json = """
                {"specversion":"1.0","id":"%s","source":"/x","type":"dev.rewind.rollback.authorized","subject":"%s",
                 "time":"2026-11-25T10:00:00Z","datacontenttype":"application/json","data":{"eventId":"%s","incidentId":"%s",
                 "occurredAt":"2026-11-25T10:00:00Z","deployment":"web","fromVersion":"2.0.0","actor":"tess"}}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        assertThat(((dev.rewind.events.AuthorizationEvent.RollbackAuthorized) CloudEventCodec.decodeStructured(bytes(json)).event())
                .attempt()).isEqualTo(1);
    }

    @Test
    void a_breached_period_must_name_the_incidents_it_opened() {
        String json = """
                {"specversion":"1.0","id":"%s","source":"/x","type":"dev.rewind.heightened-monitoring.ended","subject":"%s",
                 "time":"2026-11-25T10:00:00Z","datacontenttype":"application/json","data":{"eventId":"%s","incidentId":"%s",
                 "occurredAt":"2026-11-25T10:00:00Z","deployment":"web","version":"2.0.1","startedAt":"2026-11-24T10:00:00Z",
                 "outcome":"BREACHED","incidentsOpened":[]}}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        assertThatThrownBy(() -> CloudEventCodec.decodeStructured(bytes(json)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("incidentsOpened"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "actor {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"7", "7.5", "true"})
    void a_number_or_a_boolean_where_text_belongs_is_a_wrong_type_named_not_quietly_text(String actor) {
        String json = """
                {"specversion":"1.0","id":"%s","source":"/x","type":"dev.rewind.rollback.authorized","subject":"%s",
                 "time":"2026-11-25T10:00:00Z","datacontenttype":"application/json","data":{"eventId":"%s","incidentId":"%s",
                 "occurredAt":"2026-11-25T10:00:00Z","deployment":"web","fromVersion":"2.0.0","actor":%s}}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), actor);
        assertThatThrownBy(() -> CloudEventCodec.decodeStructured(bytes(json)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("actor"));
    }

    @Test
    void the_topic_constants_match_the_contract() {
        assertThat(Topics.ALL).containsExactlyInAnyOrder("rewind.signals", "rewind.signals.dlq", "rewind.incidents",
                "rewind.authorizations", "rewind.phases", "rewind.verifications", "rewind.notifications",
                "rewind.incidents.dlq", "rewind.authorizations.dlq", "rewind.phases.dlq", "rewind.verifications.dlq",
                "rewind.notifications.dlq");
        assertThat(Topics.DEAD_LETTERS).allMatch(Topics.ALL::contains).hasSize(6);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
