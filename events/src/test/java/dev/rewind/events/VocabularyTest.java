package dev.rewind.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.PhaseEvent.StepFailed;
import dev.rewind.events.VerificationEvent.CheckCompleted;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.events.codec.EventJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runbook's vocabulary as the contract carries it: steps, outputs, roles, channels and check kinds. */
class VocabularyTest {
    private static final UUID INCIDENT = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void every_step_has_its_own_id_and_a_phase_of_the_runbook() {
        Set<String> ids = Arrays.stream(RunbookStep.values()).map(RunbookStep::id).collect(Collectors.toSet());

        assertThat(ids).hasSize(RunbookStep.values().length);
        assertThat(RunbookStep.values()).allSatisfy(step -> {
            assertThat(RunbookPhase.of(step.phase().number())).isEqualTo(step.phase());
            assertThat(step.section()).isNotBlank();
            assertThat(RunbookStep.of(step.id())).isEqualTo(step);
        });
    }

    @Test
    void an_earlier_attempt_names_its_step() {
        assertThat(RunbookStep.of("2.4~3")).isEqualTo(RunbookStep.VALIDATE);
        assertThat(RunbookStep.of(RunbookStep.RETRY.attempt(2))).isEqualTo(RunbookStep.RETRY);
        assertThat(RunbookStep.VALIDATE.names("2.4~3")).isTrue();
        assertThat(RunbookStep.VALIDATE.names("2.4S")).isFalse();
        assertThat(RunbookStep.isEarlierAttempt("2.4~3")).isTrue();
        assertThat(RunbookStep.isEarlierAttempt("2.4")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "9.9", "2.4~", "2.4~x", "2.4~1~2", "2.4~-1", "2.4~1234567890", " 2.4", "2.4 ", "retry ~1",
            "1.2\u0000", "../2.2", "2.44444444444444444444444444444444444444444444444444444444444444"})
    void a_step_the_runbook_does_not_have_is_refused_naming_the_field(String hostile) {
        assertThatThrownBy(() -> new StepCompleted(UUID.randomUUID(), INCIDENT, AT, 2, hostile, "a step", 1, Map.of()))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("step"));
        assertThatThrownBy(() -> new StepFailed(UUID.randomUUID(), INCIDENT, AT, 2, hostile, "a step", 1, "why"))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("step"));
    }

    @Test
    void a_step_of_an_unknown_id_on_the_wire_is_refused_naming_the_field() {
        ObjectNode data = CloudEventCodec.dataOf(new StepCompleted(UUID.randomUUID(), INCIDENT, AT, 2, "2.2", "Back up", 1, Map.of()));
        data.put("step", "7.7");

        assertThatThrownBy(() -> CloudEventCodec.fromStored(EventType.STEP_COMPLETED, UUID.randomUUID(), INCIDENT, AT, data))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("step"));
    }

    @Test
    void the_wire_carries_the_step_id_and_output_keys_as_before() {
        StepCompleted step = new StepCompleted(UUID.randomUUID(), INCIDENT, AT, 2, RunbookStep.ARCHIVE_BROKEN.id(), "Back up", 1,
                Map.of(StepOutput.ARCHIVE.key(), "/backups/broken.tar.gz", StepOutput.SHA256.key(), "ab"));

        ObjectNode data = CloudEventCodec.dataOf(step);

        assertThat(data.get("step").asText()).isEqualTo("2.2");
        assertThat(data.get("outputs").get("archive").asText()).isEqualTo("/backups/broken.tar.gz");
        assertThat(data.has("runbookStep")).isFalse();
        assertThat(step.runbookStep()).isEqualTo(RunbookStep.ARCHIVE_BROKEN);
        assertThat(step.output(StepOutput.SHA256)).isEqualTo("ab");
        assertThat(step.output(StepOutput.MANIFEST)).isNull();
    }

    @Test
    void a_check_recorded_before_kinds_were_carried_takes_its_kind_from_its_name() {
        CheckCompleted check = new CheckCompleted(UUID.randomUUID(), INCIDENT, AT, UUID.randomUUID(), VerificationStage.SMOKE,
                "Knowledge MCP answers: search_knowledge", CheckStatus.PASSED, null, null, null, 1, CheckKind.KNOWLEDGE_MCP);
        ObjectNode data = CloudEventCodec.dataOf(check);
        assertThat(data.get("kind").asText()).isEqualTo("KNOWLEDGE_MCP");
        data.remove("kind");

        RewindEvent legacy = CloudEventCodec.fromStored(EventType.CHECK_COMPLETED, check.eventId(), INCIDENT, AT, data);

        assertThat(legacy).isEqualTo(check);
    }

    @Test
    void a_check_without_a_kind_its_name_does_not_say_is_refused_naming_the_field() {
        assertThatThrownBy(() -> new CheckCompleted(UUID.randomUUID(), INCIDENT, AT, UUID.randomUUID(), VerificationStage.SMOKE,
                "something else", CheckStatus.PASSED, null, null, null, 1, null))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("kind"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"smtp", "mail", "SMS", "", "WEBHOOKS", "PAGER,MAIL"})
    void a_channel_the_contract_does_not_have_is_refused_naming_the_field(String hostile) {
        ObjectNode data = CloudEventCodec.dataOf(new NotificationEvent.NotificationDelivered(UUID.randomUUID(), INCIDENT, AT,
                UUID.randomUUID(), Channel.MAIL, "lead@example.com", "URGENT", 1));
        assertThat(data.get("channel").asText()).isEqualTo("MAIL");
        data.put("channel", hostile);

        assertThatThrownBy(() -> CloudEventCodec.fromStored(EventType.NOTIFICATION_DELIVERED, UUID.randomUUID(), INCIDENT, AT, data))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("channel"));
    }

    @Test
    void roles_carry_the_ids_tokens_carry() {
        assertThat(Arrays.stream(Role.values()).map(Role::id)).containsExactlyInAnyOrder("tech-lead", "infrastructure-lead",
                "senior-oncall", "product-manager", "qa-lead", "analyst", "signal-publisher");
        assertThat(Role.of("tech-lead")).contains(Role.TECH_LEAD);
        assertThat(Role.of("Tech-Lead")).isEmpty();
        assertThat(Role.ids(Role.LEADS)).containsExactly(Role.Ids.TECH_LEAD, Role.Ids.INFRASTRUCTURE_LEAD);
    }
}
