package io.browserstate.playwright;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.browserstate.playwright");

    @Test
    @DisplayName("Guice is used only in the guice package")
    void guiceStaysInItsPackage() {
        noClasses().that().resideOutsideOfPackage("io.browserstate.playwright.guice..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..")
                .check(CLASSES);
    }

    @Test
    @DisplayName("no class reaches into another module's internal package")
    void noAccessToOtherModulesInternals() {
        noClasses().should().dependOnClassesThat(
                        com.tngtech.archunit.base.DescribedPredicate.describe("internal classes of other modules",
                                c -> c.getPackageName().contains(".internal") && !c.getPackageName().startsWith("io.browserstate.playwright")
                                        && c.getPackageName().startsWith("io.browserstate")))
                .check(CLASSES);
    }

    @Test
    @DisplayName("the public package does not expose the Guice modules' wiring")
    void publicPackageDoesNotDependOnGuicePackage() {
        noClasses().that().resideInAnyPackage("io.browserstate.playwright", "io.browserstate.playwright.internal")
                .should().dependOnClassesThat().resideInAPackage("io.browserstate.playwright.guice..")
                .check(CLASSES);
    }
}
