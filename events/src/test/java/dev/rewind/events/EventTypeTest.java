package dev.rewind.events;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypeTest {

    @Test
    void every_record_of_every_sealed_family_has_exactly_one_event_type() {
        Set<Class<?>> records = new HashSet<>();
        for (Class<?> family : RewindEvent.class.getPermittedSubclasses()) {
            records.addAll(Arrays.asList(family.getPermittedSubclasses()));
        }
        Set<Class<?>> typed = Arrays.stream(EventType.values()).map(EventType::recordClass).collect(Collectors.toSet());
        assertThat(typed).isEqualTo(records);
    }

    @Test
    void wire_names_are_prefixed_and_topics_belong_to_the_contract() {
        for (EventType type : EventType.values()) {
            assertThat(type.wireName()).isEqualTo("dev.rewind." + type.shortName());
            assertThat(Topics.INCIDENT_KEYED).contains(type.topic());
            assertThat(EventType.fromWireName(type.wireName())).contains(type);
        }
    }

    @Test
    void the_sample_set_covers_every_type() {
        assertThat(SampleEvents.all().stream().map(RewindEvent::type).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(EventType.values());
    }
}
