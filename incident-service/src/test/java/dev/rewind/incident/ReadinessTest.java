package dev.rewind.incident;

import dev.rewind.testing.ReadinessContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(ReadinessContract.CutOffDependencies.class)
class ReadinessTest extends ReadinessContract {
}
