package dev.rewind.notifier;

import java.util.List;

import dev.rewind.events.Topics;
import dev.rewind.testing.PoisonRecordContract;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(NotificationSinks.class)
class PoisonRecordTest extends PoisonRecordContract {
    @Override
    protected String service() {
        return "notifier-service";
    }

    @Override
    protected List<String> consumedTopics() {
        return List.of(Topics.INCIDENTS, Topics.AUTHORIZATIONS, Topics.PHASES, Topics.VERIFICATIONS);
    }
}
