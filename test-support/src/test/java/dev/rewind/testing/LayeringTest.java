package dev.rewind.testing;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;

import static org.assertj.core.api.Assertions.assertThat;

/** Each layering rule refuses what it must on a fixture package that breaks it once, and nothing else. */
class LayeringTest {
    private static final String FIXTURE = "dev.rewind.testing.fixture";
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void a_domain_class_using_a_framework_is_refused_and_a_pure_one_is_not() {
        EvaluationResult result = Layering.domainIsPure(FIXTURE).evaluate(CLASSES);

        assertThat(result.getFailureReport().getDetails()).isNotEmpty()
                .allMatch(line -> line.contains("ImpureRule"));
    }

    @Test
    void a_resource_reaching_persistence_is_refused_and_one_going_through_application_is_not() {
        EvaluationResult result = Layering.adaptersReachPersistenceThroughApplication(FIXTURE).evaluate(CLASSES);

        assertThat(result.getFailureReport().getDetails()).isNotEmpty()
                .allMatch(line -> line.contains("LeakyResource"));
    }

    @Test
    void a_main_class_using_a_test_library_is_refused() {
        EvaluationResult result = Layering.noTestHelperInMain(FIXTURE).evaluate(CLASSES);

        assertThat(result.getFailureReport().getDetails()).isNotEmpty()
                .allMatch(line -> line.contains("UsesAssertJ"));
    }
}
