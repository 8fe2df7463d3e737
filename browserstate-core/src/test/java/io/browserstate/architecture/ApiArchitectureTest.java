package io.browserstate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The API depends on the JDK alone; core keeps its internals to itself and knows no provider. */
class ApiArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.browserstate");

    @Test
    void apiAndSpiDependOnTheJdkAndNullnessAnnotationsOnly() {
        // javax.crypto is the JDK's too: KeyProvider hands out SecretKeys
        classes().that().resideInAnyPackage("io.browserstate.api..", "io.browserstate.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.browserstate.api..", "io.browserstate.spi..", "java..",
                        "javax.crypto..", "org.jspecify.annotations..")
                .check(classes);
    }

    @Test
    void theTreePipelineAndTheMemoryProviderNeedTheApiAndTheJdkOnly() {
        // the tree pipeline logs (SLF4J, like the rest of the library); nothing else outside the JDK
        classes().that().resideInAPackage("io.browserstate.core.tree..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.browserstate.core.tree..", "io.browserstate.api..", "java..",
                        "org.jspecify.annotations..", "org.slf4j..")
                .check(classes);
        classes().that().resideInAPackage("io.browserstate.core.memory..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.browserstate.core.memory..", "io.browserstate.api..",
                        "io.browserstate.spi..", "java..", "org.jspecify.annotations..")
                .check(classes);
    }

    @Test
    void theEngineRoomsKnowNeitherTheManagerNorTheMount() {
        noClasses().that().haveSimpleNameStartingWith("Snapshot").or().haveSimpleName("ManifestStore").or().haveSimpleName("HeadPublisher")
                .or().haveSimpleName("GarbageCollector")
                .should().dependOnClassesThat().haveSimpleNameStartingWith("Default")
                .check(classes);
    }

    @Test
    void coreKnowsNoProvider() {
        noClasses().that().resideInAPackage("io.browserstate.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.browserstate.fs..", "io.browserstate.redis..", "io.browserstate.playwright..",
                        "com.google.inject..", "io.lettuce..", "com.microsoft.playwright..")
                .check(classes);
    }
}
