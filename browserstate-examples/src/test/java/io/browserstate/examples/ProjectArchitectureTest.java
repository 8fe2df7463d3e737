package io.browserstate.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of STYLE.md across every module on this class path (this module depends on all
 * of them): internals stay private, providers know neither each other nor the engine, Guice stays in
 * the Playwright module's guice package.
 */
class ProjectArchitectureTest {
    private final JavaClasses all = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.browserstate");

    @Test
    void noModuleReachesIntoAnotherModulesInternals() {
        for (String module : List.of("core", "fs", "redis", "playwright", "legacy")) {
            noClasses().that().resideOutsideOfPackage("io.browserstate." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("io.browserstate." + module + ".internal..")
                    .check(all);
        }
    }

    @Test
    void providersKnowNeitherEachOtherNorTheEngine() {
        noClasses().that().resideInAPackage("io.browserstate.fs..")
                .should().dependOnClassesThat().resideInAnyPackage("io.browserstate.redis..", "io.browserstate.core..", "io.lettuce..")
                .check(all);
        noClasses().that().resideInAPackage("io.browserstate.redis..").and().resideOutsideOfPackage("io.browserstate.redis.junit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.browserstate.fs..", "io.browserstate.core..")
                .check(all);
    }

    @Test
    void guiceStaysInsideThePlaywrightModule() {
        noClasses().that().resideOutsideOfPackage("io.browserstate.playwright.guice..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..")
                .check(all);
    }
}
