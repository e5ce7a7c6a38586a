package dev.rewind.incident;

import org.junit.jupiter.api.Test;

import dev.rewind.testing.Layering;

/** The layering the build enforces on this service's main classes (see {@link Layering}). */
class LayeringTest {
    @Test
    void the_domain_is_pure_adapters_go_through_application_and_no_test_helper_is_used() {
        Layering.check("dev.rewind.incident");
    }
}
