package dev.rewind.notifier;

import dev.rewind.testing.ServiceContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(NotificationSinks.class)
class NotifierServiceTest extends ServiceContract {
}
