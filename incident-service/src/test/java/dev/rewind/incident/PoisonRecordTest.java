package dev.rewind.incident;

import java.util.List;

import dev.rewind.events.Topics;
import dev.rewind.testing.PoisonRecordContract;
import dev.rewind.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
class PoisonRecordTest extends PoisonRecordContract {
    @Override
    protected String service() {
        return "incident-service";
    }

    @Override
    protected List<String> consumedTopics() {
        return List.of(Topics.SIGNALS, Topics.INCIDENTS, Topics.AUTHORIZATIONS, Topics.PHASES, Topics.VERIFICATIONS, Topics.NOTIFICATIONS);
    }
}
