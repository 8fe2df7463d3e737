package io.browserstate.legacy;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LegacyArchitectureTest {

    private final JavaClasses main = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.browserstate.legacy");

    @Test
    @DisplayName("the legacy module needs the API and core's tree pipeline only: no engine internals, provider or adapter classes")
    void legacyWhenCompiledThenDependsOnTheApiAndTheTreePipelineOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.browserstate.core", "io.browserstate.core.internal..",
                "io.browserstate.fs..", "io.browserstate.redis..", "io.browserstate.playwright..", "io.browserstate.tck..").check(main);
    }

    @Test
    @DisplayName("public API signatures never expose internal types")
    void publicApiWhenCompiledThenExposesNoInternalType() {
        noMethods().that().arePublic().and().areDeclaredInClassesThat().resideInAPackage("io.browserstate.legacy")
                .should().haveRawReturnType(resideInAPackage("..internal.."))
                .orShould().haveRawParameterTypes(DescribedPredicate.anyElementThat(resideInAPackage("..internal..")))
                .check(main);
    }
}
