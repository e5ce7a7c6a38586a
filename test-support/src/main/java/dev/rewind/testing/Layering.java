package dev.rewind.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layering every service keeps, checked on its compiled main classes: the domain is pure, rest and messaging reach
 * persistence only through application, and no main class uses a test helper.
 */
public final class Layering {

    private Layering() {
    }

    /** A service's main classes, as compiled (tests and jars left out). */
    public static JavaClasses mainClassesOf(String basePackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(basePackage);
    }

    /** The domain holds the rules: it uses the JDK, the contract and itself, never a framework or another layer. */
    public static ArchRule domainIsPure(String basePackage) {
        return classes().that().resideInAPackage(basePackage + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.rewind.events..", basePackage + ".domain..")
                .allowEmptyShould(true)
                .because("the domain is a pure core, tested without containers");
    }

    /** Rest resources and messaging consumers go through application to reach persistence. */
    public static ArchRule adaptersReachPersistenceThroughApplication(String basePackage) {
        return noClasses().that().resideInAnyPackage(basePackage + ".rest..", basePackage + ".messaging..")
                .should().dependOnClassesThat().resideInAPackage(basePackage + ".persistence..")
                .allowEmptyShould(true)
                .because("persistence is reached through application, where transactions and rules live");
    }

    /** Test helpers stay in the tests. */
    public static ArchRule noTestHelperInMain(String basePackage) {
        return noClasses().that().resideInAPackage(basePackage + "..")
                .should().dependOnClassesThat(resideInAnyPackage("dev.rewind.testing..", "org.junit..", "org.assertj..",
                        "io.restassured..", "org.awaitility..").and(not(resideInAPackage(basePackage + ".."))))
                .because("main code must not need the tests to run");
    }

    /** Checks all three rules on a service's main classes. */
    public static void check(String basePackage) {
        JavaClasses classes = mainClassesOf(basePackage);
        domainIsPure(basePackage).check(classes);
        adaptersReachPersistenceThroughApplication(basePackage).check(classes);
        noTestHelperInMain(basePackage).check(classes);
    }
}
