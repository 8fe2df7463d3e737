package io.browserstate.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    /**
     * This module's main classes. The test helper browserstate-redis-junit shares the package root and is
     * on the test class path, as a jar when built alone and as a class directory in a reactor build, so
     * its package is left out by location as well as jars.
     */
    private final JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .withImportOption(location -> !location.contains("/io/browserstate/redis/junit/"))
            .importPackages("io.browserstate.redis");

    @Test
    @DisplayName("the classes checked are this module's own: the test helper's package is not among them")
    void checkedClassesAreThisModulesOwn() {
        assertThat(main.contain(RedisStorageProviderFactory.class)).isTrue();
        assertThat(main.stream().map(JavaClass::getPackageName)).noneMatch(p -> p.startsWith("io.browserstate.redis.junit"));
    }

    @Test
    @DisplayName("the public package holds only the factory, the options and the doctor; everything else is internal")
    void onlyFactoryAndOptionsArePublicApi() {
        classes().that().resideInAPackage("io.browserstate.redis").and().arePublic()
                .should().haveFullyQualifiedName(RedisStorageProviderFactory.class.getName())
                .orShould().haveFullyQualifiedName(RedisStorageOptions.class.getName())
                .orShould().haveFullyQualifiedName(RedisStorageOptions.Builder.class.getName())
                .orShould().haveNameMatching(java.util.regex.Pattern.quote(RedisDoctor.class.getName()) + "(\\$.*)?")
                .check(main);
    }

    @Test
    @DisplayName("the provider depends on the API and Lettuce only: not on the engine, other providers or the test helpers")
    void providerDependsOnApiAndLettuceOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.browserstate.core..", "io.browserstate.fs..",
                "io.browserstate.redis.junit..", "io.browserstate.playwright..", "io.browserstate.legacy..").check(main);
    }
}
