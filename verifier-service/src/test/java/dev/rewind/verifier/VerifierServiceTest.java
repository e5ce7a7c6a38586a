package dev.rewind.verifier;

import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.ServiceContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
class VerifierServiceTest extends ServiceContract {
}
