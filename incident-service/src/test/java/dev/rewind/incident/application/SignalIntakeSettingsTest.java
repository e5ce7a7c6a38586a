package dev.rewind.incident.application;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignalIntakeSettingsTest {

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 999})
    void fewer_windowed_deployments_than_a_poll_can_name_stop_the_start_naming_the_setting(int deployments) {
        assertThatThrownBy(() -> new SignalIntake(null, null, null, null, null, Duration.ofHours(1), Duration.ofMinutes(5), deployments))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rewind.signals.windows.max-deployments must be at least 1000")
                .hasMessageContaining("not " + deployments);
    }
}
