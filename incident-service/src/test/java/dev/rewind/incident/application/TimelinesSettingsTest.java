package dev.rewind.incident.application;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimelinesSettingsTest {

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void keeping_no_timeline_stops_the_start_naming_the_setting(int keep) {
        assertThatThrownBy(() -> new Timelines(null, keep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rewind.timeline.kept-incidents must be at least 1, not " + keep);
    }
}
