package io.browserstate.fs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The filesystem provider is written against the API alone, like any third-party provider. */
class FsArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.browserstate");

    @Test
    void fsProviderDependsOnTheApiAndJdkOnly() {
        classes().that().resideInAPackage("io.browserstate.fs..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.browserstate.fs..", "io.browserstate.api..", "io.browserstate.spi..", "java..",
                        "org.jspecify.annotations..")
                .check(classes);
    }

    @Test
    void nobodyOutsideAModuleUsesItsInternals() {
        noClasses().that().resideOutsideOfPackage("io.browserstate.fs..")
                .should().dependOnClassesThat().resideInAPackage("io.browserstate.fs.internal..").check(classes);
        noClasses().that().resideOutsideOfPackage("io.browserstate.core..")
                .should().dependOnClassesThat().resideInAPackage("io.browserstate.core.internal..").check(classes);
    }
}
