package io.browserstate.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.browserstate.examples");

    @Test
    @DisplayName("the examples use only public APIs: no internal package of any module")
    void examplesUseNoInternalPackages() {
        noClasses().should().dependOnClassesThat(DescribedPredicate.describe("classes in an internal package of BrowserState",
                        c -> c.getPackageName().startsWith("io.browserstate.") && c.getPackageName().contains(".internal")))
                .check(CLASSES);
    }

    @Test
    @DisplayName("Guice stays inside browserstate-playwright")
    void examplesDoNotUseGuice() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.google.inject..")
                .check(CLASSES);
    }

    @Test
    @DisplayName("the custom provider example depends on the SPI only, not on the engine")
    void sqliteProviderDependsOnTheSpiOnly() {
        noClasses().that().resideInAPackage("io.browserstate.examples.sqlite..")
                .should().dependOnClassesThat().resideInAnyPackage("io.browserstate.core..", "io.browserstate.redis..",
                        "io.browserstate.playwright..")
                .check(CLASSES);
    }
}
