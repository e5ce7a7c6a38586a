package dev.rewind.incident.timeline;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rewind.incident.config.PolicyFile;
import dev.rewind.incident.domain.Policy;
import dev.rewind.incident.replay.WhatIf;

import static org.assertj.core.api.Assertions.assertThat;

class WhatIfTest {
    static final Policy BUILT_IN = PolicyFile.load(PolicyFile.BUILT_IN);

    @Test
    void the_same_policy_decides_the_same() {
        List<WhatIf.Outcome> outcomes = WhatIf.replay(IncidentStreams.tierOne(), BUILT_IN, BUILT_IN);
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.differs()).isFalse());
        assertThat(WhatIf.report(outcomes)).endsWith("1 decisions replayed, 0 would differ\n");
    }

    @Test
    void a_stricter_policy_reports_where_the_decision_would_have_differed() {
        Policy stricter = PolicyFile.parse("stricter.yaml", """
                defaults:
                  autoAuthorizeTier1: false
                  rules:
                    - { metric: workflow_failure_rate, tier: 1, when: "> 0.30", for: 5m }
                    - { metric: workflow_failure_rate, tier: 2, when: ">= 0.10" }
                """);
        List<WhatIf.Outcome> outcomes = WhatIf.replay(IncidentStreams.tierOne(), BUILT_IN, stricter);
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.differs()).isTrue();
            assertThat(o.actual()).isEqualTo("tier 1 by workflow_failure_rate > 0.2 for 5m (tier 1), authorized automatically");
            assertThat(o.alternative()).isEqualTo("tier 2 by workflow_failure_rate >= 0.1 (tier 2)");
        });
        assertThat(WhatIf.report(outcomes)).contains("DIFFERS").endsWith("1 decisions replayed, 1 would differ\n");
    }
}
